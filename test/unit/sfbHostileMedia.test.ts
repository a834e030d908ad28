// A Skype for Business call through the core's media bridge, in Node, under what the network or a broken
// caller may send: packets replayed from the caller's own address, datagrams from other addresses (while
// STUN from them is still answered), and a caller that encrypts with another key than the one it offered.
import { createSocket, type Socket } from 'node:dgram';
import sdpTransform from 'sdp-transform';
import { afterEach, beforeEach, describe, expect, it, onTestFinished } from 'vitest';
import { classes, Message, methods, parseMessage, RtpHeader } from 'werift';
import { freshSdesKey } from '../../main/bridge/sdes.js';
import { Core } from '../../main/core/core.js';
import { bridgedRing, rendererStandIn } from '../support/bridgedCall.js';
import { eventually } from '../support/localServer.js';
import { SFB_CALLER_TONE_HZ, SfbCaller, type SfbCallOptions } from '../support/sfbCaller.js';

const MEDIA_TIMEOUT_MS = 15_000;

describe('a Skype for Business call’s media, when what arrives is not what the caller should send', () => {
  let core: Core;

  beforeEach(async () => {
    core = await Core.start({ endpointId: '6f0e1c2a-3b4d-4e5f-8a9b-0c1d2e3f4a5b', userAgent: 'softphone-test' });
    await eventually('sign-in', () => core.snapshot().account.state === 'signedIn');
  });

  afterEach(() => core.stop());

  /** A call from `options`' caller, answered by a werift stand-in for the renderer. */
  const answeredCall = async (options: SfbCallOptions = {}) => {
    const caller = await SfbCaller.call(core.localService!, options);
    onTestFinished(() => caller.close());
    const call = await bridgedRing(core);
    const renderer = rendererStandIn();
    onTestFinished(() => renderer.close());
    await renderer.answer(core, call);
    return { caller, call, renderer };
  };
  const refused = (callId: string) => core.bridgeStats(callId)?.refusedFromCaller;

  it('refuses a packet the caller’s address sends again, and goes on with the stream', async () => {
    const { caller, call, renderer } = await answeredCall();
    await eventually('the caller’s tone at the renderer', () => renderer.heardShare(SFB_CALLER_TONE_HZ) > 0.5, MEDIA_TIMEOUT_MS);
    await caller.replayLast(3);
    await eventually('three replays refused', () => refused(call.id)?.replayed === 3, MEDIA_TIMEOUT_MS);
    const carried = core.bridgeStats(call.id)?.toRenderer.packets ?? 0;
    await eventually('the caller’s stream carried on', () => (core.bridgeStats(call.id)?.toRenderer.packets ?? 0) > carried + 10, MEDIA_TIMEOUT_MS);
    expect(refused(call.id)).toMatchObject({ unauthenticated: 0, replayed: 3 });
  });

  it('drops datagrams from another address before decrypting them, and still answers STUN checks from there', async () => {
    const { caller, call } = await answeredCall();
    await caller.connected;
    const bridge = bridgeAddress(caller);
    const stranger = createSocket('udp4');
    onTestFinished(() => new Promise<void>((resolve) => stranger.close(() => resolve())));
    await new Promise<void>((resolve) => stranger.bind(0, '127.0.0.1', resolve));

    // SRTP-shaped datagrams with the caller's SSRC, from an address ICE never checked.
    const forged = Buffer.concat([new RtpHeader({ payloadType: 0, ssrc: caller.ssrc, sequenceNumber: 1, timestamp: 0 }).serialize(12), Buffer.alloc(171, 7)]);
    for (let i = 0; i < 50; i++) stranger.send(forged, bridge.port, bridge.ip);
    await eventually('the forged datagrams dropped', () => refused(call.id)?.fromElsewhere === 50, MEDIA_TIMEOUT_MS);
    expect(refused(call.id)).toMatchObject({ unauthenticated: 0 });

    // A connectivity check from there (as after a NAT rebinding) is answered as before.
    const request = new Message(methods.BINDING, classes.REQUEST)
      .setAttribute('USERNAME', `${bridge.ufrag}:${bridge.callerUfrag}`)
      .setAttribute('PRIORITY', 1_862_270_975)
      .setAttribute('ICE-CONTROLLING', 1n)
      .addMessageIntegrity(Buffer.from(bridge.pwd, 'utf8'))
      .addFingerprint();
    const response = answerTo(stranger, request);
    stranger.send(request.bytes, bridge.port, bridge.ip);
    expect((await response).messageClass).toBe(classes.RESPONSE);
  });

  it('ends the call, saying why, when the caller encrypts with another key than the one it offered', async () => {
    const { caller, call } = await answeredCall({ sendKey: { ...freshSdesKey(2), mki: { value: 1, length: 1 } } });
    expect(await caller.leg.ended).toBe('callee');
    const ended = await eventually('the call in the history', () => core.snapshot().history.recent.find((entry) => entry.id === call.id));
    expect(ended).toMatchObject({
      outcome: 'failed',
      endCode: 'EncryptionMismatch',
      ending: expect.stringMatching(/encrypted with another key than the one it offered \(\d+ packets in \d+ s, none authentic\)/),
    });
  });
});

/** The bridge's RTP candidate and ICE credentials, from its answer, and the caller's user fragment. */
function bridgeAddress(caller: SfbCaller): { ip: string; port: number; ufrag: string; pwd: string; callerUfrag: string } {
  const audio = sdpTransform.parse(caller.answerSdp ?? '').media.find((m) => m.type === 'audio');
  const candidate = audio?.candidates?.find((c) => c.component === 1);
  const callerUfrag = sdpTransform.parse(caller.offerSdp).media[0]?.iceUfrag;
  if (!audio?.iceUfrag || !audio.icePwd || !candidate || !callerUfrag) throw new Error('The answer lacks the bridge’s candidate or credentials');
  return { ip: candidate.ip, port: candidate.port, ufrag: audio.iceUfrag, pwd: audio.icePwd, callerUfrag };
}

/** The STUN answer `socket` receives to `request`. */
function answerTo(socket: Socket, request: Message): Promise<Message> {
  return new Promise((resolve) => {
    const listener = (data: Buffer) => {
      const message = parseMessage(data);
      if (message?.transactionIdHex !== request.transactionIdHex) return;
      socket.off('message', listener);
      resolve(message);
    };
    socket.on('message', listener);
  });
}
