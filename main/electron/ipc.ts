import { ipcMain, type BrowserWindow, type WebFrameMain } from 'electron';
import { IPC_CHANNELS } from '../../preload/shared/channels.js';
import type { CommandRouter } from '../ipc/router.js';
import type { Core } from '../core/core.js';

/**
 * Routes renderer commands through the validating router and pushes every snapshot to the app's windows.
 * When the main window closes, the app is leaving: the handler and the subscription go.
 */
export function connectIpc(router: CommandRouter, core: Core, main: BrowserWindow, others: BrowserWindow[]): void {
  ipcMain.handle(IPC_CHANNELS.command, (event, raw: unknown) => router({ url: topFrameUrl(event.senderFrame) }, raw));
  const unsubscribe = core.subscribe((snapshot) => {
    for (const window of [main, ...others]) if (!window.isDestroyed()) window.webContents.send(IPC_CHANNELS.snapshot, snapshot);
  });
  main.on('closed', () => {
    unsubscribe();
    ipcMain.removeHandler(IPC_CHANNELS.command);
  });
}

/** Only a window's top frame speaks for the app: a subframe (the app has none) gets no URL, which the router refuses. */
function topFrameUrl(frame: WebFrameMain | null): string {
  return frame !== null && frame.parent === null ? frame.url : '';
}
