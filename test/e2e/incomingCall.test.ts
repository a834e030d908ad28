import type { Page } from 'playwright-core';
import sdpTransform from 'sdp-transform';
import { describe, expect, it } from 'vitest';
import { answersPrepared, localAudioEnabled, pageInboundRtp, seeTestSignal, stalls, waitFor, wireLog } from '../harness/browser.js';
import { ARTIFACTS, useAppSession } from '../harness/session.js';

const caller = { name: 'Ada Lovelace', uri: 'sip:ada@contoso.com' };

/**
 * The camera track the page's video sender carries now, and the state of the one it carried when `remember`
 * was last asked (kept in the page), to see that Stop camera really released it.
 */
function cameraTracks(page: Page, remember: boolean): Promise<{ sending: string | null; remembered: string | undefined }> {
  return page.evaluate((remember) => {
    const probe = window as unknown as { __peerConnections: RTCPeerConnection[]; __camera?: MediaStreamTrack };
    const pc = probe.__peerConnections.filter((candidate) => candidate.connectionState !== 'closed').at(-1);
    const sender = pc?.getTransceivers().find((t) => t.receiver.track.kind === 'video')?.sender;
    if (remember && sender?.track) probe.__camera = sender.track;
    return { sending: sender?.track?.readyState ?? null, remembered: probe.__camera?.readyState };
  }, remember);
}

/** The ICE state of each connection the page has open. */
const iceStates = (page: Page) =>
  page.evaluate(() =>
    (window as unknown as { __peerConnections: RTCPeerConnection[] }).__peerConnections
      .filter((pc) => pc.connectionState !== 'closed')
      .map((pc) => pc.iceConnectionState),
  );

describe('an incoming audio/video call, end to end', () => {
  const session = useAppSession();

  const call = (video = true) => session.call({ video, from: caller, subject: 'Quarterly numbers', importance: 'Urgent' });

  it('rings, answers with video, carries media both ways and hangs up on both sides', async () => {
    const { page } = session.app;
    const peer = await call();
    const ring = page.getByRole('alertdialog');
    await ring.getByRole('heading', { name: caller.name }).waitFor();
    expect(await ring.textContent()).toContain('Quarterly numbers');
    expect(await ring.textContent()).toContain('Urgent');
    await page.screenshot({ path: new URL('ring-view.png', ARTIFACTS).pathname });

    await page.getByRole('button', { name: 'Accept with video' }).click();
    expect(await peer.outcome).toEqual({ status: 'Success' });
    // The call's view takes the focus: the ring card and its buttons are gone.
    await waitFor('the focus on the call', () =>
      page.evaluate(() => document.activeElement?.tagName === 'H1' && document.activeElement.textContent === 'Ada Lovelace'),
    );

    const answer = sdpTransform.parse(peer.answerSdp ?? '');
    expect(answer.media.map((m) => m.type)).toEqual(['audio', 'video']);
    expect(answer.media.every((m) => m.port > 0 && (m.direction ?? 'sendrecv') === 'sendrecv')).toBe(true);
    expect(answer.fingerprint ?? answer.media[0]?.fingerprint).toBeDefined();
    expect(answer.media.flatMap((m) => m.candidates ?? []).length).toBeGreaterThan(0);

    await waitFor('RTP at the peer', () => peer.received.audio > 25 && peer.received.video > 10);
    await seeTestSignal(page);
    await page.screenshot({ path: new URL('call-view.png', ARTIFACTS).pathname });

    await page.getByRole('button', { name: 'Connection: Good' }).click();
    const details = page.locator('#quality-details');
    // The round trip is known once the first RTCP reports are in, which a loaded machine may take a moment for.
    await waitFor('the round trip in the details', async () => /Round trip\s*\d+ ms/.test((await details.textContent()) ?? ''));
    expect(await details.textContent()).toMatch(/Packet loss\s*0\.0 %.*Round trip\s*\d+ ms/s);

    const mute = page.getByRole('button', { name: 'Mute' });
    await mute.click();
    await page.getByRole('button', { name: 'Unmute' }).waitFor();
    expect(await page.getByRole('button', { name: 'Unmute' }).getAttribute('aria-pressed')).toBe('true');
    expect(await localAudioEnabled(page)).toBe(false);
    await page.getByRole('button', { name: 'Unmute' }).click();
    expect(await localAudioEnabled(page)).toBe(true);

    // Stop camera releases the camera (its light goes off): the track ends, the sender carries none, the
    // peer gets no more video and the preview goes. Start camera opens it again and the video comes back.
    expect(await cameraTracks(page, true)).toEqual({ sending: 'live', remembered: 'live' });
    await page.getByRole('button', { name: 'Stop camera' }).click();
    await page.getByRole('button', { name: 'Start camera' }).waitFor();
    expect(await cameraTracks(page, false)).toEqual({ sending: null, remembered: 'ended' });
    await waitFor('the video to stop at the peer', () => stalls(() => peer.received.video));
    expect(await page.getByTestId('local-video').count()).toBe(0);
    const stoppedAt = peer.received.video;
    await page.getByRole('button', { name: 'Start camera' }).click();
    await page.getByRole('button', { name: 'Stop camera' }).waitFor();
    expect((await cameraTracks(page, false)).sending).toBe('live');
    await waitFor('video at the peer again', () => peer.received.video > stoppedAt + 10);
    await page.getByTestId('local-video').waitFor();

    await page.getByRole('button', { name: 'Hang up' }).click();
    expect(await peer.ended).toBe('callee');
    await page.getByRole('list', { name: 'Recent calls' }).getByText('You hung up.').waitFor();
    await waitFor('the peer connection to close', () => peer.connectionState === 'closed');
    expect(session.app.cspViolations).toEqual([]);
  });

  it('keeps the answers prepared while it rings unconnected until the person answers, then connects the chosen one', async () => {
    // Connected while ringing, the prepared connection's DTLS handshake, which the caller cannot take before
    // the answer, backed off to seconds between tries: after a long ring the first frame came seconds late.
    const { page } = session.app;
    const peer = await call();
    await waitFor('both answers to be prepared', () => answersPrepared(page, 2));
    expect(await iceStates(page)).toEqual(['new', 'new']);
    await page.getByRole('button', { name: 'Accept with video' }).click();
    expect(await peer.outcome).toEqual({ status: 'Success' });
    await seeTestSignal(page);
    expect(await iceStates(page)).toEqual(['connected']);
  });

  it('answers an audio call early: media connects while it rings, nothing is sent before Accept, and the answer repeats the early one', async () => {
    const { page } = session.app;
    const peer = await call(false);
    await page.getByRole('alertdialog').waitFor();
    await waitFor('the early-media answer and a connected media path', () => peer.provisionalAnswerSdp !== undefined && peer.connectionState === 'connected');
    // The caller's early media reaches the page while it rings; the page sends nothing and opens no device.
    await waitFor('the caller’s audio in the page', async () => (await pageInboundRtp(page)).audioPackets > 10);
    expect(peer.received.audio).toBe(0);
    const ringing = await wireLog(page);
    expect(ringing.map((entry) => entry.type)).toContain('provisionalAnswer');
    expect(ringing.map((entry) => entry.type)).not.toContain('getUserMedia');
    expect(await page.getByRole('alertdialog').isVisible()).toBe(true);

    await page.getByRole('button', { name: 'Accept', exact: true }).click();
    expect(await peer.outcome).toEqual({ status: 'Success' });
    expect(peer.answerSdp).toBe(peer.provisionalAnswerSdp);
    await waitFor('the microphone’s RTP at the peer', () => peer.received.audio > 25);
    await page.getByRole('button', { name: 'Hang up' }).click();
    expect(await peer.ended).toBe('callee');
  });

  it('a call asking to join with video off opens no camera until Start camera', async () => {
    const { page } = session.app;
    const peer = await session.call({ video: true, from: caller, context: { joinVideoMuted: true } });
    await page.getByRole('button', { name: 'Accept with video' }).click();
    expect(await peer.outcome).toEqual({ status: 'Success' });
    await waitFor('the microphone at the peer', () => peer.received.audio > 25);
    await page.getByRole('button', { name: 'Start camera' }).waitFor();
    expect(await cameraTracks(page, false)).toEqual({ sending: null, remembered: undefined });
    expect(peer.received.video).toBe(0);
    await page.getByRole('button', { name: 'Start camera' }).click();
    await waitFor('video at the peer', () => peer.received.video > 10);
    await page.getByRole('button', { name: 'Hang up' }).click();
    expect(await peer.ended).toBe('callee');
  });

  it('declines: the caller’s invitation completes with failure', async () => {
    const peer = await call();
    await session.app.page.getByRole('alertdialog').waitFor();
    await session.app.page.getByRole('button', { name: 'Decline', exact: true }).click();
    const outcome = await peer.outcome;
    expect(outcome.status).toBe('Failure');
    expect(outcome.status === 'Failure' && outcome.reason.subcode).toBe('Declined');
    await session.app.page.getByRole('alertdialog').waitFor({ state: 'detached' });
    await session.app.page.getByText('You declined the call.').waitFor();
  });

  it('the caller cancels while ringing: the ring goes away and the call shows as missed', async () => {
    const peer = await call(false);
    await session.app.page.getByRole('alertdialog').waitFor();
    peer.cancel();
    await session.app.page.getByRole('alertdialog').waitFor({ state: 'detached' });
    await session.app.page.getByText(`Missed call from ${caller.name}`).waitFor();
    await session.app.page.getByText('The caller hung up before the call was answered.').waitFor();
    await session.app.page.screenshot({ path: new URL('missed-call.png', ARTIFACTS).pathname });
  });

  it('places a test call from the Test call button and answers it audio only', async () => {
    const { page } = session.app;
    await page.getByRole('button', { name: 'Test call' }).click();
    await page.getByRole('alertdialog').getByRole('heading', { name: 'Test Call' }).waitFor();
    await page.screenshot({ path: new URL('test-call-ring.png', ARTIFACTS).pathname });
    await page.getByRole('button', { name: 'Accept audio only' }).click();
    await page.getByRole('button', { name: 'Hang up' }).waitFor();
    await waitFor('audio in the page', async () => (await pageInboundRtp(page)).audioPackets > 25);
    expect((await pageInboundRtp(page)).framesDecoded).toBe(0);
    await page.getByRole('button', { name: 'Hang up' }).click();
    await page.getByText('You hung up.').waitFor();
  });
});
