import { Menu, nativeImage, Tray, type NativeImage } from 'electron';
import type { AppSnapshot } from '../../preload/shared/contract.js';
import type { Core } from '../core/core.js';
import { withStatusDot } from './trayIcon.js';
import { trayIconSize, trayMenuTemplate, trayStatus, trayToolTip, type TrayActions, type TrayStatus } from './trayMenu.js';

/**
 * The tray icon: the status in its tooltip, menu and the icon's dot, kept up to date from the snapshots.
 * The subscription keeps the Tray referenced for the app's life (a collected Tray disappears from the tray).
 */
export function showTray(core: Core, iconPath: string, actions: TrayActions): void {
  const size = trayIconSize(process.platform);
  const plain = nativeImage.createFromPath(iconPath).resize({ width: size, height: size });
  const { width, height } = plain.getSize();
  const icons = new Map<TrayStatus['tone'], NativeImage>();
  const iconOf = (tone: TrayStatus['tone']) => {
    const icon = icons.get(tone) ?? nativeImage.createFromBitmap(Buffer.from(withStatusDot(plain.toBitmap(), width, height, tone)), { width, height });
    icons.set(tone, icon);
    return icon;
  };
  const tray = new Tray(plain);
  // On macOS a click opens the menu; elsewhere it opens the app, as people expect there.
  if (process.platform !== 'darwin') tray.on('click', () => actions.open());
  let shown = '';
  const show = (snapshot: AppSnapshot) => {
    const toolTip = trayToolTip(snapshot);
    const key = `${toolTip}|${snapshot.settings.doNotDisturb}`;
    // Rebuilt only when it changes: a menu replaced under the pointer closes on some Linux panels.
    if (key === shown) return;
    shown = key;
    tray.setImage(iconOf(trayStatus(snapshot).tone));
    tray.setToolTip(toolTip);
    tray.setContextMenu(Menu.buildFromTemplate(trayMenuTemplate(snapshot, actions)));
  };
  show(core.snapshot());
  core.subscribe(show);
}
