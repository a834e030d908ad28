// A missed call's one-click Call back, in Chromium against a configured server (a local service behind a
// fault-injecting proxy): its first attempt is refused, the session ends and the person signs in again, so
// the card is mounted again for the same link request; it does not place the call by itself a second time,
// and its Call button places exactly one call, as the local service sees it.
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { IncomingMessage } from 'node:http';
import { describe, expect, it } from 'vitest';
import { openApp, waitFor } from '../harness/browser.js';
import { useChromium } from '../harness/chromiumTest.js';
import { startHarness } from '../harness/server.js';
import { MemoryCredentialStore } from '../support/credentials.js';
import { FaultProxy } from '../support/faultProxy.js';
import { startService } from '../support/localServer.js';

/** Ada's number in the local service's directory: she answers. */
const ADAS_NUMBER = 'tel:+14255550123';
const placesACall = (request: IncomingMessage) => request.method === 'POST' && /\/startAudio(Video)?$/.test(request.url ?? '');

describe('a missed call’s one-click Call back', () => {
  const chromium = useChromium();
  const { cleanup } = chromium;

  it('is placed once per link request: a card mounted again after a failed attempt places none by itself, its Call button one', async () => {
    const { service } = await startService();
    cleanup.push(() => service.stop());
    let callsSeen = 0;
    const proxy = new FaultProxy({
      service,
      schedule: [],
      matches: () => true,
      rewrite: (request, reply) => {
        if (placesACall(request)) callsSeen++;
        return reply;
      },
    });
    const rootUrl = await proxy.start();
    cleanup.push(() => proxy.stop());
    const harness = await startHarness({
      configured: {
        location: { rootUrl },
        method: 'password',
        discoveryCacheFile: join(mkdtempSync(join(tmpdir(), 'softphone-e2e-')), 'cache.json'),
        credentials: new MemoryCredentialStore(false),
      },
    });
    cleanup.push(() => harness.close());
    const { page, cspViolations } = await openApp(chromium.browser, harness);
    cleanup.push(() => page.context().close());
    const signIn = async () => {
      await page.getByLabel('Sign-in address').fill('you@softphone.local');
      await page.getByLabel('Password').fill(service.credentials.password);
      await page.getByRole('button', { name: 'Sign in' }).click();
      await page.getByText('Available').waitFor();
    };
    await signIn();

    // Call back on the notification: the server refuses the first attempt, which never reaches the service.
    proxy.inject('status500', placesACall);
    harness.core.requestFromLink({ kind: 'call', address: ADAS_NUMBER, callBack: true });
    const card = page.getByRole('region', { name: 'Call +14255550123?' });
    const callButton = card.getByRole('button', { name: 'Call', exact: true });
    /** The card waits for the person (its Call button armed), unless it placed the call by itself. */
    const armedUnlessPlaced = () =>
      waitFor('the card armed, or a call placed', async () => callsSeen > 0 || (await callButton.isEnabled({ timeout: 100 }).catch(() => false)));
    await waitFor('the refused attempt', () => proxy.count('status500') === 1);
    await page.getByRole('alert').waitFor();
    await armedUnlessPlaced();
    expect(callsSeen).toBe(0);

    // The session ends (410) and the person signs in again: the same request's card is mounted again.
    proxy.inject('applicationGone');
    await card.waitFor({ state: 'detached' });
    await signIn();
    // Mounted again, the card waits for the person as before: it places no call by itself.
    await armedUnlessPlaced();
    expect(callsSeen).toBe(0);
    expect(harness.core.snapshot().linkRequest).toMatchObject({ kind: 'call', callBack: true });

    await callButton.click();
    await card.waitFor({ state: 'detached' }); // answered once the call is placed
    await waitFor('the call at the service', () => callsSeen > 0);
    expect(harness.core.snapshot().calls.map((call) => call.direction)).toEqual(['Outgoing']);
    expect(callsSeen).toBe(1);
    expect(cspViolations).toEqual([]);
  });
});
