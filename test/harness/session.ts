// One Chromium per test file and a fresh harness and app page per test, torn down after each test with
// any test-call peers the test started. Call at the top of a describe block.
import { mkdirSync } from 'node:fs';
import type { Browser } from 'playwright-core';
import { afterAll, afterEach, beforeAll, beforeEach } from 'vitest';
import { TestCallPeer, type TestCallOptions } from '../../main/local/testCallPeer.js';
import { launchChromium, openApp, type AppPage } from './browser.js';
import type { LocalServiceOptions } from '../../main/local/service.js';
import type { LoadedPolicy } from '../../main/policy/load.js';
import { startHarness, type Harness } from './server.js';

export const ARTIFACTS = new URL('../artifacts/', import.meta.url);

export type AppSession = {
  readonly harness: Harness;
  readonly app: AppPage;
  /** Rings the signed-in user from a werift peer, closed after the test. */
  call(options: TestCallOptions): Promise<TestCallPeer>;
};

/** `local`: the embedded local service's scenario options (how its callees take calls). */
export type SessionOptions = { colorScheme?: 'light' | 'dark'; policy?: LoadedPolicy; local?: LocalServiceOptions };

export function useAppSession({ colorScheme = 'light', policy, local }: SessionOptions = {}): AppSession {
  let browser: Browser;
  let harness: Harness;
  let app: AppPage;
  const peers: TestCallPeer[] = [];

  beforeAll(async () => {
    mkdirSync(ARTIFACTS, { recursive: true });
    browser = await launchChromium();
  });
  afterAll(async () => browser?.close());

  beforeEach(async () => {
    harness = await startHarness({ ...(policy && { policy }), ...(local && { local }) });
    app = await openApp(browser, harness, colorScheme);
    await app.page.getByText('Available').waitFor();
  });

  afterEach(async () => {
    await Promise.all(peers.splice(0).map((peer) => peer.close()));
    await app.page.context().close();
    await harness.close();
  });

  return {
    get harness() {
      return harness;
    },
    get app() {
      return app;
    },
    async call(options) {
      const service = harness.core.localService;
      if (!service) throw new Error('the harness runs on the local service');
      const peer = await TestCallPeer.call(service, options);
      peers.push(peer);
      return peer;
    },
  };
}
