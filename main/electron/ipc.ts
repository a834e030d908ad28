import { ipcMain, type BrowserWindow } from 'electron';
import { IPC_CHANNELS } from '../../preload/channels.js';
import type { CommandRouter } from '../ipc/router.js';
import type { Softphone } from '../softphone.js';

/**
 * Routes renderer commands through the validating router and pushes every snapshot to the app's windows.
 * When the main window closes, the app is leaving: the handler and the subscription go.
 */
export function connectIpc(router: CommandRouter, softphone: Softphone, main: BrowserWindow, others: BrowserWindow[]): void {
  ipcMain.handle(IPC_CHANNELS.command, (event, raw: unknown) => router({ url: event.senderFrame?.url ?? '' }, raw));
  const unsubscribe = softphone.subscribe((snapshot) => {
    for (const window of [main, ...others]) if (!window.isDestroyed()) window.webContents.send(IPC_CHANNELS.snapshot, snapshot);
  });
  main.on('closed', () => {
    unsubscribe();
    ipcMain.removeHandler(IPC_CHANNELS.command);
  });
}
