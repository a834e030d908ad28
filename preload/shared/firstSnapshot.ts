// A window's first snapshot in its page: the browser host writes it there (main/browserHost/host.ts) and
// the page's bridge reads it (preload/browserBridge.ts) as the answer to the app's first getSnapshot.
import type { AppSnapshot, WindowRole } from './contract.js';

export const FIRST_SNAPSHOT_ID = 'softphone-first-snapshot';

/** `window`: the window whose view it is, for a page loaded as the other window to leave it. */
export type FirstSnapshot = { window: WindowRole; snapshot: AppSnapshot };
