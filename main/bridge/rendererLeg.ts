// The bridge's leg toward the renderer: a standard WebRTC connection (werift: ICE, DTLS-SRTP) over
// loopback, which offers the caller's passthrough codecs with the caller's payload types. The renderer
// answers this offer exactly as it answers any WebRTC call. Media is read and written at the DTLS
// transport, under werift's senders and receivers, so payload types, sequence numbers and timestamps
// pass unchanged and the only RTCP is what the bridge translates.
import sdpTransform from 'sdp-transform';
import { RTCRtpCodecParameters, type RTCPeerConnection, type RTCRtpTransceiver, type RtcpPacket, type RtpHeader, type RtpPacket } from 'werift';
import { createLoopbackPeer, gatheredLocalSdp, keepLoopbackCandidates } from '../webrtc/loopbackPeer.js';
import { offeredCodecs, TELEPHONE_EVENT, type Codec } from './passthroughCodecs.js';
import { BridgeRefusal } from './refusal.js';
import { datagramsSent, rtcpGoodbye } from './rtcpGoodbye.js';

/** How long the renderer has to connect once it answered. */
const CONNECT_TIMEOUT_MS = 20_000;

/** What arrives from the renderer; RTP with when it arrived (performance.now()). */
export type RendererLegHandlers = {
  rtp(packet: RtpPacket, receivedAt: number): void;
  rtcp(packet: RtcpPacket): void;
};

/** A session attribute that tells the renderer's offer analysis the offer is the bridge's (see preload/shared/offerAnalysis.ts). */
export function bridgeMarker(videoDeclined: boolean): string {
  return `a=x-softphone-bridge:sfb${videoDeclined ? ' video-declined' : ''}`;
}

export class RendererLeg {
  private constructor(
    private readonly pc: RTCPeerConnection,
    private readonly transceiver: RTCRtpTransceiver,
    /** The offer this leg made the renderer, or its answer to the renderer's offer. */
    readonly localSdp: string,
    /** The CNAME the offer announced with the bridge's SSRC. */
    readonly cname: string,
  ) {}

  /** Makes the offer (gathering complete, loopback candidates only), marked as the bridge's. */
  static async offer(codecs: readonly Codec[], marker: string): Promise<RendererLeg> {
    const pc = createLoopbackPeer({ audio: codecs.map((codec) => toWerift(codec)), video: [] });
    try {
      const transceiver = pc.addTransceiver('audio', { direction: 'sendrecv' });
      // werift falls back to stun.l.google.com when no STUN server is given; this leg stays on loopback.
      for (const transport of pc.iceTransports) transport.connection.stunServer = undefined;
      // The bridge translates the caller's receiver reports; werift's own would contradict them.
      transceiver.receiver.stop();
      await pc.setLocalDescription(await pc.createOffer());
      const sdp = await gatheredLocalSdp(pc);
      const cname = sdpTransform.parse(sdp).media[0]?.ssrcs?.find((line) => line.attribute === 'cname')?.value ?? '';
      return new RendererLeg(pc, transceiver, sdp.replace(/^m=/m, `${marker}\r\nm=`), cname);
    } catch (error) {
      await pc.close();
      throw error;
    }
  }

  /**
   * Answers the renderer's own offer (a call placed here through the bridge) with `codecs`, those the
   * callee agreed to, in the renderer's payload types; any other medium (video) is declined.
   */
  static async answer(rendererOfferSdp: string, codecs: readonly Codec[]): Promise<RendererLeg> {
    // werift answers only media it has a codec for: the offer's first video codec lets it answer the video inactive.
    const video = sdpTransform.parse(rendererOfferSdp).media.find((m) => m.type === 'video' && m.port !== 0);
    const videoCodec = video && offeredCodecs(video)[0];
    const pc = createLoopbackPeer({ audio: codecs.map((codec) => toWerift(codec)), video: videoCodec ? [toWerift(videoCodec, 'video')] : [] });
    try {
      await pc.setRemoteDescription({ type: 'offer', sdp: keepLoopbackCandidates(rendererOfferSdp) });
      for (const transport of pc.iceTransports) transport.connection.stunServer = undefined;
      const transceivers = pc.getTransceivers();
      const transceiver = transceivers.find((t) => t.kind === 'audio');
      if (!transceiver) throw new BridgeRefusal('UnsupportedMedia', 'This computer’s offer has no audio.');
      for (const other of transceivers) other.setDirection(other === transceiver ? 'sendrecv' : 'inactive');
      transceiver.receiver.stop();
      await pc.setLocalDescription(await pc.createAnswer());
      const sdp = await gatheredLocalSdp(pc);
      const cname =
        sdpTransform
          .parse(sdp)
          .media.find((m) => m.type === 'audio')
          ?.ssrcs?.find((line) => line.attribute === 'cname')?.value ?? '';
      return new RendererLeg(pc, transceiver, sdp, cname);
    } catch (error) {
      await pc.close();
      throw error;
    }
  }

  /** The SSRC the bridge sends to the renderer with, as the offer announced it. */
  get ssrc(): number {
    return this.transceiver.sender.ssrc;
  }

  /**
   * Takes the renderer's answer; resolves with the offered codecs it accepted, in its order, or refuses
   * with CodecMismatch when it took no audio codec.
   */
  async accept(answerSdp: string, offered: readonly Codec[]): Promise<Codec[]> {
    const audio = sdpTransform.parse(answerSdp).media.find((m) => m.type === 'audio' && m.port !== 0);
    const accepted = (audio ? offeredCodecs(audio) : []).flatMap((taken) => offered.filter((codec) => codec.payloadType === taken.payloadType));
    if (!accepted.some((codec) => codec.name !== TELEPHONE_EVENT)) {
      throw new BridgeRefusal('CodecMismatch', 'This computer’s audio accepted none of the caller’s codecs.');
    }
    await this.pc.setRemoteDescription({ type: 'answer', sdp: keepLoopbackCandidates(answerSdp) });
    return accepted;
  }

  /** Answers the renderer's new offer in the connected call (it holds or resumes), as werift answers it. */
  async answerNewOffer(offerSdp: string): Promise<string> {
    await this.pc.setRemoteDescription({ type: 'offer', sdp: keepLoopbackCandidates(offerSdp) });
    await this.pc.setLocalDescription(await this.pc.createAnswer());
    return gatheredLocalSdp(this.pc);
  }

  /** Resolves once DTLS-SRTP is up and hands over what the renderer sends; refuses when it does not connect. */
  async connect(handlers: RendererLegHandlers): Promise<void> {
    const transport = this.transceiver.dtlsTransport;
    transport.onRtp.subscribe((packet) => handlers.rtp(packet, performance.now()));
    transport.onRtcp.subscribe((packet) => handlers.rtcp(packet));
    if (transport.state === 'connected') return;
    await new Promise<void>((resolve, reject) => {
      const timer = setTimeout(() => settle('failed'), CONNECT_TIMEOUT_MS);
      const subscription = transport.onStateChange.subscribe((state) => settle(state));
      function settle(state: string): void {
        if (state !== 'connected' && state !== 'failed' && state !== 'closed') return;
        clearTimeout(timer);
        subscription.unSubscribe();
        if (state === 'connected') resolve();
        else reject(new BridgeRefusal('MediaConnectivityFailure', 'The call’s audio could not connect to this computer’s audio.'));
      }
    });
  }

  /**
   * Calls `lost` once the renderer closed the connection (DTLS close_notify: its window went) or it failed
   * (ICE consent expired, 30 s after the renderer fell silent).
   */
  onFailure(lost: () => void): void {
    this.transceiver.dtlsTransport.onStateChange.subscribe((state) => {
      if (state === 'failed' || state === 'closed') lost();
    });
    this.pc.connectionStateChange.subscribe((state) => {
      if (state === 'failed') lost();
    });
  }

  sendRtp(header: RtpHeader, payload: Buffer): void {
    void this.transceiver.dtlsTransport.sendRtp(payload, header);
  }

  sendRtcp(packets: RtcpPacket[]): void {
    if (packets.length > 0) void this.transceiver.dtlsTransport.sendRtcp(packets).catch(() => undefined);
  }

  /** Says goodbye (RTCP BYE) while DTLS-SRTP is up, then closes the connection. */
  async close(): Promise<void> {
    const transport = this.transceiver.dtlsTransport;
    if (transport.state === 'connected') {
      // sendRtcp takes werift's packets, which have no BYE: the compound goes through its SRTCP as it is.
      await transport.iceTransport.connection.send(transport.srtcp.encrypt(rtcpGoodbye(this.ssrc, this.cname))).catch(() => undefined);
      await datagramsSent();
    }
    await this.pc.close();
  }
}

function toWerift(codec: Codec, kind: 'audio' | 'video' = 'audio'): RTCRtpCodecParameters {
  return new RTCRtpCodecParameters({
    mimeType: `${kind}/${codec.name}`,
    clockRate: codec.clockRate,
    channels: codec.channels,
    payloadType: codec.payloadType,
    ...(codec.fmtp !== undefined && { parameters: codec.fmtp }),
  });
}
