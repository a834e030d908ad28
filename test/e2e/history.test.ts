// The lasting history in Chromium: calls that ended are in Recent, and still there for a new core on the
// same data folder (the app restarted); Recent's search field finds them by name or number, and Settings'
// Clear history, once confirmed, empties it.
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { TestCallPeer } from '../../main/local/testCallPeer.js';
import { launchChromium, openApp, type AppPage } from '../harness/browser.js';
import { startHarness, type Harness } from '../harness/server.js';
import { ARTIFACTS } from '../harness/session.js';

const ADA = { name: 'Ada Lovelace', uri: 'sip:ada@contoso.com' };
const GRACE = { name: 'Grace Hopper', uri: 'tel:+442079460000' };

let browser: Browser;
let folder: string;
beforeAll(async () => {
  mkdirSync(ARTIFACTS, { recursive: true });
  folder = mkdtempSync(join(tmpdir(), 'softphone-history-e2e-'));
  browser = await launchChromium();
});
afterAll(async () => {
  await browser?.close();
  rmSync(folder, { recursive: true, force: true });
});

/** The app on a core whose history is in the test's data folder. */
async function startApp(): Promise<{ harness: Harness; app: AppPage; close: () => Promise<void> }> {
  const harness = await startHarness({ historyFile: join(folder, 'history.sqlite') });
  const app = await openApp(browser, harness);
  await app.page.getByText('Available').waitFor();
  return {
    harness,
    app,
    close: async () => {
      await app.page.context().close();
      await harness.close();
    },
  };
}

/** `from` calls and gives up while it rings: a missed call. */
async function missedCall(harness: Harness, app: AppPage, from: { name: string; uri: string }): Promise<void> {
  const caller = await TestCallPeer.call(harness.core.localService!, { video: false, from });
  try {
    await app.page.getByRole('alertdialog').getByRole('button', { name: 'Accept', exact: true }).waitFor();
    caller.cancel();
    await app.page.getByRole('list', { name: 'Recent calls' }).getByText(`Missed call from ${from.name}`).waitFor();
  } finally {
    await caller.close();
  }
}

describe('the lasting history', () => {
  it('an ended call is in Recent, survives a new core on the same folder, is found by name or number, and Clear history empties it', async () => {
    const first = await startApp();
    await missedCall(first.harness, first.app, ADA);
    await missedCall(first.harness, first.app, GRACE);
    await first.close();

    const { harness, app, close } = await startApp();
    try {
      const { page } = app;
      const recent = page.getByRole('list', { name: 'Recent calls' });
      await recent.getByText('Missed call from Grace Hopper').waitFor();
      expect(await recent.getByRole('listitem').allInnerTexts()).toEqual([
        expect.stringContaining('Missed call from Grace Hopper'),
        expect.stringContaining('Missed call from Ada Lovelace'),
      ]);
      // Called back from the restored entry as from any other.
      await recent.getByRole('button', { name: 'Call back Ada Lovelace', exact: true }).waitFor();

      const search = page.getByRole('searchbox', { name: 'Search history by name or number' });
      await search.fill('lovelace');
      await recent.getByRole('listitem').filter({ hasText: 'Missed call from Ada Lovelace' }).waitFor();
      await recent.getByText('Missed call from Grace Hopper').waitFor({ state: 'detached' });
      await search.fill('+44 20 7946');
      await recent.getByText('Missed call from Grace Hopper').waitFor();
      await recent.getByText('Missed call from Ada Lovelace').waitFor({ state: 'detached' });
      await page.locator('.recent-head').evaluate((head) => head.scrollIntoView({ block: 'start' })); // the screenshot shows Recent
      await page.screenshot({ path: new URL('history-search.png', ARTIFACTS).pathname });
      await search.fill('%');
      await page.getByText('Nothing in your history matches “%”.').waitFor();
      await search.press('Escape');
      await recent.getByText('Missed call from Ada Lovelace').waitFor();

      await page.getByRole('button', { name: 'Settings' }).click();
      await page.getByRole('button', { name: 'Clear history…' }).click();
      await page.getByRole('button', { name: 'Keep it' }).click();
      expect(harness.core.snapshot().history.recent).toHaveLength(2);
      await page.getByRole('button', { name: 'Clear history…' }).click();
      await page.getByRole('alert').getByText('Clear all your history? This cannot be undone.').waitFor();
      await page.getByRole('button', { name: 'Clear all' }).click();
      await page.getByRole('button', { name: 'Done' }).click();
      await page.getByText('No calls yet. Incoming calls ring here.').waitFor();
      expect(harness.core.snapshot().history.recent).toEqual([]);
      expect(app.cspViolations).toEqual([]);
    } finally {
      await close();
    }
    const again = await startApp();
    expect(again.harness.core.snapshot().history.recent).toEqual([]);
    await again.close();
  });
});
