// Calling the Skype for Business user through the media bridge, in Node: the core places an audio call in
// the SfB dialect (the bridge's SDES offer), the local service's SfB-dialect callee answers it, and a werift
// peer standing in for the renderer takes the bridge's WebRTC answer to its own offer; each end hears the
// other's tone. An answer the bridge cannot use ends the call with the documented reason and a sentence.
import alawmulaw from 'alawmulaw';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { Core } from '../../main/core/core.js';
import { gatheredLocalSdp } from '../../main/local/media/loopbackPeer.js';
import { PCMU_SAMPLE_RATE } from '../../main/local/media/pcmu.js';
import { SFB_CALLEE_TONE_HZ } from '../../main/local/sfbCallee.js';
import type { FetchLike } from '../../main/ucwa/http.js';
import type { CallSnapshot } from '../../preload/shared/contract.js';
import { toneShare } from '../support/goertzel.js';
import { eventually } from '../support/localServer.js';
import { offeringPeersPerTest } from '../support/offeringPeer.js';

const MEDIA_TIMEOUT_MS = 15_000;
/** The tone the renderer's stand-in sends. */
const USER_TONE_HZ = 440;
const SFB_USER = 'sip:sfb@softphone.local';

const userPeer = offeringPeersPerTest();

describe('calling the Skype for Business user through the media bridge', () => {
  let core: Core;
  /** Changes the callee's answer on its way to the core (mediaAnswer, or early media's mediaProvisionalAnswer, in the event channel's batches). */
  let alterAnswer: ((sdp: string) => string) | undefined;

  /** Signs in to a local service whose callees answer after `calleeAnswerMs`, their answers altered by `alterAnswer`. */
  const startCore = async (calleeAnswerMs: number) => {
    const altering: FetchLike = async (input, init) => {
      const response = await fetch(input, init);
      if (!alterAnswer || !String(input).includes('/events')) return response;
      const change = alterAnswer;
      const text = (await response.text()).replace(
        /("media(?:Provisional)?Answer":\{"href":"data:application\/sdp;base64,)([A-Za-z0-9+/=]+)/g,
        (_, start: string, base64: string) => start + Buffer.from(change(Buffer.from(base64, 'base64').toString())).toString('base64'),
      );
      return new Response(text, { status: response.status, headers: response.headers });
    };
    core = await Core.start({
      endpointId: '2d5c0f8e-7a57-4b1e-9f53-0c9d6b1e4a21',
      userAgent: 'softphone-test',
      fetch: altering,
      local: { calleeAnswerMs },
      audioDialect: 'skypeForBusiness',
    });
    await eventually('sign-in', () => core.snapshot().account.state === 'signedIn');
  };

  beforeEach(async () => {
    alterAnswer = undefined;
    await startCore(0);
  });

  afterEach(() => core.stop());

  const live = (callId: string): CallSnapshot | undefined => core.snapshot().calls.find((call) => call.id === callId);
  const ended = (callId: string) => eventually('the call in the history', () => core.snapshot().history.recent.find((entry) => entry.id === callId));

  it('offers in the SfB dialect from the bridge, answers the renderer in WebRTC, and each end hears the other’s tone', async () => {
    const user = await userPeer({ video: false });
    const callId = await core.startCall('sfb@softphone.local', user.offerSdp, false);
    const callee = core.localService!.callPlacedTo(SFB_USER)!;
    // The callee got the bridge's offer, not the renderer's: SDES and MS-ICE2, no DTLS.
    expect(callee.media.offerSdp).toMatch(/^m=audio \d+ RTP\/SAVP 0 101\r$/m);
    expect(callee.media.offerSdp).toMatch(/^a=crypto:1 AES_CM_128_HMAC_SHA1_80 inline:[A-Za-z0-9+/]{40}\|2\^31\r$/m);
    expect(callee.media.offerSdp).toMatch(/^a=ice-pwd:/m);
    expect(callee.media.offerSdp).not.toMatch(/fingerprint|a=setup/);

    const call = await eventually('the bridge’s answer to the renderer', () => live(callId)?.remoteAnswer && live(callId));
    expect(call).toMatchObject({ dialect: 'skypeForBusiness', to: SFB_USER });
    expect(call.remoteAnswer?.sdp).toMatch(/^a=fingerprint:/m);
    expect(call.remoteAnswer?.sdp).not.toBe(callee.media.answerSdp);
    await user.pc.setRemoteDescription({ type: 'answer', sdp: call.remoteAnswer!.sdp });
    await eventually('the call to connect', () => live(callId)?.phase === 'connected');

    await eventually('the callee’s tone at the user', () => user.heardShare(SFB_CALLEE_TONE_HZ) > 0.5, MEDIA_TIMEOUT_MS);
    const calleeHeard = (frequency: number) => toneShare(alawmulaw.mulaw.decode(callee.media.heardPcmu()), PCMU_SAMPLE_RATE, frequency);
    await eventually('the user’s tone at the callee', () => calleeHeard(USER_TONE_HZ) > 0.5, MEDIA_TIMEOUT_MS);
    expect(user.heardShare(USER_TONE_HZ)).toBeLessThan(0.05);
    expect(calleeHeard(SFB_CALLEE_TONE_HZ)).toBeLessThan(0.05);
    expect(core.bridgeStats(callId)?.toRenderer.packets).toBeGreaterThan(0);

    await core.calls.hangUp(callId);
    expect(await ended(callId)).toMatchObject({ outcome: 'answered' });
    expect(callee.state).toBe('Failed');
  });

  /** A call to the SfB user through the bridge, which the renderer's stand-in took the answer of. */
  const answeredCall = async () => {
    const user = await userPeer({ video: false });
    const callId = await core.startCall('sfb@softphone.local', user.offerSdp, false);
    const callee = core.localService!.callPlacedTo(SFB_USER)!;
    const call = await eventually('the bridge’s answer to the renderer', () => live(callId)?.remoteAnswer && live(callId));
    await user.pc.setRemoteDescription({ type: 'answer', sdp: call.remoteAnswer!.sdp });
    return { user, callId, callee };
  };

  it('holds and resumes from this side: an offer in the SfB dialect to the callee, who stops sending while held', async () => {
    const { user, callId, callee } = await answeredCall();
    await eventually('the callee’s tone at the user', () => user.heardShare(SFB_CALLEE_TONE_HZ) > 0.5, MEDIA_TIMEOUT_MS);
    await eventually('the call taking new offers', () => live(callId)?.actions.includes('renegotiate'));
    const offerAgain = async (direction: 'sendonly' | 'sendrecv') => {
      for (const transceiver of user.pc.getTransceivers()) transceiver.setDirection(direction);
      await user.pc.setLocalDescription(await user.pc.createOffer());
      const answer = await core.renegotiate(callId, await gatheredLocalSdp(user.pc));
      await user.pc.setRemoteDescription({ type: 'answer', sdp: answer });
      return answer;
    };

    expect(await offerAgain('sendonly')).toMatch(/^a=recvonly\r$/m);
    expect(callee.media.sending.audio).toBe(false);
    const heldAt = user.received.audio;
    await offerAgain('sendrecv');
    expect(callee.media.sending.audio).toBe(true);
    await eventually('the callee’s audio at the user after the resume', () => user.received.audio > heldAt + 25, MEDIA_TIMEOUT_MS);
    expect(live(callId)).toMatchObject({ phase: 'connected' });
  });

  it('answers the callee’s own hold and resume in its dialect, and says the callee holds', async () => {
    const { callId, callee } = await answeredCall();
    await eventually('the call to connect', () => live(callId)?.phase === 'connected');
    const calleeOffer = (direction: string) => callee.media.answerSdp.replace(/^(m=audio .*\r\n)/m, `$1a=${direction}\r\n`);

    const hold = await callee.offerAgain(calleeOffer('sendonly'));
    expect(hold).toMatch(/^a=recvonly\r$/m);
    expect(hold).toMatch(/^a=crypto:1 AES_CM_128_HMAC_SHA1_80 inline:/m);
    expect(hold).not.toMatch(/fingerprint|a=setup/);
    const held = await eventually('the callee’s hold to show', () => live(callId)?.heldByRemote && live(callId));
    expect(held.renegotiationOffer).toBeUndefined();
    expect(await callee.offerAgain(calleeOffer('sendrecv'))).not.toMatch(/^a=(sendonly|recvonly|inactive)\r$/m);
    await eventually('the hold to be over', () => live(callId)?.heldByRemote === undefined);
    expect(live(callId)).toMatchObject({ phase: 'connected' });
  });

  it.each([
    [
      'no common codec',
      (sdp: string) => sdp.replace(/^m=audio (\d+) (\S+) .*$/m, 'm=audio $1 $2 18').replace(/^a=rtpmap:0 PCMU\/8000$/m, 'a=rtpmap:18 G729/8000'),
      { code: 'CodecMismatch', message: 'The callee’s audio (G729) has no codec this app can pass on (G.722, PCMU, PCMA).' },
    ],
    [
      'a bad key',
      (sdp: string) => sdp.replace(/inline:[^|\r\n]+/, 'inline:not-a-key'),
      { code: 'EncryptionMismatch', message: 'The callee’s encryption keys cannot be used (AES_CM_128_HMAC_SHA1_80 with one inline key is needed).' },
    ],
    ['an unparsable answer', () => 'this is not SDP', { code: 'InvalidMediaOffer', message: 'The callee’s answer could not be read.' }],
  ])('ends the call when the callee’s answer cannot be used: %s', async (_, alter, end) => {
    alterAnswer = alter;
    const user = await userPeer({ video: false });
    const callId = await core.startCall('sfb@softphone.local', user.offerSdp, false);
    expect(await ended(callId)).toMatchObject({ outcome: 'failed', endCode: end.code, ending: end.message });
    await eventually('the callee to see the call end', () => core.localService!.callPlacedTo(SFB_USER)?.state === 'Failed');
  });

  it('cancels the call, with the code, when the callee’s early-media answer cannot be used', async () => {
    // This callee sends early media and would answer only after a minute: the call is cancelled while it rings.
    await core.stop();
    await startCore(60_000);
    core.localService!.addCallee({ name: 'Edith Clarke', uri: 'sip:sfbearly@softphone.local' }, 'sfbEarlyMedia');
    alterAnswer = (sdp) => sdp.replace(/inline:[^|\r\n]+/, 'inline:not-a-key');
    const user = await userPeer({ video: false });
    const callId = await core.startCall('sfbearly@softphone.local', user.offerSdp, false);
    expect(await ended(callId)).toMatchObject({ outcome: 'failed', endCode: 'EncryptionMismatch' });
    await eventually('the callee to see the call end', () => core.localService!.callPlacedTo('sip:sfbearly@softphone.local')?.state === 'Failed');
    // Cancelled while it rang with early media: it never connected.
    expect((await ended(callId)).connectedAt).toBeUndefined();
  });
});

describe('a call in the WebRTC dialect to someone who takes only the Skype for Business dialect', () => {
  let core: Core;

  beforeEach(async () => {
    // The embedded service's default: audio calls to SIP addresses go in the WebRTC dialect first.
    core = await Core.start({ endpointId: '2d5c0f8e-7a57-4b1e-9f53-0c9d6b1e4a21', userAgent: 'softphone-test', local: { calleeAnswerMs: 0 } });
    await eventually('sign-in', () => core.snapshot().account.state === 'signedIn');
  });

  afterEach(() => core.stop());

  it.each([
    ['a video call', true, 'Annie Easley can take audio only: this is an audio call.'],
    ['an audio call', false, undefined],
  ])('%s goes through again as an audio call through the bridge, the same call, never a failed one', async (_, video, note) => {
    const user = await userPeer({ video });
    const callId = await core.startCall('sfb@softphone.local', user.offerSdp, video);
    const call = await eventually('the bridge’s answer to the renderer', () =>
      core.snapshot().calls.find((c) => c.id === callId && c.remoteAnswer && c.context?.to),
    );
    expect(call.dialect).toBe('skypeForBusiness');
    expect(call.dialectNote).toBe(note);
    // The callee refused the first offer (the window's own), and took the bridge's.
    const callee = core.localService!.callPlacedTo(SFB_USER)!;
    expect(callee.media.offerSdp).toMatch(/^a=crypto:1 /m);
    await user.pc.setRemoteDescription({ type: 'answer', sdp: call.remoteAnswer!.sdp });
    await eventually('the call to connect', () => core.snapshot().calls.find((c) => c.id === callId)?.phase === 'connected');
    await eventually('the callee’s tone at the user', () => user.heardShare(SFB_CALLEE_TONE_HZ) > 0.5, MEDIA_TIMEOUT_MS);
    const calleeHeard = () => toneShare(alawmulaw.mulaw.decode(callee.media.heardPcmu()), PCMU_SAMPLE_RATE, USER_TONE_HZ);
    await eventually('the user’s tone at the callee', () => calleeHeard() > 0.5, MEDIA_TIMEOUT_MS);
    // No call of this app's ended (the server logs the refused first attempt).
    expect(core.snapshot().history.recent.filter((entry) => entry.source === 'local')).toEqual([]);
  });
});
