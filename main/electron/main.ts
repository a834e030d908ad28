// The Electron adapter: app lifecycle, windows and desktop integration around the Node core (main/core/).
import { app, dialog, globalShortcut, Menu, net, session, type BrowserWindow } from 'electron';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { encryptedFileStore } from '../credentials/encryptedFileStore.js';
import { createCommandRouter } from '../ipc/router.js';
import { openAppLog } from '../logging/appLog.js';
import { logCommands } from '../logging/commandLog.js';
import { logLevelFrom } from '../logging/logLevel.js';
import { callEndedLine } from '../logging/callEnds.js';
import { logSnapshotEvents } from '../logging/snapshotEvents.js';
import { loadMachinePolicy } from '../policy/machinePolicy.js';
import { configuredServer } from '../policy/server.js';
import { Core } from '../core/core.js';
import { loadEndpointId } from '../ucwa/endpointId.js';
import { APP_ORIGIN } from './appOrigin.js';
import { registerAppScheme, serveRenderer } from './appProtocol.js';
import { HIDDEN_FLAG, startsHidden } from './autostart.js';
import { hideOnClose } from './closeToTray.js';
import { exportDiagnostics } from './diagnosticsExport.js';
import { keepDisplayAwakeInCalls } from './displaySleep.js';
import { connectIpc } from './ipc.js';
import { osKeychain } from './keychain.js';
import { flashOnMissedCalls } from './missedCallFlash.js';
import { notifyMissedCalls } from './missedCallNotifications.js';
import { restrictPermissions } from './permissions.js';
import { createLinkOpener, registerLinkSchemes, type LinkOpener } from './protocolLinks.js';
import { watchRings } from './ringing.js';
import { followStartAtLogin } from './startAtLogin.js';
import { showTray } from './tray.js';
import { guardAllWebContents } from './webContentsGuard.js';
import { bringToFront, createMainWindow, createRingWindow, reloadWhenRendererGone } from './windows.js';
import { RING_WINDOW_HASH } from '../../preload/shared/windowAddress.js';

// Compiled to dist/node/main/electron/; the bundles sit in dist/renderer and dist/preload, and build:main
// copies build/icon.png to dist/node/icon.png.
const RENDERER_DIR = fileURLToPath(new URL('../../../renderer', import.meta.url));
const PRELOAD = fileURLToPath(new URL('../../../preload/index.cjs', import.meta.url));
const TRAY_ICON = fileURLToPath(new URL('../../icon.png', import.meta.url));

const { level, problem: logLevelProblem } = logLevelFrom(process.argv, process.env);
const appLog = openAppLog({ directory: app.getPath('logs'), level, console: !app.isPackaged });
const { logger } = appLog;
/** Set once created: a second start brings it forward. */
let mainWindow: BrowserWindow | undefined;
let stopping = false;

app.enableSandbox();
// The media bridge's leg to the renderer and the embedded service's test peers run on this machine and offer
// loopback candidates only. Calls from remote peers reach the renderer without loopback candidates, unless the
// embedded service is the server (main/core/loopbackCandidates.ts).
app.commandLine.appendSwitch('allow-loopback-in-peer-connection');
registerAppScheme();
guardAllWebContents(logger);

if (!app.requestSingleInstanceLock()) {
  app.quit();
} else {
  logger.info(`Softphone ${app.getVersion()} starting`, { electron: process.versions.electron, platform: process.platform, packaged: app.isPackaged });
  if (logLevelProblem) logger.warn(logLevelProblem);
  const links = createLinkOpener(logger);
  // macOS hands links over by open-url, possibly before the app is ready; elsewhere they come in argv.
  app.on('open-url', (event, url) => {
    event.preventDefault();
    links.open([url]);
  });
  app.on('second-instance', (_event, argv) => {
    links.open(argv);
    if (mainWindow && !argv.includes(HIDDEN_FLAG)) bringToFront(mainWindow);
  });
  links.open(process.argv);
  void app
    .whenReady()
    .then(() => start(links))
    .catch((error: unknown) => {
      // Without this, a failed start would leave a process with no window and no tray to quit it from.
      logger.error('The app could not start', error);
      dialog.showErrorBox('Softphone could not start', `${error instanceof Error ? error.message : String(error)}\n\nThe log (main.log) has the details.`);
      app.exit(1);
    });
}

async function start(links: LinkOpener): Promise<void> {
  // No default menu: its Reload would drop every call's media and its developer tools would open the page.
  Menu.setApplicationMenu(process.platform === 'darwin' ? Menu.buildFromTemplate([{ role: 'appMenu' }, { role: 'editMenu' }, { role: 'windowMenu' }]) : null);
  await serveRenderer(RENDERER_DIR);
  restrictPermissions(session.defaultSession);
  registerLinkSchemes(logger);

  const userData = app.getPath('userData');
  const policy = loadMachinePolicy();
  if (policy.problem) logger.warn(policy.problem);
  else if (policy.source) logger.info(`Admin policy from ${policy.source}`);
  // Without a server in the policy the app runs on its embedded local service.
  const configured = configuredServer(policy.policy, {
    discoveryCacheFile: join(userData, 'discovery.json'),
    credentials: encryptedFileStore(join(userData, 'sign-in.bin'), osKeychain()),
  });

  const core = await Core.start({
    endpointId: loadEndpointId(userData),
    settingsFile: join(userData, 'settings.json'),
    historyFile: join(userData, 'history.sqlite'),
    policy,
    ...(configured && { configured }),
    userAgent: `Softphone/${app.getVersion()}`,
    // Every HTTPS request of the core goes through Chromium's network stack (net.fetch): the OS certificate
    // store with corporate CAs, the system proxy and PAC, Windows sign-in (Negotiate). Node's https and tls
    // would bypass all of it, so nothing in main/ imports them (test/unit/electronSecurity.test.ts checks).
    fetch: (input, init) => net.fetch(input.toString(), init),
    onProblem: (error) => logger.warn('Server problem', error),
    onCallEnded: (call) => logger.info(callEndedLine(call)),
  });
  logSnapshotEvents(core, logger);

  const { settings } = core.snapshot();
  const openedAtLogin = process.platform === 'darwin' && app.getLoginItemSettings().wasOpenedAtLogin;
  const window = createMainWindow(PRELOAD, { hidden: startsHidden(process.argv, openedAtLogin, settings.startAtLogin) });
  mainWindow = window;
  const ringWindow = createRingWindow(PRELOAD);
  const showMainWindow = () => bringToFront(window);
  const rings = watchRings(core, window, ringWindow, logger);
  const router = createCommandRouter(core, [APP_ORIGIN], { fitRingWindow: (report) => rings.fitContent(report) });
  connectIpc(logCommands(router, logger), core, window, ringWindow);
  hideOnClose(window);
  reloadWhenRendererGone(window, logger);
  showTray(core, TRAY_ICON, {
    open: showMainWindow,
    setDoNotDisturb: (doNotDisturb) => {
      core.updateSettings({ doNotDisturb }).catch((error: unknown) => logger.warn('Do not disturb could not be changed', error));
    },
    setAvailability: (availability) => {
      Promise.resolve()
        .then(() => core.people.me.setAvailability(availability))
        .catch((error: unknown) => logger.warn('The status could not be changed', error));
    },
    setForwarding: (choice) => {
      Promise.resolve()
        .then(() => core.forwarding.set(choice))
        .catch((error: unknown) => logger.warn('Call forwarding could not be changed', error));
    },
    exportDiagnostics: () => void exportDiagnostics({ snapshot: () => core.snapshot(), readLogFiles: appLog.readLogFiles }, logger),
    quit: () => app.quit(),
  });
  keepDisplayAwakeInCalls(core);
  flashOnMissedCalls(core, window);
  notifyMissedCalls(core, showMainWindow);
  followStartAtLogin(core, logger);
  links.ready({ request: (request) => core.requestFromLink(request), showMainWindow });

  app.on('activate', showMainWindow);
  app.on('window-all-closed', () => app.quit());
  app.on('before-quit', (event) => {
    // Once: the server's application is deleted before the process goes (at most 3 s), not left to expire.
    if (stopping) return;
    stopping = true;
    event.preventDefault();
    void Promise.race([core.stop(), new Promise((resolve) => setTimeout(resolve, 3000))]).finally(() => app.quit());
  });
  app.on('will-quit', () => globalShortcut.unregisterAll());
  window.on('closed', () => ringWindow.destroy());
  await Promise.all([window.loadURL(`${APP_ORIGIN}/index.html`), ringWindow.loadURL(`${APP_ORIGIN}/index.html${RING_WINDOW_HASH}`)]);
}
