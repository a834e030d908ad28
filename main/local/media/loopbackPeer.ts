// The werift peers of the local service's test media (the test call's caller, the meetings' media server):
// loopback peers (main/webrtc/loopbackPeer.ts) speaking the codecs the test signal is encoded in, and what
// they count and hear (audio, and the digits of RFC 4733 telephone-events).
import { RTCRtpCodecParameters, type MediaStreamTrack, type PeerConfig, type RTCPeerConnection } from 'werift';
import { createLoopbackPeer } from '../../webrtc/loopbackPeer.js';
import { PCMU_PAYLOAD_TYPE, PCMU_SAMPLE_RATE } from './pcmu.js';
import { DigitsHeard } from './telephoneEvent.js';
import type { Sending } from './testSignal.js';
import { VIDEO_CLOCK_RATE } from './vp8.js';

import { gatheredLocalSdp } from '../../webrtc/loopbackPeer.js';

export { gatheredLocalSdp };

/** RTP packets by media kind. */
export type MediaCounts = { audio: number; video: number };

/** The telephone-event payload type these peers offer; in an answer they take the offer's. */
const TELEPHONE_EVENT_PAYLOAD_TYPE = 101;

/** A loopback peer with PCMU audio (and telephone-event) and VP8 video, the test signal's codecs (or the codecs given). */
export function createTestSignalPeer(codecs: PeerConfig['codecs'] = testSignalCodecs()): RTCPeerConnection {
  return createLoopbackPeer(codecs);
}

/** The codecs the test signal is encoded in. */
function testSignalCodecs(): PeerConfig['codecs'] {
  return {
    audio: [
      new RTCRtpCodecParameters({ mimeType: 'audio/PCMU', clockRate: PCMU_SAMPLE_RATE, channels: 1, payloadType: PCMU_PAYLOAD_TYPE }),
      new RTCRtpCodecParameters({
        mimeType: 'audio/telephone-event',
        clockRate: PCMU_SAMPLE_RATE,
        channels: 1,
        payloadType: TELEPHONE_EVENT_PAYLOAD_TYPE,
        parameters: '0-16',
      }),
    ],
    video: [
      new RTCRtpCodecParameters({
        mimeType: 'video/VP8',
        clockRate: VIDEO_CLOCK_RATE,
        payloadType: 96,
        rtcpFeedback: [{ type: 'nack' }, { type: 'nack', parameter: 'pli' }],
      }),
    ],
  };
}

/** When (performance.now()) the first RTP packet of each kind came. */
export type FirstPackets = { audio?: number; video?: number };

/** Counts the RTP packets the peer receives on each remote track, in `counts`, and notes the first of each kind in `first`. */
export function countReceivedRtp(pc: RTCPeerConnection, counts: MediaCounts, first: FirstPackets = {}): void {
  onEachRemoteTrack(pc, (track) => {
    const kind = track.kind === 'video' ? 'video' : 'audio';
    track.onReceiveRtp.subscribe(() => {
      first[kind] ??= performance.now();
      counts[kind]++;
    });
  });
}

/**
 * Hands `hear` each PCMU payload the peer receives, with when it came (performance.now()). Other payload
 * types on the audio track (comfort noise, telephone-event) are left out.
 */
export function receivePcmu(pc: RTCPeerConnection, hear: (payload: Buffer, at: number) => void): void {
  onEachRemoteTrack(pc, (track) => {
    if (track.kind !== 'audio') return;
    track.onReceiveRtp.subscribe(({ header, payload }) => {
      if (header.payloadType === PCMU_PAYLOAD_TYPE) hear(payload, performance.now());
    });
  });
}

/** The DTMF digits the peer hears, on whichever telephone-event payload types the latest negotiation agreed. */
export function hearDigits(pc: RTCPeerConnection): DigitsHeard {
  const heard = new DigitsHeard((payloadType) =>
    pc
      .getTransceivers()
      .some((transceiver) => transceiver.codecs.some((codec) => codec.payloadType === payloadType && codec.mimeType.toLowerCase() === 'audio/telephone-event')),
  );
  onEachRemoteTrack(pc, (track) => {
    if (track.kind === 'audio') track.onReceiveRtp.subscribe(({ header, payload }) => heard.hear(header, payload));
  });
  return heard;
}

/** Calls `use` once for each remote track, although werift announces a track again after every renegotiation that lets it receive. */
function onEachRemoteTrack(pc: RTCPeerConnection, use: (track: MediaStreamTrack) => void): void {
  const seen = new WeakSet<MediaStreamTrack>();
  pc.onTrack.subscribe((track) => {
    if (seen.has(track)) return;
    seen.add(track);
    use(track);
  });
}

/** What the latest negotiation lets the peer send, per medium (RFC 3264: nothing while recvonly or inactive). */
export function negotiatedSending(pc: RTCPeerConnection): Sending {
  const sends = (kind: 'audio' | 'video') =>
    pc
      .getTransceivers()
      .some((transceiver) => transceiver.kind === kind && (transceiver.currentDirection === 'sendrecv' || transceiver.currentDirection === 'sendonly'));
  return { audio: sends('audio'), video: sends('video') };
}

/** Answers the other side's new offer in a connected call (hold, resume) with every candidate; returns the answer and what the peer may send now. */
export async function answerNewOffer(pc: RTCPeerConnection, offerSdp: string): Promise<{ answerSdp: string; sending: Sending }> {
  await pc.setRemoteDescription({ type: 'offer', sdp: offerSdp });
  await pc.setLocalDescription(await pc.createAnswer());
  const answerSdp = await gatheredLocalSdp(pc);
  return { answerSdp, sending: negotiatedSending(pc) };
}
