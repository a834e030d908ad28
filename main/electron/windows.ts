import { app, BrowserWindow, type BrowserWindowConstructorOptions } from 'electron';
import type { Logger } from '../logging/logger.js';
import { RING_WINDOW_WIDTH } from './ringPlacement.js';
import { secureWebPreferences, type WindowTuning } from './webPreferences.js';

/** The main window; `hidden` leaves it out of sight (started at login with --hidden) until asked for. */
export function createMainWindow(preload: string, { hidden }: { hidden: boolean }): BrowserWindow {
  const window = createAppWindow(
    { width: 440, height: 680, minWidth: 360, minHeight: 520, title: 'Softphone', show: false, autoHideMenuBar: true },
    preload,
    // This window owns the calls' media: it must prepare and answer calls while hidden or minimised.
    { backgroundThrottling: false },
  );
  if (!hidden) window.once('ready-to-show', () => window.show());
  return window;
}

/**
 * The ring window: small, frameless, above other windows (full-screen ones too), out of the taskbar. It
 * is shown without taking focus (`showInactive`) so a ring never steals what the person is typing.
 */
export function createRingWindow(preload: string): BrowserWindow {
  const window = createAppWindow(
    {
      width: RING_WINDOW_WIDTH,
      height: 360,
      title: 'Incoming call',
      show: false,
      frame: false,
      resizable: false,
      movable: true,
      minimizable: false,
      maximizable: false,
      fullscreenable: false,
      skipTaskbar: true,
      alwaysOnTop: true,
    },
    preload,
  );
  window.setAlwaysOnTop(true, 'screen-saver');
  window.setVisibleOnAllWorkspaces(true, { visibleOnFullScreen: true });
  return window;
}

/**
 * The main window's page holds every call's media: if its renderer dies, the page comes back at once, so
 * calls can be answered again (the core, in this process, never stopped).
 */
export function reloadWhenRendererGone(window: BrowserWindow, logger: Logger): void {
  window.webContents.on('render-process-gone', (_event, details) => {
    logger.warn(`The main window's page stopped (${details.reason}); loading it again`);
    if (!window.isDestroyed() && details.reason !== 'clean-exit') window.reload();
  });
}

/** Restores, shows and focuses a window (from the tray, a notification, a link, a second start). */
export function bringToFront(window: BrowserWindow): void {
  if (window.isDestroyed()) return;
  if (window.isMinimized()) window.restore();
  window.show();
  window.focus();
}

/**
 * The one place the app makes windows, always with the secure web preferences. Electronegativity cannot
 * follow secureWebPreferences() and reports contextIsolation, sandbox and the Auxclick feature as missing
 * on this line; test/unit/electronSecurity.test.ts proves their values and that every window gets them.
 */
function createAppWindow(options: Omit<BrowserWindowConstructorOptions, 'webPreferences'>, preload: string, tuning?: WindowTuning): BrowserWindow {
  return new BrowserWindow({ ...options, webPreferences: secureWebPreferences(preload, tuning, !app.isPackaged) }); // eng-disable CONTEXT_ISOLATION_JS_CHECK SANDBOX_JS_CHECK AUXCLICK_JS_CHECK
}
