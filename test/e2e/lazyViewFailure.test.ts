import { describe, expect, it } from 'vitest';
import { openApp } from '../harness/browser.js';
import { useChromium } from '../harness/chromiumTest.js';
import { startHarness } from '../harness/server.js';

describe('a view whose chunk fails to load', () => {
  const chromium = useChromium();

  it('says so in its place, goes back, and loads on Try again; the idle preload says nothing', async () => {
    const harness = await startHarness();
    chromium.cleanup.push(() => harness.close());
    let refused = 0;
    let serving = false;
    const { page } = await openApp(chromium.browser, harness, 'light', (context) =>
      context.route(/\/assets\/Settings-[^/]*\.js/, (route) => (serving ? route.continue() : (refused++, route.fulfill({ status: 404 })))),
    );
    chromium.cleanup.push(() => page.context().close());
    await page.getByText('Available').waitFor();

    await page.getByRole('button', { name: 'Settings' }).click();
    const failed = page.getByRole('alert').filter({ hasText: 'Could not load Settings' });
    await failed.waitFor();
    expect(refused).toBeGreaterThan(0);
    // Only the view asked for says it failed: the idle preload's failure raised no banner of its own.
    expect(await page.getByRole('alert').count()).toBe(1);

    await page.getByRole('button', { name: 'Back' }).click();
    await page.getByRole('button', { name: 'Settings' }).click();
    await failed.waitFor();

    serving = true;
    await page.getByRole('button', { name: 'Try again' }).click();
    await page.getByRole('heading', { name: 'Settings' }).waitFor();
    expect(await failed.count()).toBe(0);
  });

  it('says so for any lazy view, here a conversation started from Home, with Cancel back to Home and Try again', async () => {
    const harness = await startHarness();
    chromium.cleanup.push(() => harness.close());
    let serving = false;
    const { page } = await openApp(chromium.browser, harness, 'light', (context) =>
      context.route(/\/assets\/Conversation-[^/]*\.js/, (route) => (serving ? route.continue() : route.fulfill({ status: 404 }))),
    );
    chromium.cleanup.push(() => page.context().close());
    await page.getByText('Available').waitFor();

    await page.getByLabel('Call someone').fill('chat@softphone.local');
    await page.getByRole('button', { name: 'Message', exact: true }).click();
    const failed = page.getByRole('alert').filter({ hasText: 'Could not load the conversation' });
    await failed.waitFor();
    await page.getByRole('button', { name: 'Cancel' }).click();
    await page.getByLabel('Call someone').fill('chat@softphone.local');
    expect(await failed.count()).toBe(0);

    await page.getByRole('button', { name: 'Message', exact: true }).click();
    await failed.waitFor();
    serving = true;
    await page.getByRole('button', { name: 'Try again' }).click();
    await page.getByRole('status').getByText('Write your first message to start the conversation.').waitFor();
    expect(await failed.count()).toBe(0);
  });
});
