import { BrowserWindow, shell, type WebPreferences } from 'electron';
import { APP_ORIGIN } from './appProtocol.js';
import { RING_WINDOW_WIDTH } from './ringPlacement.js';

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
    // This window owns the calls' media: it must prepare and answer calls while hidden or minimised.
    webPreferences: { ...secureWebPreferences(preload), backgroundThrottling: false },
  });
  lockNavigation(window);
  window.once('ready-to-show', () => window.show());
  return window;
}

/**
 * The ring window: small, frameless, above other windows (full-screen ones too), out of the taskbar. It
 * is shown without taking focus (`showInactive`) so a ring never steals what the person is typing.
 */
export function createRingWindow(preload: string): BrowserWindow {
  const window = new BrowserWindow({
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
    webPreferences: secureWebPreferences(preload),
  });
  window.setAlwaysOnTop(true, 'screen-saver');
  window.setVisibleOnAllWorkspaces(true, { visibleOnFullScreen: true });
  lockNavigation(window);
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
