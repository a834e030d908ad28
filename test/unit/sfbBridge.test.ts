// A Skype for Business call through the core and its media bridge, in Node: the SfB-dialect caller rings
// over the local service, a werift peer stands in for the renderer and answers the bridge's WebRTC offer,
// and each end hears the other's tone, decoded from PCMU. Also: a multipart offer's answer names its part,
// and offers the bridge cannot take are declined with the documented reason on the wire.
import { afterEach, beforeEach, describe, expect, it, onTestFinished } from 'vitest';
import { RenegotiationFailedError } from '../../main/calls/errors.js';
import { Core } from '../../main/core/core.js';
import type { FetchLike } from '../../main/ucwa/http.js';
import { bridgedRing, measureBridgedCall, RENDERER_TONE_HZ, rendererStandIn } from '../support/bridgedCall.js';
import { udpSocketCount, watchTimers } from '../support/leftovers.js';
import { eventually } from '../support/localServer.js';
import { LYNC_MULTIPART_TYPE, lyncMultipartBody } from '../support/sdp.js';
import { SFB_CALLER_TONE_HZ, SfbCaller, type SfbCallOptions } from '../support/sfbCaller.js';

const MEDIA_TIMEOUT_MS = 15_000;

describe('a Skype for Business call through the media bridge', () => {
  let core: Core;
  /** Every POST the core made, with its URL and body. */
  let posts: Array<{ url: URL; body: string }>;

  beforeEach(async () => {
    posts = [];
    const recording: FetchLike = async (input, init) => {
      if (init?.method === 'POST') posts.push({ url: new URL(String(input)), body: typeof init.body === 'string' ? init.body : '' });
      return fetch(input, init);
    };
    core = await Core.start({ endpointId: '2d5c0f8e-7a57-4b1e-9f53-0c9d6b1e4a21', userAgent: 'softphone-test', fetch: recording });
    await eventually('sign-in', () => core.snapshot().account.state === 'signedIn');
  });

  afterEach(() => core.stop());

  const sfbCall = async (options: SfbCallOptions) => {
    const caller = await SfbCaller.call(core.localService!, options);
    onTestFinished(() => caller.close());
    return caller;
  };

  it('passes audio both ways without transcoding over separate RTCP, translates reports, says goodbye at hang-up, and leaves no socket or timer behind', async () => {
    const sockets = udpSocketCount();
    const timers = watchTimers(/node_modules\/werift|main\/bridge|sfbCaller/);
    onTestFinished(() => timers.stop());
    const caller = await sfbCall({ rtcpMux: false, video: true });
    const call = await bridgedRing(core);
    expect(call.offerSdp).toContain('a=x-softphone-bridge:sfb video-declined');
    const renderer = rendererStandIn();
    onTestFinished(() => renderer.close());
    await renderer.answer(core, call);
    expect(await caller.leg.outcome).toEqual({ status: 'Success' });

    const answer = caller.answerSdp ?? '';
    expect(answer).toMatch(/^m=audio \d+ RTP\/SAVP 0\r$/m);
    expect(answer).toMatch(/^a=crypto:2 AES_CM_128_HMAC_SHA1_80 inline:[A-Za-z0-9+/]{40}\|2\^31\r$/m);
    expect(answer).toMatch(/^a=candidate:\S+ 2 UDP /m);
    // RFC 5245 §4.1.2.1: the low byte of a candidate's priority is 256 minus its component.
    const candidates = [...answer.matchAll(/^a=candidate:\S+ (\d) UDP (\d+) /gm)].map(([, component, priority]) => ({
      component: Number(component),
      lowByte: Number(priority) % 256,
    }));
    expect(candidates.map(({ component }) => component)).toEqual(expect.arrayContaining([1, 2]));
    for (const { component, lowByte } of candidates) expect(lowByte).toBe(256 - component);
    expect(answer).toMatch(/^m=video 0 RTP\/SAVP 122 121 123\r$/m);
    expect(answer).not.toMatch(/fingerprint|a=setup|BUNDLE|a=rtcp-mux/);

    await eventually('the caller’s tone at the renderer', () => renderer.heardShare(SFB_CALLER_TONE_HZ) > 0.5, MEDIA_TIMEOUT_MS);
    await eventually('the renderer’s tone at the caller', () => caller.heardShare(RENDERER_TONE_HZ) > 0.5, MEDIA_TIMEOUT_MS);
    expect(caller.received.failed).toBe(0);
    await eventually('the renderer’s receiver reports, translated, at the caller', () => caller.reports.aboutUs > 0, MEDIA_TIMEOUT_MS);

    await core.calls.hangUp(call.id);
    expect(await caller.leg.ended).toBe('callee');
    // RFC 3550 §6.3.7: the bridge's stream toward the caller ends with an RTCP BYE for its SSRC.
    const bridgeSsrc = Number(/^a=x-ssrc-range:(\d+)-/m.exec(answer)?.[1]);
    await eventually('the bridge’s RTCP BYE at the caller', () => caller.byes.includes(bridgeSsrc), MEDIA_TIMEOUT_MS);
    await Promise.all([caller.close(), renderer.close()]);
    await eventually('every UDP socket of the call to close', () => udpSocketCount() === sockets);
    await eventually('every timer of the media to be cleared', () => timers.pending().length === 0);
  });

  it('answers the caller’s hold and resume itself, in their dialect, and says the caller holds; nothing is sent to them while they do', async () => {
    const caller = await sfbCall({});
    const call = await bridgedRing(core);
    const renderer = rendererStandIn();
    onTestFinished(() => renderer.close());
    await renderer.answer(core, call);
    await eventually('the renderer’s tone at the caller', () => caller.heardShare(RENDERER_TONE_HZ) > 0.5, MEDIA_TIMEOUT_MS);
    const first = caller.answerSdp ?? '';
    const unchanged = (sdp: string) => sdp.split('\r\n').filter((line) => /^a=(crypto|ice-ufrag|ice-pwd|candidate|x-ssrc-range)|^m=audio/.test(line));
    const snapshotOf = () => core.snapshot().calls.find((c) => c.id === call.id);

    const hold = await caller.reoffer('sendonly');
    expect(hold).toMatch(/^a=recvonly\r$/m);
    expect(unchanged(hold)).toEqual(unchanged(first));
    const held = await eventually('the call shown held by the caller', () => snapshotOf()?.heldByRemote === true && snapshotOf());
    // The caller's SDES offer never reaches the renderer, which could not take it.
    expect(held.renegotiationOffer).toBeUndefined();
    const receivedWhenHeld = caller.received.rtp;
    const toRendererWhenHeld = core.bridgeStats(call.id)?.toRenderer.packets ?? 0;
    // Half a second of the caller's music on hold reaches the renderer; the caller gets nothing back.
    await eventually(
      'the caller’s music on hold at the renderer',
      () => (core.bridgeStats(call.id)?.toRenderer.packets ?? 0) > toRendererWhenHeld + 25,
      MEDIA_TIMEOUT_MS,
    );
    expect(renderer.heardShare(SFB_CALLER_TONE_HZ)).toBeGreaterThan(0.5);
    expect(caller.received.rtp - receivedWhenHeld).toBeLessThanOrEqual(2); // packets on their way when the answer went out

    const resume = await caller.reoffer('sendrecv');
    expect(resume).not.toMatch(/^a=(recvonly|sendonly|inactive)\r$/m);
    expect(unchanged(resume)).toEqual(unchanged(first));
    await eventually('the hold to be over', () => snapshotOf()?.heldByRemote === undefined);
    await eventually('the renderer’s audio at the caller again', () => caller.received.rtp > receivedWhenHeld + 25, MEDIA_TIMEOUT_MS);
    expect(caller.received.failed).toBe(0);

    // New keys mid-call are refused with the reason, and the call goes on.
    const rekeyed = await caller
      .reoffer('sendonly', (sdp) => sdp.replaceAll(/inline:[^|]+/g, `inline:${Buffer.alloc(30, 7).toString('base64')}`))
      .catch((error: unknown) => error);
    expect(String(rekeyed)).toContain('EncryptionMismatch');
    expect(snapshotOf()).toMatchObject({ phase: 'connected' });
  });

  it('holds and resumes from this side: an offer in the caller’s dialect, whose answer may keep fewer of the agreed codecs', async () => {
    // This caller answers new offers with PCMU alone, without telephone-event, as RFC 3264 lets it.
    const withoutEvents = (sdp: string) => sdp.replace(/^(m=audio \d+ RTP\/SAVP) .*$/m, '$1 0');
    const caller = await sfbCall({ alterAnswers: withoutEvents });
    const call = await bridgedRing(core);
    const renderer = rendererStandIn({ telephoneEvent: true });
    onTestFinished(() => renderer.close());
    await renderer.answer(core, call);
    await eventually('the renderer’s tone at the caller', () => caller.heardShare(RENDERER_TONE_HZ) > 0.5, MEDIA_TIMEOUT_MS);
    expect(caller.answerSdp).toMatch(/^m=audio \d+ RTP\/SAVP 0 101\r$/m);
    const connected = await eventually('the call taking new offers', () =>
      core.snapshot().calls.find((c) => c.id === call.id && c.actions.includes('renegotiate')),
    );

    expect(await renderer.offerAgain(core, connected, 'sendonly')).toMatch(/^a=recvonly\r$/m);
    const holdOffer = caller.offersFromCallee.at(-1) ?? '';
    expect(holdOffer).toMatch(/^a=sendonly\r$/m);
    expect(holdOffer).toContain(`a=crypto:2 AES_CM_128_HMAC_SHA1_80 inline:`);
    expect(holdOffer).not.toMatch(/fingerprint|a=setup/);
    await renderer.offerAgain(core, connected, 'sendrecv');
    const resumedAt = caller.received.rtp;
    await eventually('the renderer’s audio at the caller after the resume', () => caller.received.rtp > resumedAt + 25, MEDIA_TIMEOUT_MS);
    expect(core.snapshot().calls.find((c) => c.id === call.id)).toMatchObject({ phase: 'connected' });
  });

  it('ends the call, saying why, when the caller answers this side’s hold with new keys', async () => {
    const newKeys = (sdp: string) => sdp.replaceAll(/inline:[^|]+/g, `inline:${Buffer.alloc(30, 9).toString('base64')}`);
    const caller = await sfbCall({ alterAnswers: newKeys });
    const call = await bridgedRing(core);
    const renderer = rendererStandIn();
    onTestFinished(() => renderer.close());
    await renderer.answer(core, call);
    const connected = await eventually('the call taking new offers', () =>
      core.snapshot().calls.find((c) => c.id === call.id && c.actions.includes('renegotiate')),
    );
    const refused = await renderer.offerAgain(core, connected, 'sendonly').catch((error: unknown) => error);
    expect(refused).toBeInstanceOf(RenegotiationFailedError);
    expect(await caller.leg.ended).toBe('callee');
    const ended = await eventually('the call in the history', () => core.snapshot().history.recent[0]);
    expect(ended).toMatchObject({ outcome: 'failed', ending: expect.stringMatching(/changes its encryption keys/) });
  });

  it('answers a Lync multipart offer delivered as UCWA does (data:multipart/alternative;boundary=…) and names its RFC 5245 part with processedOfferId', async () => {
    const caller = await sfbCall({ alterOffer: (sdp) => lyncMultipartBody(sdp), offerMediaType: LYNC_MULTIPART_TYPE });
    const renderer = rendererStandIn();
    onTestFinished(() => renderer.close());
    await renderer.answer(core, await bridgedRing(core));
    expect(await caller.leg.outcome).toEqual({ status: 'Success' });
    const answers = posts.filter((post) => /\/(acceptWithAnswer|sendProvisionalAnswer)$/.test(post.url.pathname));
    expect(answers.map((post) => post.url.searchParams.get('processedOfferId'))).toEqual(['<rfc5245@contoso.com>']);
    await caller.connected;
  });

  it('measures the time each packet spends in the bridge, for the bench', async () => {
    const { stats, processCpuMs } = await measureBridgedCall(core, 1);
    for (const direction of [stats.toRenderer, stats.toCaller]) {
      expect(direction.packets).toBeGreaterThan(25);
      expect(direction.latencyMs.p50).toBeLessThanOrEqual(direction.latencyMs.p99);
    }
    expect(processCpuMs).toBeGreaterThan(0);
  });

  it.each([
    ['a key that cannot be used', (sdp: string) => sdp.replaceAll(/inline:[^|]+/g, 'inline:c2hvcnQ='), 'EncryptionMismatch', /encryption keys cannot be used/],
    ['no candidate it can reach', (sdp: string) => sdp.replaceAll(/^a=candidate:1 .*\r\n/gm, ''), 'MediaConnectivityFailure', /no network address/],
    ['no codec in common', (sdp: string) => sdp.replace(/^m=audio (\d+) RTP\/SAVP .*$/m, 'm=audio $1 RTP/SAVP 104 114'), 'CodecMismatch', /SILK, x-msrta/],
  ])('declines an offer with %s with the documented reason, and says why', async (_what, alterOffer, reason, sentence) => {
    const caller = await sfbCall({ alterOffer });
    const outcome = await caller.leg.outcome;
    expect(outcome.status === 'Failure' && outcome.reason.subcode).toBe('Declined');
    expect(posts.filter((post) => post.url.pathname.endsWith('/decline')).map((post) => JSON.parse(post.body) as unknown)).toEqual([{ reason }]);
    const ended = await eventually('the call in the history', () => core.snapshot().history.recent[0]);
    expect(ended).toMatchObject({ outcome: 'failed', ending: expect.stringMatching(sentence) });
  });

  it('declines with CodecMismatch when the renderer’s answer takes none of the caller’s codecs, rather than ringing on unanswerable', async () => {
    const caller = await sfbCall({});
    const call = await bridgedRing(core);
    // An answer whose audio was refused (port 0), as a renderer with none of the offered codecs gives.
    const standIn = rendererStandIn();
    onTestFinished(() => standIn.close());
    const refused = await standIn.answer(core, call, (sdp) => sdp.replace(/^m=audio \d+ /m, 'm=audio 0 ')).catch((error: unknown) => error);
    expect(String(refused)).toMatch(/accepted none of the caller’s codecs/);
    const outcome = await caller.leg.outcome;
    expect(outcome.status === 'Failure' && outcome.reason.subcode).toBe('Declined');
    expect(posts.filter((post) => post.url.pathname.endsWith('/decline')).map((post) => JSON.parse(post.body) as unknown)).toEqual([
      { reason: 'CodecMismatch' },
    ]);
  });
});
