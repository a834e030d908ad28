import type { BrowserWindow } from 'electron';
import type { Core } from '../core/core.js';
import { newMissedCalls } from './callActivity.js';

/** Flashes the main window's taskbar entry when a call is missed while the window is not focused, until it is. */
export function flashOnMissedCalls(core: Core, window: BrowserWindow): void {
  let seen = new Set(core.snapshot().recent.map((call) => call.id));
  core.subscribe((snapshot) => {
    if (newMissedCalls(seen, snapshot).length > 0 && !window.isDestroyed() && !window.isFocused()) window.flashFrame(true);
    seen = new Set(snapshot.recent.map((call) => call.id));
  });
  window.on('focus', () => window.flashFrame(false));
}
