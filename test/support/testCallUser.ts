// The user's side of a real test call over the local service: a werift peer answers the test call's
// invitation over HTTP (acceptWithAnswer), as the page would, and RTP flows both ways over loopback.
import { expect } from 'vitest';
import { MediaStreamTrack, type RTCPeerConnection } from 'werift';
import { countReceivedRtp, createTestSignalPeer, gatheredLocalSdp, type MediaCounts } from '../../main/local/media/loopbackPeer.js';
import type { AudioSource } from '../../main/local/media/pcmu.js';
import { TestSignal } from '../../main/local/media/testSignal.js';
import { TestCallPeer, type TestCallOptions } from '../../main/local/testCallPeer.js';
import { sdpOf, type HttpSession, type Resource } from './httpSession.js';

/**
 * A werift answerer sending the test signal (with `audio` instead of the tone, if given) once connected.
 * Like a browser, it sends nothing of a medium its negotiated direction does not let it send.
 */
export type UserPeer = { pc: RTCPeerConnection; received: MediaCounts; signal: TestSignal };

/** A user peer, closed after the test. */
export function userPeer(session: HttpSession, audio?: AudioSource): UserPeer {
  const pc = createTestSignalPeer();
  const signal = new TestSignal(audio);
  const peer = { pc, received: { audio: 0, video: 0 }, signal };
  session.closeAfterTest(async () => {
    signal.stop();
    await pc.close();
  });
  countReceivedRtp(pc, peer.received);
  return peer;
}

/**
 * The test call rings and `user` answers it over HTTP, sending on every medium offered; resolves once the
 * call connected. The test call's peer is closed after the test.
 */
export async function answeredTestCall(session: HttpSession, user: UserPeer, options: TestCallOptions) {
  const placing = TestCallPeer.call(session.service, options);
  const started = await session.nextEvent('the invitation', 0, (event) => event.rel === 'audioVideoInvitation' && event.type === 'started');
  const peer = await placing;
  session.closeAfterTest(() => peer.close());
  const invitation = started.embedded as Resource;
  const conversationHref = invitation._links.conversation?.href ?? '';
  const tracks: { audio?: MediaStreamTrack; video?: MediaStreamTrack } = {};
  await user.pc.setRemoteDescription({ type: 'offer', sdp: sdpOf(invitation, 'mediaOffer') });
  for (const transceiver of user.pc.getTransceivers()) {
    const kind = transceiver.kind === 'video' ? 'video' : 'audio';
    const track = (tracks[kind] ??= new MediaStreamTrack({ kind }));
    transceiver.setDirection('sendrecv');
    await transceiver.sender.replaceTrack(track);
  }
  user.pc.connectionStateChange.subscribe((state) => {
    if (state === 'connected') user.signal.start(tracks);
  });
  await user.pc.setLocalDescription(await user.pc.createAnswer());
  const accept = `${invitation._links.acceptWithAnswer?.href ?? ''}?sessionContext=${String(invitation.sessionContext)}`;
  await session.post(accept, { sdp: await gatheredLocalSdp(user.pc) });
  expect(await peer.outcome).toEqual({ status: 'Success' });
  return { peer, sessionHref: `${conversationHref}/audioVideo/audioVideoSession` };
}
