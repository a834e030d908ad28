// The web preferences every window gets: the Electron security checklist, item by item. Type imports
// only, so test/unit/electronSecurity.test.ts checks the values in Node and that every window uses them.
import type { WebPreferences } from 'electron';

/** What a window may tune on top of the secure settings: nothing that weakens them. */
export type WindowTuning = Pick<WebPreferences, 'backgroundThrottling'>;

/** `devTools` only for development builds: in a packaged app they would let anyone at the desk run code in the page. */
export function secureWebPreferences(preload: string, tuning: WindowTuning = {}, devTools = false): WebPreferences {
  return {
    ...tuning,
    preload,
    devTools,
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
    // A middle click would otherwise try to open a link in a new window (the window-open handler refuses it anyway).
    disableBlinkFeatures: 'Auxclick',
    spellcheck: false,
  };
}
