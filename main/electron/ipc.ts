import { ipcMain, type BrowserWindow, type WebFrameMain } from 'electron';
import { IPC_CHANNELS } from '../../preload/shared/channels.js';
import type { CommandRouter } from '../ipc/router.js';
import { windowFeed } from '../ipc/windowSnapshots.js';
import type { Core } from '../core/core.js';

/**
 * Routes renderer commands through the validating router and pushes every snapshot to the app's windows,
 * each its own view of it (the ring window only what it shows). When the main window closes, the app is
 * leaving: the handler and the subscriptions go.
 */
export function connectIpc(router: CommandRouter, core: Core, main: BrowserWindow, ring: BrowserWindow): void {
  const ringContents = ring.webContents;
  ipcMain.handle(IPC_CHANNELS.command, (event, raw: unknown) =>
    router({ url: topFrameUrl(event.senderFrame), window: event.sender === ringContents ? 'ring' : 'main' }, raw),
  );
  const feeds = (['main', 'ring'] as const).map((role) => {
    const window = role === 'ring' ? ring : main;
    return core.subscribe(
      windowFeed(role, (snapshot) => !window.isDestroyed() && window.webContents.send(IPC_CHANNELS.snapshot, snapshot)),
      { first: role === 'ring' },
    );
  });
  main.on('closed', () => {
    for (const unsubscribe of feeds) unsubscribe();
    ipcMain.removeHandler(IPC_CHANNELS.command);
  });
}

/** Only a window's top frame speaks for the app: a subframe (the app has none) gets no URL, which the router refuses. */
function topFrameUrl(frame: WebFrameMain | null): string {
  return frame !== null && frame.parent === null ? frame.url : '';
}
