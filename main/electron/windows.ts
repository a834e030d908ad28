import { BrowserWindow, shell, type WebPreferences } from 'electron';
import { APP_ORIGIN } from './appProtocol.js';

/** The settings every window of the app gets: the Electron security checklist, item by item. */
export function secureWebPreferences(preload: string): WebPreferences {
  return {
    preload,
    contextIsolation: true,
    sandbox: true,
    nodeIntegration: false,
    nodeIntegrationInWorker: false,
    nodeIntegrationInSubFrames: false,
    webSecurity: true,
    allowRunningInsecureContent: false,
    experimentalFeatures: false,
    webviewTag: false,
    navigateOnDragDrop: false,
    spellcheck: false,
  };
}

export function createMainWindow(preload: string): BrowserWindow {
  const window = new BrowserWindow({
    width: 440,
    height: 680,
    minWidth: 360,
    minHeight: 520,
    title: 'Softphone',
    show: false,
    autoHideMenuBar: true,
    webPreferences: secureWebPreferences(preload),
  });
  lockNavigation(window);
  window.once('ready-to-show', () => window.show());
  return window;
}

/** No navigation away from the app's pages and no new windows; https links open in the browser. */
function lockNavigation(window: BrowserWindow): void {
  window.webContents.on('will-navigate', (event, url) => {
    if (!url.startsWith(`${APP_ORIGIN}/`)) event.preventDefault();
  });
  window.webContents.setWindowOpenHandler(({ url }) => {
    if (url.startsWith('https://')) void shell.openExternal(url);
    return { action: 'deny' };
  });
}
