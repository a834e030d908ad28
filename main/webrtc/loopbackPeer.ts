// werift peers that stay on this machine: they gather, offer and accept loopback candidates only. The media
// bridge's leg toward the renderer is one; so are the local service's test peers (main/local/media/).
import sdpTransform from 'sdp-transform';
import { RTCPeerConnection, type PeerConfig, type RTCLocalSessionDescriptionInit, type RTCSessionDescriptionInit, type SessionDescription } from 'werift';
import { isLoopbackAddress } from './loopbackAddress.js';

const GATHERING_TIMEOUT_MS = 10_000;

/** A peer on 127.0.0.1 with no STUN or TURN server, speaking the codecs given. */
export function createLoopbackPeer(codecs: PeerConfig['codecs']): RTCPeerConnection {
  const config: Partial<PeerConfig> = {
    iceServers: [],
    iceUseIpv6: false,
    iceInterfaceAddresses: { udp4: '127.0.0.1' },
    iceAdditionalHostAddresses: ['127.0.0.1'],
    iceFilterCandidatePair: (pair) => isLoopbackAddress(pair.remoteCandidate.host),
    iceFilterStunResponse: (_message, address) => isLoopbackAddress(address[0]),
    codecs,
  };
  return new LoopbackPeerConnection(config);
}

/**
 * werift gives every ICE agent a public STUN server (stun.l.google.com) when none is configured and asks it
 * while gathering; these peers stay on this machine, so each agent's is taken away before it gathers.
 * A transport that a bundled answer leaves no transceiver of (werift gathers one per medium for an offer)
 * is stopped: werift forgets it with its sockets still open, and close() would never reach it.
 */
class LoopbackPeerConnection extends RTCPeerConnection {
  override setLocalDescription(description: { type: 'rollback' }): Promise<void>;
  override setLocalDescription(description?: RTCLocalSessionDescriptionInit): Promise<SessionDescription>;
  override setLocalDescription(description?: RTCLocalSessionDescriptionInit | { type: 'rollback' }): Promise<SessionDescription | void> {
    for (const transport of this.iceTransports) transport.connection.stunServer = undefined;
    return super.setLocalDescription(description as RTCLocalSessionDescriptionInit);
  }

  override async setRemoteDescription(description: RTCSessionDescriptionInit): Promise<void> {
    const before = this.dtlsTransports;
    await super.setRemoteDescription(description);
    const inUse = new Set(this.dtlsTransports);
    await Promise.allSettled(before.filter((transport) => !inUse.has(transport)).map((transport) => transport.stop()));
  }
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

/** Drops every candidate that is not on loopback from an SDP. */
export function keepLoopbackCandidates(sdp: string): string {
  const session = sdpTransform.parse(sdp);
  for (const media of session.media) {
    if (media.candidates) media.candidates = media.candidates.filter((candidate) => isLoopbackAddress(candidate.ip));
  }
  return sdpTransform.write(session);
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
