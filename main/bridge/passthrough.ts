// Audio between the two legs without transcoding, as an RTP translator (RFC 7667 §3.2.1.1): payloads,
// sequence numbers and timestamps pass unchanged, payload types and SSRCs are rewritten, header
// extensions are dropped. Sender and receiver reports are translated with the same SSRC mapping, so each
// end's statistics (loss, jitter, round trip through the bridge) describe the whole path.
import {
  RtcpReceiverInfo,
  RtcpRrPacket,
  RtcpSourceDescriptionPacket,
  RtcpSrPacket,
  RtpHeader,
  SourceDescriptionChunk,
  SourceDescriptionItem,
  type RtcpPacket,
  type RtpPacket,
} from 'werift';
import type { CodecPair } from './passthroughCodecs.js';

/** One leg as the passthrough uses it: the SSRC and CNAME the bridge sends with there, and how it sends. */
type Side = {
  readonly ssrc: number;
  readonly cname: string;
  sendRtp(header: RtpHeader, payload: Buffer): void;
  sendRtcp(packets: RtcpPacket[]): void;
};

export type PassthroughSides = { caller: Side; renderer: Side };

/**
 * What one direction has carried: packets; those dropped (no negotiated payload type); and the time each
 * spent in the bridge, from reaching it (the caller's still encrypted, the renderer's decrypted by werift)
 * to its copy leaving for the other leg, encrypted.
 */
export type DirectionStats = { packets: number; dropped: number; latencyMs: { p50: number; p99: number }; busyMs: number };
export type PassthroughStats = { toRenderer: DirectionStats; toCaller: DirectionStats };

const SDES_CNAME = 1;
/** Latency samples kept per direction (about 80 s of 20 ms packets). */
const SAMPLES_KEPT = 4096;

export class AudioPassthrough {
  readonly #toRenderer = new Direction();
  readonly #toCaller = new Direction();
  /** The far ends' SSRCs, once they sent: reports about the bridge's streams are about theirs on the other side. */
  #callerSsrc: number | undefined;
  #rendererSsrc: number | undefined;

  constructor(
    private readonly sides: PassthroughSides,
    private readonly codecs: readonly CodecPair[],
  ) {}

  fromCaller(packet: RtpPacket, receivedAt: number): void {
    const pair = this.codecs.find((codec) => codec.caller.payloadType === packet.header.payloadType);
    if (!pair) return this.#toRenderer.drop();
    this.#callerSsrc = packet.header.ssrc;
    this.sides.renderer.sendRtp(rewritten(packet, pair.renderer.payloadType, this.sides.renderer.ssrc), packet.payload);
    this.#toRenderer.carried(receivedAt);
  }

  fromRenderer(packet: RtpPacket, receivedAt: number): void {
    const pair = this.codecs.find((codec) => codec.renderer.payloadType === packet.header.payloadType);
    if (!pair) return this.#toCaller.drop();
    this.#rendererSsrc = packet.header.ssrc;
    this.sides.caller.sendRtp(rewritten(packet, pair.caller.payloadType, this.sides.caller.ssrc), packet.payload);
    this.#toCaller.carried(receivedAt);
  }

  callerRtcp(packets: readonly RtcpPacket[]): void {
    this.sides.renderer.sendRtcp(translated(packets, this.sides.renderer, { about: this.sides.caller.ssrc, becomes: this.#rendererSsrc }));
  }

  rendererRtcp(packets: readonly RtcpPacket[]): void {
    this.sides.caller.sendRtcp(translated(packets, this.sides.caller, { about: this.sides.renderer.ssrc, becomes: this.#callerSsrc }));
  }

  stats(): PassthroughStats {
    return { toRenderer: this.#toRenderer.stats(), toCaller: this.#toCaller.stats() };
  }
}

function rewritten({ header }: RtpPacket, payloadType: number, ssrc: number): RtpHeader {
  return new RtpHeader({ payloadType, ssrc, sequenceNumber: header.sequenceNumber, timestamp: header.timestamp, marker: header.marker });
}

/**
 * Sender and receiver reports as the other side must read them: sent by the bridge's SSRC there, with the
 * report blocks about the bridge's stream on this side turned into blocks about the far end's stream on
 * that side, and a CNAME as RFC 3550 §6.1 asks. Other RTCP (feedback, Microsoft's APP packets) is not
 * passed on: it concerns one hop or one vendor.
 */
function translated(packets: readonly RtcpPacket[], to: Side, reports: { about: number; becomes: number | undefined }): RtcpPacket[] {
  const blocks = (infos: readonly RtcpReceiverInfo[]) =>
    reports.becomes === undefined
      ? []
      : infos.filter((info) => info.ssrc === reports.about).map((info) => new RtcpReceiverInfo({ ...info, ssrc: reports.becomes }));
  const out = packets.flatMap((packet): RtcpPacket[] => {
    if (packet instanceof RtcpSrPacket) return [new RtcpSrPacket({ ssrc: to.ssrc, senderInfo: packet.senderInfo, reports: blocks(packet.reports) })];
    if (packet instanceof RtcpRrPacket) return [new RtcpRrPacket({ ssrc: to.ssrc, reports: blocks(packet.reports) })];
    return [];
  });
  if (out.length === 0) return [];
  const cname = new SourceDescriptionChunk({ source: to.ssrc, items: [new SourceDescriptionItem({ type: SDES_CNAME, text: to.cname })] });
  return [...out, new RtcpSourceDescriptionPacket({ chunks: [cname] })];
}

class Direction {
  #packets = 0;
  #dropped = 0;
  #busyMs = 0;
  readonly #samples: number[] = [];

  carried(receivedAt: number): void {
    const spent = performance.now() - receivedAt;
    this.#packets++;
    this.#busyMs += spent;
    this.#samples.push(spent);
    if (this.#samples.length > SAMPLES_KEPT) this.#samples.shift();
  }

  drop(): void {
    this.#dropped++;
  }

  stats(): DirectionStats {
    const sorted = [...this.#samples].sort((a, b) => a - b);
    const at = (quantile: number) => sorted[Math.min(sorted.length - 1, Math.floor(quantile * sorted.length))] ?? 0;
    return { packets: this.#packets, dropped: this.#dropped, latencyMs: { p50: at(0.5), p99: at(0.99) }, busyMs: this.#busyMs };
  }
}
