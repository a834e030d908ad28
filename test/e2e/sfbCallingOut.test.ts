// Calling the Skype for Business user from Home in Chromium: the page's video call is refused for its
// dialect (the callee takes only SDES) and goes through again as an audio call through the media bridge,
// which offers in the SfB dialect and answers the page's own offer; the call view says it is audio only,
// and each end hears the other's tone, through this side's hold and resume.
import alawmulaw from 'alawmulaw';
import { describe, expect, it } from 'vitest';
import { PCMU_SAMPLE_RATE } from '../../main/local/media/pcmu.js';
import { SFB_CALLEE_TONE_HZ } from '../../main/local/sfbCallee.js';
import { pageInboundRtp, stalls, waitFor } from '../harness/browser.js';
import { PAGE_TONE_HZ, pageHears, sendPageTone } from '../harness/pageAudio.js';
import { useAppSession } from '../harness/session.js';
import { toneShare } from '../support/goertzel.js';

describe('calling the Skype for Business user, end to end', () => {
  const session = useAppSession();

  it('a video call goes through as audio only through the bridge, saying so, with the tones both ways through a hold', async () => {
    const { page } = session.app;
    await page.getByLabel('Call someone').fill('sfb@softphone.local');
    await page.getByRole('button', { name: 'Video', exact: true }).click();

    const call = page.getByRole('region', { name: 'Call with Annie Easley' });
    await call.getByText('Annie Easley can take audio only: this is an audio call.').waitFor();
    await call
      .getByRole('timer')
      .getByText(/^\d+:\d\d$/)
      .waitFor();
    const callee = session.harness.core.localService!.callPlacedTo('sip:sfb@softphone.local')!;
    expect(callee.media.offerSdp).toMatch(/^a=crypto:1 AES_CM_128_HMAC_SHA1_80 /m);
    expect(callee.media.offerSdp).not.toMatch(/fingerprint/);
    await waitFor('the app’s microphone on the page’s sender, replaced by a known tone', () => sendPageTone(page));
    await waitFor('the callee’s tone, decoded in the page', async () => {
      const { samples, sampleRate } = await pageHears(page);
      return toneShare(samples, sampleRate, SFB_CALLEE_TONE_HZ) > 0.5;
    });
    await waitFor(
      'the page’s 1 kHz tone, decoded at the callee',
      () => toneShare(alawmulaw.mulaw.decode(callee.media.heardPcmu()), PCMU_SAMPLE_RATE, PAGE_TONE_HZ) > 0.5,
    );

    // This side holds, then resumes: the bridge offers it to the callee in its dialect, who stops sending.
    await call.getByRole('button', { name: 'Hold' }).click();
    await page.getByRole('status').getByText('On hold').waitFor();
    expect(callee.media.sending.audio).toBe(false);
    await waitFor('the callee’s audio to stop in the page', () => stalls(async () => (await pageInboundRtp(page)).audioPackets));
    const heldAt = (await pageInboundRtp(page)).audioPackets;
    await call.getByRole('button', { name: 'Resume' }).click();
    await call.getByRole('button', { name: 'Hold' }).waitFor();
    await waitFor('the callee’s audio in the page again', async () => (await pageInboundRtp(page)).audioPackets > heldAt + 50);

    await call.getByRole('button', { name: 'Hang up' }).click();
    await page.getByRole('list', { name: 'Recent calls' }).getByText('You hung up.').waitFor();
    expect(callee.state).toBe('Failed');
    expect(session.app.cspViolations).toEqual([]);
  });
});
