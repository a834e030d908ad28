// Call forwarding and voicemail in Chromium: forwarding set in Settings reaches the local service, whose
// calls to the user then ring the number instead of the app, ring both, or go to voicemail when nobody
// answers; the line under the header says where calls go; Call voicemail on Home connects and plays the greeting tone.
import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { seriousViolations } from '../harness/accessibility.js';
import { waitFor } from '../harness/browser.js';
import { pageHears } from '../harness/pageAudio.js';
import { ARTIFACTS, useAppSession } from '../harness/session.js';
import { toneShare } from '../support/goertzel.js';

/** The tone the local service's callees send, the voicemail box's greeting among them. */
const GREETING_TONE_HZ = 440;
const VOICEMAIL = 'sip:you@softphone.local;opaque=app:voicemail';
const caller = { name: 'Grace Hopper', uri: 'sip:chat@softphone.local' };

async function openForwarding(page: Page) {
  await page.getByRole('button', { name: 'Settings' }).click();
  return page.getByRole('form', { name: 'Call forwarding' });
}

describe('call forwarding and voicemail, end to end', () => {
  // A second of ring delay lasts 20 ms, so the delays pass without slowing the test.
  const session = useAppSession({ local: { forwarding: { secondMs: 20 }, calleeAnswerMs: 0 } });
  const service = () => session.harness.core.localService!;
  const header = (page: Page) => page.locator('p.forwarding');

  it('forward immediately to a number, set in Settings: a call rings the number, not the app; turned off, calls ring here again', async () => {
    const { page } = session.app;
    await header(page).getByText('Calls ring here; unanswered ones go to voicemail after 20 s').waitFor();
    const form = await openForwarding(page);
    await form.getByLabel('Forward all calls (this app does not ring)').check();
    await form.getByLabel('Person or number').fill('+1 425 555 0123');
    await form.getByRole('button', { name: 'Save forwarding' }).click();
    await header(page).getByText('Calls forward to +1 425 555 0123').waitFor();
    await page.screenshot({ path: new URL('settings-forwarding.png', ARTIFACTS).pathname });
    expect(await seriousViolations(page)).toEqual([]);
    expect(service().forwarding.settings.state).toMatchObject({ activeSetting: 'ImmediateForward', immediate: { contact: 'tel:+14255550123' } });

    const forwarded = await session.call({ video: false, from: caller });
    expect(await forwarded.outcome).toMatchObject({ status: 'Failure', reason: { subcode: 'Forwarded' } });
    expect(service().forwarding.rung).toEqual([{ from: caller.uri, to: 'tel:+14255550123', rule: 'ImmediateForward' }]);

    await form.getByLabel('Ring only here').check();
    await form.getByRole('button', { name: 'Save forwarding' }).click();
    await header(page).getByText('Calls ring here; unanswered ones go to voicemail after 20 s').waitFor();
    const rings = await session.call({ video: false, from: caller });
    await page.getByRole('alertdialog').getByRole('heading', { name: caller.name }).waitFor();
    rings.cancel();
    // The app saw one call from Grace, the second: the forwarded one never reached it.
    await waitFor(
      'the cancelled call in Recent',
      () => session.harness.core.snapshot().history.recent.filter((entry) => entry.source === 'local').length === 1,
    );
    expect(session.harness.core.snapshot().calls).toEqual([]);
  });

  it('simultaneous ring to a number rings both: the app, and the number after the ring delay', async () => {
    const { page } = session.app;
    const form = await openForwarding(page);
    await form.getByLabel('Ring here and elsewhere too').check();
    await form.getByLabel('Person or number').fill('+1 425 555 0100');
    await form.getByRole('button', { name: 'Save forwarding' }).click();
    await header(page).getByText('Calls ring here and +1 425 555 0100; unanswered ones go to voicemail after 20 s').waitFor();

    const call = await session.call({ video: false, from: caller });
    await page.getByRole('alertdialog').getByRole('heading', { name: caller.name }).waitFor();
    await waitFor('the number rung too', () => service().forwarding.rung.length === 1);
    expect(service().forwarding.rung).toEqual([{ from: caller.uri, to: 'tel:+14255550100', rule: 'SimultaneousRing' }]);
    call.cancel();
  });

  it('an unanswered call goes to voicemail after the delay set in Settings: the app stops ringing and shows it missed', async () => {
    const { page } = session.app;
    await openForwarding(page);
    const unanswered = page.getByRole('form', { name: 'Unanswered calls' });
    await unanswered.getByLabel('After (seconds)').fill('5');
    await unanswered.getByRole('button', { name: 'Save unanswered calls' }).click();
    await header(page).getByText('Calls ring here; unanswered ones go to voicemail after 5 s').waitFor();

    const call = await session.call({ video: false, from: caller });
    expect(await call.outcome).toMatchObject({ status: 'Failure', reason: { subcode: 'Missed' } });
    expect(service().forwarding.rung).toEqual([{ from: caller.uri, to: VOICEMAIL, rule: 'Unanswered' }]);
    await page.getByRole('button', { name: 'Done' }).click();
    await page.getByRole('list', { name: 'Recent calls' }).getByText(`Missed call from ${caller.name}`).waitFor();
  });

  it('Call voicemail on Home connects to the voicemail box, and the page hears its greeting tone', async () => {
    const { page } = session.app;
    await page.getByRole('button', { name: 'Call voicemail' }).click();
    await page
      .getByRole('region', { name: /^Call with / })
      .getByRole('timer')
      .waitFor();
    const box = service().callPlacedTo(VOICEMAIL)!;
    expect(box.state).toBe('Connected');
    await waitFor('the greeting tone, decoded in the page', async () => {
      const { samples, sampleRate } = await pageHears(page);
      return toneShare(samples, sampleRate, GREETING_TONE_HZ) > 0.5;
    });
    await page.getByRole('button', { name: 'Hang up' }).click();
    expect(session.app.cspViolations).toEqual([]);
  });
});
