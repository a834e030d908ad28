// Calling out, end to end in Node: the CallsController places a call (startAudioVideo, startAudio) with
// the offer of a werift peer standing in for the renderer, the local service's callees take it in their
// scripted ways, and the callee's answer comes back through audioVideoNegotiation to the offering peer.
import alawmulaw from 'alawmulaw';
import { describe, expect, it } from 'vitest';
import { CallTargetError } from '../../main/calls/callTargets.js';
import { UnavailableActionError } from '../../main/calls/errors.js';
import { callsOffered } from '../../main/calls/startLinks.js';
import { gatheredLocalSdp } from '../../main/local/media/loopbackPeer.js';
import { PCMU_SAMPLE_RATE } from '../../main/local/media/pcmu.js';
import type { LocalServiceOptions } from '../../main/local/service.js';
import type { CallSnapshot } from '../../preload/shared/contract.js';
import { toneShare } from '../support/goertzel.js';
import { CHROME_OFFER, eventually, signInPerTest, type SignedInCalls } from '../support/localServer.js';
import { offeringPeersPerTest } from '../support/offeringPeer.js';

/** ICE and DTLS over loopback take well under a second; the margin is for a loaded machine. */
const MEDIA_TIMEOUT_MS = 15_000;
/** The tone the local service's peers send. */
const TONE_HZ = 440;

const signIn = signInPerTest();
const userPeer = offeringPeersPerTest();

function live(session: SignedInCalls, callId: string): CallSnapshot | undefined {
  return session.calls.snapshot().calls.find((call) => call.id === callId);
}

function ended(session: SignedInCalls, callId: string): Promise<CallSnapshot> {
  return eventually('the call to end', () => session.ended.find((call) => call.id === callId));
}

/** Signs in to a service whose callees answer at once (unless the test says otherwise). */
function signInWith(service: LocalServiceOptions = {}): Promise<SignedInCalls> {
  return signIn({ service: { calleeAnswerMs: 0, ...service } });
}

describe('calling out (startAudioVideo, startAudio)', () => {
  it('calls the WebRTC callee with video: the answer comes back, RTP flows both ways with the tone heard at each end, and hanging up ends it', async () => {
    const session = await signInWith();
    const user = await userPeer({ video: true });
    const callId = await session.calls.startAudioVideo('answers@softphone.local', user.offerSdp, true);
    expect(live(session, callId)).toMatchObject({ kind: 'audioVideo', direction: 'Outgoing', to: 'sip:answers@softphone.local', actions: ['cancel'] });
    // The invitation links whom it is for as a contact: the call shows their name.
    await eventually('the callee’s name', () => live(session, callId)?.context?.to === 'Ada Lovelace');

    const answer = await eventually('the callee’s answer', () => live(session, callId)?.remoteAnswer);
    expect(answer.provisional).toBe(false);
    await user.pc.setRemoteDescription({ type: 'answer', sdp: answer.sdp });
    const connected = await eventually('the call to connect', () => live(session, callId)?.phase === 'connected' && live(session, callId));
    expect(connected.actions).toContain('hangUp');

    const callee = session.service.callPlacedTo('sip:answers@softphone.local');
    expect(callee?.media.offerSdp).toBe(user.offerSdp);
    expect(callee?.media.answerSdp).toBe(answer.sdp);
    await eventually(
      'RTP both ways, audio and video',
      () => user.received.audio > 50 && user.received.video > 10 && (callee?.media.received.audio ?? 0) > 50 && (callee?.media.received.video ?? 0) > 10,
      MEDIA_TIMEOUT_MS,
    );
    await eventually('the callee’s tone at the user', () => user.heardShare(TONE_HZ) > 0.5, MEDIA_TIMEOUT_MS);
    const calleeHeard = (frequency: number) => toneShare(alawmulaw.mulaw.decode(callee?.media.heardPcmu() ?? Buffer.alloc(0)), PCMU_SAMPLE_RATE, frequency);
    await eventually('the user’s tone at the callee', () => calleeHeard(TONE_HZ) > 0.5, MEDIA_TIMEOUT_MS);
    expect(user.heardShare(1000)).toBeLessThan(0.05);
    expect(calleeHeard(1000)).toBeLessThan(0.05);

    await session.calls.hangUp(callId);
    expect((await ended(session, callId)).end).toMatchObject({ outcome: 'hungUp', message: 'You hung up.' });
    expect(callee?.state).toBe('Failed');
  });

  it('holds and resumes a call placed here by renegotiation, as an incoming one: the callee sends nothing while held', async () => {
    const session = await signInWith();
    const user = await userPeer({ video: true });
    const callId = await session.calls.startAudioVideo('sip:answers@softphone.local', user.offerSdp, true);
    const answer = await eventually('the callee’s answer', () => live(session, callId)?.remoteAnswer);
    await user.pc.setRemoteDescription({ type: 'answer', sdp: answer.sdp });
    await eventually('the session’s renegotiations', () => live(session, callId)?.actions.includes('renegotiate'));
    const callee = session.service.callPlacedTo('sip:answers@softphone.local')!;
    await eventually('the callee’s signal', () => callee.media.sending.audio && callee.media.sending.video, MEDIA_TIMEOUT_MS);

    const offerAgain = async (direction: 'sendonly' | 'sendrecv') => {
      for (const transceiver of user.pc.getTransceivers()) transceiver.setDirection(direction);
      await user.pc.setLocalDescription(await user.pc.createOffer());
      const offer = await gatheredLocalSdp(user.pc);
      await user.pc.setRemoteDescription({ type: 'answer', sdp: await session.calls.renegotiate(callId, offer) });
    };
    await offerAgain('sendonly');
    expect(callee.media.sending).toEqual({ audio: false, video: false });
    await offerAgain('sendrecv');
    expect(callee.media.sending).toEqual({ audio: true, video: true });
  });

  it('plays the callee’s early media while it rings out, then connects on the same answer; the callee hangs up', async () => {
    const session = await signInWith({ calleeAnswerMs: 600_000 });
    const user = await userPeer({ video: false });
    const callId = await session.calls.startAudioVideo('sip:earlymedia@softphone.local', user.offerSdp, false);
    const early = await eventually('early media', () => live(session, callId)?.remoteAnswer);
    expect(early.provisional).toBe(true);
    expect(live(session, callId)?.phase).toBe('ringingOut');
    await user.pc.setRemoteDescription({ type: 'answer', sdp: early.sdp });
    await eventually('the early media’s tone', () => user.heardShare(TONE_HZ) > 0.5, MEDIA_TIMEOUT_MS);
    expect(live(session, callId)?.phase).toBe('ringingOut');

    const callee = session.service.callPlacedTo('sip:earlymedia@softphone.local');
    callee?.answer();
    const connected = await eventually('the call to connect', () => live(session, callId)?.phase === 'connected' && live(session, callId));
    expect(connected.remoteAnswer).toEqual({ sdp: early.sdp, provisional: false });

    callee?.hangUp();
    expect((await ended(session, callId)).end).toMatchObject({ outcome: 'remoteHungUp', message: 'The other person hung up.' });
  });

  it('notes when the service had read each call’s request, for the bench, between the request sent and its reply', async () => {
    const session = await signInWith();
    const sent = performance.now();
    const callId = await session.calls.startAudioVideo('sip:noanswer@softphone.local', CHROME_OFFER, false);
    const replied = performance.now();
    const placed = session.service.callPlacedTo('sip:noanswer@softphone.local');
    expect(placed?.postedAt).toBeGreaterThanOrEqual(sent);
    expect(placed?.postedAt).toBeLessThanOrEqual(replied);
    await session.calls.cancel(callId);
  });

  it('cancels while it rings out: the callee hears the call cancelled', async () => {
    const session = await signInWith();
    const callId = await session.calls.startAudioVideo('sip:noanswer@softphone.local', CHROME_OFFER, false);
    await eventually('the callee’s phone to ring', () => live(session, callId)?.phase === 'ringingOut');
    await session.calls.cancel(callId);
    expect((await ended(session, callId)).end).toMatchObject({ outcome: 'cancelled', message: 'You cancelled it.' });
    expect(session.service.callPlacedTo('sip:noanswer@softphone.local')?.state).toBe('Failed');
  });

  it('gives up by itself on a call the server never completes, and cancels it there', async () => {
    const session = await signIn({ service: { ringTimeoutMs: 600_000 }, calls: { outgoingTimeoutMs: 300 } });
    const callId = await session.calls.startAudioVideo('sip:noanswer@softphone.local', CHROME_OFFER, false);
    await eventually('the callee’s phone to ring', () => live(session, callId)?.phase === 'ringingOut');
    expect((await ended(session, callId)).end).toMatchObject({ outcome: 'failed', message: 'Nobody answered in time.' });
    await eventually('the invitation cancelled on the server', () => session.service.callPlacedTo('sip:noanswer@softphone.local')?.state === 'Failed');
  });

  it('ends a call whose answer the window cannot use, saying why: cancelled while it rings out, hung up once connected', async () => {
    const session = await signInWith();
    const ringing = await session.calls.startAudioVideo('sip:noanswer@softphone.local', CHROME_OFFER, false);
    await eventually('the callee’s phone to ring', () => live(session, ringing)?.phase === 'ringingOut');
    await session.calls.abandon(ringing, 'The other side’s answer could not be used: no codec in common.');
    expect((await ended(session, ringing)).end).toMatchObject({ outcome: 'failed', message: 'The other side’s answer could not be used: no codec in common.' });
    expect(session.service.callPlacedTo('sip:noanswer@softphone.local')?.state).toBe('Failed');

    const connected = await session.calls.startAudioVideo('sip:unusable@softphone.local', CHROME_OFFER, false);
    const answer = await eventually('the answer', () => live(session, connected)?.phase === 'connected' && live(session, connected)?.remoteAnswer);
    expect(answer.sdp).not.toMatch(/a=fingerprint/);
    await session.calls.abandon(connected, 'The other side’s answer could not be used: no DTLS fingerprint.');
    expect((await ended(session, connected)).end).toMatchObject({
      outcome: 'failed',
      message: 'The other side’s answer could not be used: no DTLS fingerprint.',
    });
    expect(session.service.callPlacedTo('sip:unusable@softphone.local')?.state).toBe('Failed');
  });

  it.each([
    ['sip:declines@softphone.local', { code: 'RemoteFailure', subcode: 'Declined', message: 'The other person declined the call.' }],
    ['sip:busy@softphone.local', { code: 'RemoteFailure', subcode: 'Busy', message: 'The other person is busy.' }],
    ['sip:noanswer@softphone.local', { code: 'RemoteFailure', subcode: 'Timeout', message: 'The other person did not answer in time.' }],
    ['sip:unreachable@softphone.local', { code: 'RemoteFailure', subcode: 'TemporarilyUnavailable', message: 'The other side is temporarily unavailable.' }],
    ['sip:notallowed@softphone.local', { code: 'RemoteFailure', subcode: 'NotAllowed', message: 'Policy does not allow the other side to take this call.' }],
    [
      'sip:sfb@softphone.local',
      {
        code: 'RemoteFailure',
        subcode: 'MediaEncryptionMismatch',
        message: 'The other side could not agree on the call’s encryption: it takes only Skype for Business encryption.',
      },
    ],
    ['+1 425 555 0100', { code: 'NotFound', subcode: 'DestinationNotFound', message: 'That address could not be found.' }],
  ])('a call to %s fails with the reason’s sentence', async (to, end) => {
    // The callee who never answers gives up by itself, as UCWA does after about 30 s; here sooner.
    const session = await signInWith({ ringTimeoutMs: 200 });
    const callId = await session.calls.startAudioVideo(to, CHROME_OFFER, false);
    expect((await ended(session, callId)).end).toMatchObject({ outcome: 'failed', ...end });
  });

  it('refuses an address that is neither a SIP address nor a phone number before anything is sent', async () => {
    const session = await signInWith();
    for (const to of ['sip:a@b.com?Subject=x', 'sip:answers@softphone.local;transport=tcp', 'answers@softphone.local\r\nX: y', '555 0100']) {
      await expect(session.calls.startAudioVideo(to, CHROME_OFFER, false)).rejects.toThrow(CallTargetError);
    }
    expect(session.service.callPlacedTo('sip:a@b.com?Subject=x')).toBeUndefined();
    expect(session.service.callPlacedTo('sip:answers@softphone.local')).toBeUndefined();
    expect(session.calls.snapshot()).toEqual({ calls: [] });
    expect(session.ended).toEqual([]);
  });

  it('a server without the start links offers no calls: the capability is absent and nothing is sent', async () => {
    const session = await signInWith({ startLinks: [] });
    expect(callsOffered(session.client.communication)).toEqual({ audio: false, video: false });
    await expect(session.calls.startAudioVideo('sip:answers@softphone.local', CHROME_OFFER, false)).rejects.toThrow(UnavailableActionError);
    expect(session.service.callPlacedTo('sip:answers@softphone.local')).toBeUndefined();
  });

  it('a server with startAudio only offers audio calls, placed through startAudio', async () => {
    const session = await signInWith({ startLinks: ['startAudio'] });
    expect(callsOffered(session.client.communication)).toEqual({ audio: true, video: false });
    await expect(session.calls.startAudioVideo('sip:answers@softphone.local', CHROME_OFFER, true)).rejects.toThrow(
      'The server does not offer video calls to this app',
    );
    const user = await userPeer({ video: false });
    const callId = await session.calls.startAudioVideo('sip:answers@softphone.local', user.offerSdp, false);
    await eventually('the call to connect', () => live(session, callId)?.phase === 'connected');
  });
});
