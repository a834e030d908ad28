// A Skype for Business call answered in Chromium through the media bridge: the SfB-dialect caller (SDES,
// MS-ICE2, no fingerprint) rings over the local service, the page answers the bridge's WebRTC offer as it
// answers any call, and each end hears the other's tone, decoded and found by Goertzel.
//
// The page sends a known 1 kHz tone in place of the fake microphone (see harness/pageAudio.ts).
import type { Page } from 'playwright-core';
import { describe, expect, it, onTestFinished } from 'vitest';
import { pageInboundRtp, stalls, waitFor } from '../harness/browser.js';
import { PAGE_TONE_HZ, pageHears, sendPageTone } from '../harness/pageAudio.js';
import { ARTIFACTS, useAppSession } from '../harness/session.js';
import { toneShare } from '../support/goertzel.js';
import { udpSocketCount, watchTimers } from '../support/leftovers.js';
import { SFB_CALLER_TONE_HZ, SfbCaller } from '../support/sfbCaller.js';

type PageWindow = { __peerConnections: RTCPeerConnection[] };

/** Whether the page received RTCP sender reports (remote-outbound-rtp exists only from them). */
function pageHasSenderReports(page: Page): Promise<boolean> {
  return page.evaluate(async () => {
    const pc = (window as unknown as PageWindow).__peerConnections.find((candidate) => candidate.connectionState === 'connected');
    let found = false;
    (await pc?.getStats())?.forEach((report: { type: string }) => (found ||= report.type === 'remote-outbound-rtp'));
    return found;
  });
}

describe('a Skype for Business call through the media bridge, in Chromium', () => {
  const session = useAppSession();

  it('rings with Accept, says video is declined, carries the tones both ways through a hold on either side, and hangs up both legs', async () => {
    const { page } = session.app;
    const sockets = udpSocketCount();
    const timers = watchTimers(/node_modules\/werift|main\/bridge|sfbCaller/);
    onTestFinished(() => timers.stop());
    const caller = await SfbCaller.call(session.harness.core.localService!, { video: true });
    onTestFinished(() => caller.close());

    const ring = page.getByRole('alertdialog');
    await ring.getByText('The caller’s video cannot be shown here: this call is audio only.').waitFor();
    expect(await ring.textContent()).toContain('Incoming call');
    await ring.getByRole('button', { name: 'Accept', exact: true }).click();
    expect(await caller.leg.outcome).toEqual({ status: 'Success' });
    expect(caller.answerSdp).toMatch(/^m=video 0 /m);
    await caller.connected;

    await waitFor('the app’s microphone on the page’s sender, replaced by a known tone', () => sendPageTone(page));
    await waitFor('the caller’s 440 Hz tone, decoded in the page', async () => {
      const { samples, sampleRate } = await pageHears(page);
      return toneShare(samples, sampleRate, SFB_CALLER_TONE_HZ) > 0.5;
    });
    await waitFor('the page’s 1 kHz tone, decoded at the caller', () => caller.heardShare(PAGE_TONE_HZ) > 0.5);
    expect(caller.received.failed).toBe(0);
    // RTCP translated both ways: the caller's sender reports reach the page, the page's receiver reports the caller.
    await waitFor('the caller’s sender reports in the page', () => pageHasSenderReports(page));
    await waitFor('the page’s receiver reports at the caller', () => caller.reports.aboutUs > 0);
    await page.screenshot({ path: new URL('call-sfb-bridge.png', ARTIFACTS).pathname });

    // The caller holds, then resumes: the bridge answers them, the page says so, and the tones carry on.
    await caller.reoffer('sendonly');
    await page.getByRole('status').getByText('Ada Lovelace put you on hold').waitFor();
    const receivedWhenHeld = caller.received.rtp;
    await caller.reoffer('sendrecv');
    await page.getByRole('status').getByText('Ada Lovelace put you on hold').waitFor({ state: 'detached' });
    await waitFor('a second of the page’s audio at the caller after the hold', () => caller.received.rtp > receivedWhenHeld + 50);
    expect(caller.heardShare(PAGE_TONE_HZ)).toBeGreaterThan(0.5);

    // This side holds, then resumes: the bridge offers it to the caller in their dialect, and nothing goes
    // either way while held.
    await page.getByRole('button', { name: 'Hold' }).click();
    await page.getByRole('status').getByText('On hold').waitFor();
    const holdOffer = caller.offersFromCallee.at(-1) ?? '';
    expect(holdOffer).toMatch(/^a=sendonly\r$/m);
    expect(holdOffer).toMatch(/^a=crypto:2 AES_CM_128_HMAC_SHA1_80 inline:/m);
    expect(holdOffer).not.toMatch(/fingerprint|a=setup/);
    await waitFor('the page’s audio to stop at the caller', () => stalls(() => caller.received.rtp));
    await waitFor('the caller’s audio to stop in the page', () => stalls(async () => (await pageInboundRtp(page)).audioPackets));
    const heldAt = { atCaller: caller.received.rtp, inPage: (await pageInboundRtp(page)).audioPackets };
    await page.getByRole('button', { name: 'Resume' }).click();
    await page.getByRole('button', { name: 'Hold' }).waitFor();
    expect(caller.offersFromCallee.at(-1)).not.toMatch(/^a=(sendonly|recvonly|inactive)\r$/m);
    await waitFor('the page’s audio at the caller again', () => caller.received.rtp > heldAt.atCaller + 50);
    await waitFor('the caller’s audio in the page again', async () => (await pageInboundRtp(page)).audioPackets > heldAt.inPage + 50);
    // Resume puts the microphone back on the sender, in place of the test's tone: the tone again, and heard.
    await waitFor('the known tone on the page’s sender again', () => sendPageTone(page));
    await waitFor('the page’s 1 kHz tone at the caller after the resume', () => caller.heardShare(PAGE_TONE_HZ) > 0.5);

    await page.getByRole('button', { name: 'Hang up' }).click();
    expect(await caller.leg.ended).toBe('callee');
    await caller.close();
    await waitFor('every UDP socket of the call to close in the core', () => udpSocketCount() === sockets);
    await waitFor('every timer of the bridge and the caller to be cleared', () => timers.pending().length === 0);
    expect(session.app.cspViolations).toEqual([]);
  });

  it('hangs up, saying why, when the page closes its side of the bridge', async () => {
    const { page } = session.app;
    const caller = await SfbCaller.call(session.harness.core.localService!);
    onTestFinished(() => caller.close());
    await page.getByRole('alertdialog').getByRole('button', { name: 'Accept', exact: true }).click();
    expect(await caller.leg.outcome).toEqual({ status: 'Success' });
    await caller.connected;
    await waitFor('the page’s audio at the caller', () => caller.received.rtp > 25);
    // As when the window goes: the page's connection closes (DTLS close_notify), nothing else is said.
    await page.evaluate(() => (window as unknown as PageWindow).__peerConnections.forEach((pc) => pc.close()));
    expect(await caller.leg.ended).toBe('callee');
    await page.getByRole('list', { name: 'Recent calls' }).getByText('The connection to this computer’s audio was lost.').waitFor();
  });
});
