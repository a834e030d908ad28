import type { BrowserWindow } from 'electron';
import type { Core } from '../core/core.js';
import { MissedCallWatch } from './callActivity.js';

/** Flashes the main window's taskbar entry when a call is missed while the window is not focused, until it is. */
export function flashOnMissedCalls(core: Core, window: BrowserWindow): void {
  const watch = new MissedCallWatch(core.snapshot());
  core.subscribe((snapshot) => {
    if (watch.take(snapshot).length > 0 && !window.isDestroyed() && !window.isFocused()) window.flashFrame(true);
  });
  window.on('focus', () => window.flashFrame(false));
}
