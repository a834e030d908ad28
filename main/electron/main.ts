// The Electron adapter: app lifecycle and windows around the Node core (main/softphone.ts).
import { app, globalShortcut, net, session } from 'electron';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { createCommandRouter } from '../ipc/router.js';
import { Softphone } from '../softphone.js';
import { loadEndpointId } from '../ucwa/endpointId.js';
import { APP_ORIGIN, registerAppScheme, serveRenderer } from './appProtocol.js';
import { connectIpc } from './ipc.js';
import { restrictPermissions } from './permissions.js';
import { watchRings } from './ringing.js';
import { createMainWindow, createRingWindow } from './windows.js';

// Compiled to dist/node/main/electron/; the bundles sit in dist/renderer and dist/preload.
const RENDERER_DIR = fileURLToPath(new URL('../../../renderer', import.meta.url));
const PRELOAD = fileURLToPath(new URL('../../../preload/index.cjs', import.meta.url));

app.enableSandbox();
// The built-in test call's peer runs on this machine and offers loopback candidates only.
app.commandLine.appendSwitch('allow-loopback-in-peer-connection');
registerAppScheme();

if (!app.requestSingleInstanceLock()) {
  app.quit();
} else {
  void app.whenReady().then(start);
}

async function start(): Promise<void> {
  serveRenderer(RENDERER_DIR);
  restrictPermissions(session.defaultSession);

  const softphone = await Softphone.start({
    endpointId: loadEndpointId(app.getPath('userData')),
    settingsFile: join(app.getPath('userData'), 'settings.json'),
    userAgent: `Softphone/${app.getVersion()}`,
    fetch: (input, init) => net.fetch(input.toString(), init),
  });
  const window = createMainWindow(PRELOAD);
  const ringWindow = createRingWindow(PRELOAD);
  connectIpc(createCommandRouter(softphone, [APP_ORIGIN]), softphone, window, [ringWindow]);
  watchRings(softphone, window, ringWindow);
  app.on('second-instance', () => {
    if (window.isMinimized()) window.restore();
    window.focus();
  });
  app.on('window-all-closed', () => app.quit());
  app.on('before-quit', () => void softphone.stop());
  app.on('will-quit', () => globalShortcut.unregisterAll());
  window.on('closed', () => ringWindow.destroy());
  await Promise.all([window.loadURL(`${APP_ORIGIN}/index.html`), ringWindow.loadURL(`${APP_ORIGIN}/index.html#ring`)]);
}
