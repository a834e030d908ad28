// The browser host harness: the real main core in Node and the app's pages served by the product's own
// browser host (main/browserHost/), which carries the `window.softphone` contract over a WebSocket through
// the same command router as Electron IPC.
import { fileURLToPath } from 'node:url';
import { startBrowserHost, type BrowserHost } from '../../main/browserHost/host.js';
import type { LocalServiceOptions } from '../../main/local/service.js';
import type { LoadedPolicy } from '../../main/policy/load.js';
import { Core, type ConfiguredServer } from '../../main/core/core.js';
import type { RingContentReport } from '../../preload/shared/contract.js';

const RENDERER_DIR = fileURLToPath(new URL('../../dist/renderer/', import.meta.url));
const BRIDGE_FILE = fileURLToPath(new URL('../../dist/browser/softphone-bridge.js', import.meta.url));

export type Harness = {
  /** The address of a window's page, with the host's token: '#ring' for the ring window. */
  pageUrl(hash?: string): string;
  core: Core;
  /** Where the ring page's fitRingWindow goes, as in the Electron adapter; openRingWindow sets it. */
  fitRingWindow?: (report: RingContentReport) => void;
  close(): Promise<void>;
};

/** The core runs on its embedded local service unless a `configured` server is given; `historyFile`: where its history lasts. */
export type HarnessOptions = { local?: LocalServiceOptions; configured?: ConfiguredServer; policy?: LoadedPolicy; historyFile?: string };

export async function startHarness({ local = {}, configured, policy, historyFile }: HarnessOptions = {}): Promise<Harness> {
  const core = await Core.start({
    endpointId: '6f1c2a52-43a4-4d0e-9a39-5b0e4f1d2a77',
    userAgent: 'softphone-harness',
    local: { maxHoldSeconds: 5, ...local },
    ...(configured && { configured }),
    ...(policy && { policy }),
    ...(historyFile && { historyFile }),
  });
  const host: BrowserHost = await startBrowserHost({
    core,
    rendererDir: RENDERER_DIR,
    bridgeFile: BRIDGE_FILE,
    desktop: { fitRingWindow: (report) => harness.fitRingWindow?.(report) },
  });
  const harness: Harness = {
    pageUrl: (hash) => host.pageUrl(hash),
    core,
    close: async () => {
      await host.close();
      await core.stop();
    },
  };
  return harness;
}
