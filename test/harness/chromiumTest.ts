// One Chromium per test file, for tests that start their own harness and service: each test pushes the
// steps that undo what it started, run in reverse after it.
import type { Browser } from 'playwright-core';
import { afterAll, afterEach, beforeAll } from 'vitest';
import { launchChromium } from './browser.js';

export type ChromiumTest = { readonly browser: Browser; cleanup: Array<() => Promise<void>> };

/** Call at the top of a describe block. */
export function useChromium(): ChromiumTest {
  let browser: Browser | undefined;
  const cleanup: Array<() => Promise<void>> = [];
  beforeAll(async () => {
    browser = await launchChromium();
  });
  afterAll(async () => browser?.close());
  afterEach(async () => {
    for (const step of cleanup.splice(0).reverse()) await step();
  });
  return {
    get browser() {
      if (!browser) throw new Error('Chromium is launched before the tests run');
      return browser;
    },
    cleanup,
  };
}
