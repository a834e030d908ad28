// A window starts from the snapshot its page holds (main/browserHost/pageWithSnapshot.ts), not from one its
// socket brings: with every snapshot the host pushes withheld from the pages, the main window still shows
// Home signed in and answers a command, and a ring window opened while a call rings shows that call.
import type { BrowserContext } from 'playwright-core';
import { describe, it } from 'vitest';
import { TestCallPeer } from '../../main/local/testCallPeer.js';
import { openApp, waitFor } from '../harness/browser.js';
import { useChromium } from '../harness/chromiumTest.js';
import { startHarness } from '../harness/server.js';

const ADA = { name: 'Ada Lovelace', uri: 'sip:ada@contoso.com' };

/** The pages' sockets reach the host, which answers their commands, but none of the snapshots it pushes reaches them. */
const withholdPushedSnapshots = (context: BrowserContext) =>
  context.routeWebSocket(/\/softphone\?/, (page) => {
    const host = page.connectToServer();
    host.onMessage((message) => {
      if (!String(message).startsWith('{"snapshot":')) page.send(message);
    });
  });

describe('a window’s first snapshot', () => {
  const chromium = useChromium();

  it('comes in its page', async () => {
    const harness = await startHarness();
    chromium.cleanup.push(() => harness.close());
    const { page, cspViolations } = await openApp(chromium.browser, harness, 'light', withholdPushedSnapshots);
    chromium.cleanup.push(() => page.context().close());
    await page.getByText('No calls yet. Incoming calls ring here.').waitFor();
    await page.getByText('Available').waitFor();
    // Commands are answered over the socket, each reply with the snapshot as it is then.
    await page.getByRole('button', { name: 'Settings' }).click();
    await page.getByRole('button', { name: 'Done' }).waitFor();

    const peer = await TestCallPeer.call(harness.core.localService!, { video: false, from: ADA });
    chromium.cleanup.push(() => peer.close());
    await waitFor('the call to ring in the core', () => harness.core.snapshot().calls.some((call) => call.phase === 'ringing'));
    const ring = await page.context().newPage();
    await ring.goto(harness.pageUrl('#ring'));
    await ring.getByRole('alertdialog').getByRole('heading', { name: ADA.name }).waitFor();
    if (cspViolations.length > 0) throw new Error(`Content-Security-Policy violations: ${cspViolations.join('; ')}`);
  });
});
