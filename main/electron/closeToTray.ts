import { app, type BrowserWindow } from 'electron';

/**
 * Closing the main window hides it: the app stays in the tray and keeps ringing. Quitting (the tray's
 * Quit, the app menu, the OS) really closes it: `before-quit` comes first and lets the close through.
 */
export function hideOnClose(window: BrowserWindow): void {
  let quitting = false;
  app.on('before-quit', () => {
    quitting = true;
  });
  // Windows ends the session (sign-out, shutdown) without before-quit; a refused close would hold it up.
  window.on('session-end', () => {
    quitting = true;
  });
  window.on('close', (event) => {
    if (quitting) return;
    event.preventDefault();
    window.hide();
  });
}
