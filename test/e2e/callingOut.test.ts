// Calling out from Home in Chromium: the page offers with the camera and microphone, the local service's
// WebRTC callee answers with the tone and the test pattern, and each end hears the other's tone.
import alawmulaw from 'alawmulaw';
import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { PCMU_SAMPLE_RATE } from '../../main/local/media/pcmu.js';
import { seeTestSignal, waitFor } from '../harness/browser.js';
import { PAGE_TONE_HZ, pageHears, sendPageTone } from '../harness/pageAudio.js';
import { ARTIFACTS, useAppSession } from '../harness/session.js';
import { toneShare } from '../support/goertzel.js';

/** The tone the local service's callees send. */
const CALLEE_TONE_HZ = 440;

async function callFromHome(page: Page, address: string, button: 'Call' | 'Video'): Promise<void> {
  await page.getByLabel('Call someone').fill(address);
  await page.getByRole('button', { name: button, exact: true }).click();
}

describe('calling out, end to end', () => {
  const session = useAppSession();
  const service = () => session.harness.core.localService!;

  it('calls the WebRTC callee with video: calling, then the call view with the test pattern, the tones both ways, hold and resume, and hang up', async () => {
    const { page } = session.app;
    await callFromHome(page, 'answers@softphone.local', 'Video');
    const calling = page.getByRole('region', { name: 'Calling Ada Lovelace' });
    await calling.getByRole('heading', { name: 'Calling Ada Lovelace…' }).waitFor();
    expect(await calling.textContent()).toContain('answers@softphone.local');
    await calling.getByRole('status').getByText('Ringing').waitFor();
    await page.screenshot({ path: new URL('calling-out.png', ARTIFACTS).pathname });

    const call = page.getByRole('region', { name: 'Call with Ada Lovelace' });
    await call
      .getByRole('timer')
      .getByText(/^\d+:\d\d$/)
      .waitFor();
    await seeTestSignal(page);
    const callee = service().callPlacedTo('sip:answers@softphone.local')!;
    await waitFor('the camera and microphone at the callee', () => callee.media.received.audio > 25 && callee.media.received.video > 10);
    await waitFor('the app’s microphone on the page’s sender, replaced by a known tone', () => sendPageTone(page));
    await waitFor('the callee’s 440 Hz tone, decoded in the page', async () => {
      const { samples, sampleRate } = await pageHears(page);
      return toneShare(samples, sampleRate, CALLEE_TONE_HZ) > 0.5;
    });
    await waitFor(
      'the page’s 1 kHz tone, decoded at the callee',
      () => toneShare(alawmulaw.mulaw.decode(callee.media.heardPcmu()), PCMU_SAMPLE_RATE, PAGE_TONE_HZ) > 0.5,
    );
    await page.screenshot({ path: new URL('call-outgoing.png', ARTIFACTS).pathname });

    // Hold and resume as in any call: the callee sends nothing while held.
    await call.getByRole('button', { name: 'Hold' }).click();
    await page.getByRole('status').getByText('On hold').waitFor();
    await waitFor('the callee to stop sending', () => !callee.media.sending.audio && !callee.media.sending.video);
    await call.getByRole('button', { name: 'Resume' }).click();
    await call.getByRole('button', { name: 'Hold' }).waitFor();
    await waitFor('the callee to send again', () => callee.media.sending.audio && callee.media.sending.video);

    await call.getByRole('button', { name: 'Hang up' }).click();
    await page.getByRole('list', { name: 'Recent calls' }).getByText('You hung up.').waitFor();
    expect(callee.state).toBe('Failed');
    expect(session.app.cspViolations).toEqual([]);
  });

  it('rings back and cancels while it rings, and shows why a call failed', async () => {
    const { page } = session.app;
    await callFromHome(page, 'noanswer@softphone.local', 'Call');
    const calling = page.getByRole('region', { name: 'Calling Mary Jackson' });
    await calling.getByRole('status').getByText('Ringing').waitFor();
    // No early media from this callee: the page rings back itself.
    await waitFor('the ringback to play', () =>
      page.evaluate(() => [...document.querySelectorAll<HTMLAudioElement>('audio[data-ringback]')].some((audio) => !audio.paused)),
    );
    await calling.getByRole('button', { name: 'Cancel' }).click();
    const recent = page.getByRole('list', { name: 'Recent calls' });
    await recent.getByText('You cancelled it.').waitFor();
    await waitFor('the ringback to stop', () => page.evaluate(() => document.querySelectorAll('audio[data-ringback]').length === 0));

    await callFromHome(page, 'sip:busy@softphone.local', 'Call');
    await recent.getByText('The other person is busy.').waitFor();
    await callFromHome(page, 'declines@softphone.local', 'Call');
    await recent.getByText('The other person declined the call.').waitFor();
  });

  it('ends a call whose answer the page cannot take, saying why', async () => {
    const { page } = session.app;
    await callFromHome(page, 'unusable@softphone.local', 'Call');
    await page
      .getByRole('list', { name: 'Recent calls' })
      .getByText(/^The other side’s answer could not be used: .*fingerprint/)
      .waitFor();
    expect(service().callPlacedTo('sip:unusable@softphone.local')?.state).toBe('Failed');
  });

  it('refuses an address that is neither a SIP address nor a phone number, saying how to type one', async () => {
    const { page } = session.app;
    await callFromHome(page, '425 555 0100', 'Call');
    await page.getByRole('alert').getByText('Start the phone number with + and the country code, for example +1 425 555 0100.').waitFor();
    expect(await page.getByLabel('Call someone').inputValue()).toBe('425 555 0100');
  });
});

describe('calling out to a callee who sends early media', () => {
  // The callee answers when the test says so, not after a ring of its own.
  const session = useAppSession({ local: { calleeAnswerMs: 600_000 } });

  it('plays their early media while it rings, without the ringback, then connects on the same answer', async () => {
    const { page } = session.app;
    await callFromHome(page, 'earlymedia@softphone.local', 'Call');
    const calling = page.getByRole('region', { name: 'Calling Edith Clarke' });
    await calling.getByRole('status').getByText('Ringing, with their early media').waitFor();
    await waitFor('the callee’s 440 Hz tone, decoded in the page while it rings', async () => {
      const { samples, sampleRate } = await pageHears(page);
      return toneShare(samples, sampleRate, CALLEE_TONE_HZ) > 0.5;
    });
    expect(await page.evaluate(() => document.querySelectorAll('audio[data-ringback]').length)).toBe(0);

    const callee = session.harness.core.localService!.callPlacedTo('sip:earlymedia@softphone.local')!;
    callee.answer();
    const call = page.getByRole('region', { name: 'Call with Edith Clarke' });
    await call
      .getByRole('timer')
      .getByText(/^\d+:\d\d$/)
      .waitFor();
    await waitFor('the page’s microphone at the callee', () => callee.media.received.audio > 25);
    await call.getByRole('button', { name: 'Hang up' }).click();
    await page.getByRole('list', { name: 'Recent calls' }).getByText('You hung up.').waitFor();
    expect(session.app.cspViolations).toEqual([]);
  });
});

describe('calling out, the callees who never connect', () => {
  // The service gives up on an unanswered call after its ring timeout (about 30 s on a real server).
  const session = useAppSession({ local: { ringTimeoutMs: 1500 } });

  it('shows why a call was not answered, and why one could not reach the callee', async () => {
    const { page } = session.app;
    const recent = page.getByRole('list', { name: 'Recent calls' });
    await callFromHome(page, 'noanswer@softphone.local', 'Call');
    await recent.getByText('The other person did not answer in time.').waitFor();
    await callFromHome(page, 'unreachable@softphone.local', 'Call');
    await recent.getByText('The other side is temporarily unavailable.').waitFor();
    expect(session.app.cspViolations).toEqual([]);
  });
});
