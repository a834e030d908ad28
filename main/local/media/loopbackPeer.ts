// The werift peers of the local service's test media (the test call's caller, the meetings' media server):
// they live on this machine, so they gather, offer and accept loopback candidates only, and speak the
// codecs the test signal is encoded in.
import sdpTransform from 'sdp-transform';
import { RTCPeerConnection, RTCRtpCodecParameters, type MediaStreamTrack, type PeerConfig, type RTCLocalSessionDescriptionInit, type SessionDescription } from 'werift';
import { PCMU_PAYLOAD_TYPE, PCMU_SAMPLE_RATE } from './pcmu.js';
import type { Sending } from './testSignal.js';
import { VIDEO_CLOCK_RATE } from './vp8.js';

/** RTP packets by media kind. */
export type MediaCounts = { audio: number; video: number };

const GATHERING_TIMEOUT_MS = 10_000;

const isLoopback = (host: string) => host.startsWith('127.') || host === '::1' || host === 'localhost';

/** A peer on 127.0.0.1 with no STUN or TURN server, PCMU audio and VP8 video (or the codecs given). */
export function createLoopbackPeer(codecs: PeerConfig['codecs'] = testSignalCodecs()): RTCPeerConnection {
  const config: Partial<PeerConfig> = {
    iceServers: [],
    iceUseIpv6: false,
    iceInterfaceAddresses: { udp4: '127.0.0.1' },
    iceAdditionalHostAddresses: ['127.0.0.1'],
    iceFilterCandidatePair: (pair) => isLoopback(pair.remoteCandidate.host),
    iceFilterStunResponse: (_message, address) => isLoopback(address[0]),
    codecs,
  };
  return new LoopbackPeerConnection(config);
}

/**
 * werift gives every ICE agent a public STUN server (stun.l.google.com) when none is configured and asks it
 * while gathering; these peers stay on this machine, so each agent's is taken away before it gathers.
 */
class LoopbackPeerConnection extends RTCPeerConnection {
  override setLocalDescription(description: { type: 'rollback' }): Promise<void>;
  override setLocalDescription(description?: RTCLocalSessionDescriptionInit): Promise<SessionDescription>;
  override setLocalDescription(description?: RTCLocalSessionDescriptionInit | { type: 'rollback' }): Promise<SessionDescription | void> {
    for (const transport of this.iceTransports) transport.connection.stunServer = undefined;
    return super.setLocalDescription(description as RTCLocalSessionDescriptionInit);
  }
}

/** The codecs the test signal is encoded in. */
function testSignalCodecs(): PeerConfig['codecs'] {
  return {
    audio: [new RTCRtpCodecParameters({ mimeType: 'audio/PCMU', clockRate: PCMU_SAMPLE_RATE, channels: 1, payloadType: PCMU_PAYLOAD_TYPE })],
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

/**
 * The local description once ICE gathering is complete (UCWA does not trickle), loopback candidates only.
 * Rejects when the peer closes first, so a closed peer leaves no timer behind.
 */
export async function gatheredLocalSdp(pc: RTCPeerConnection): Promise<string> {
  if (pc.iceGatheringState !== 'complete') {
    await new Promise<void>((resolve, reject) => {
      const timer = setTimeout(() => settle(new Error('ICE gathering did not complete')), GATHERING_TIMEOUT_MS);
      const subscription = pc.iceGatheringStateChange.subscribe(
        (state) => {
          if (state === 'complete') settle();
        },
        () => settle(new Error('The peer closed while gathering')),
      );
      function settle(error?: Error): void {
        clearTimeout(timer);
        subscription.unSubscribe();
        if (error) reject(error);
        else resolve();
      }
    });
  }
  return keepPortsOfInactiveMedia(keepLoopbackCandidates(pc.localDescription?.sdp ?? ''));
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

/** Calls `use` once for each remote track, although werift announces a track again after every renegotiation that lets it receive. */
function onEachRemoteTrack(pc: RTCPeerConnection, use: (track: MediaStreamTrack) => void): void {
  const seen = new WeakSet<MediaStreamTrack>();
  pc.onTrack.subscribe((track) => {
    if (seen.has(track)) return;
    seen.add(track);
    use(track);
  });
}

/** Drops every candidate that is not on loopback from an SDP. */
export function keepLoopbackCandidates(sdp: string): string {
  const session = sdpTransform.parse(sdp);
  for (const media of session.media) {
    if (media.candidates) media.candidates = media.candidates.filter((candidate) => isLoopback(candidate.ip));
  }
  return sdpTransform.write(session);
}

/** What the latest negotiation lets the peer send, per medium (RFC 3264: nothing while recvonly or inactive). */
export function negotiatedSending(pc: RTCPeerConnection): Sending {
  const sends = (kind: 'audio' | 'video') =>
    pc.getTransceivers().some((transceiver) => transceiver.kind === kind && (transceiver.currentDirection === 'sendrecv' || transceiver.currentDirection === 'sendonly'));
  return { audio: sends('audio'), video: sends('video') };
}

/**
 * werift writes an inactive section with port 0, which in SDP means rejected (RFC 3264 section 6): a peer
 * would stop that transceiver for good. Held media stays negotiated, so it keeps the discard port.
 */
function keepPortsOfInactiveMedia(sdp: string): string {
  const session = sdpTransform.parse(sdp);
  for (const media of session.media) if (media.direction === 'inactive' && media.port === 0) media.port = 9;
  return sdpTransform.write(session);
}
