// The RTCP a leg of the bridge sends when it closes (RFC 3550 §6.3.7): a BYE for the SSRC it sent with, so
// the other end knows the stream ended rather than waiting for it to time out. RFC 3550 §6.1 wants every
// compound packet to open with a report and carry a CNAME, so the BYE comes after an empty receiver report
// and the source description. werift writes the first two; it has no BYE packet, which is written here.
import { RtcpRrPacket, RtcpSourceDescriptionPacket, SourceDescriptionChunk, SourceDescriptionItem } from 'werift';

const RTCP_VERSION = 2;
const RTCP_BYE = 203;
const SDES_CNAME = 1;

/** The compound packet saying goodbye for `ssrc`, unprotected. */
export function rtcpGoodbye(ssrc: number, cname: string): Buffer {
  const report = new RtcpRrPacket({ ssrc, reports: [] }).serialize();
  const description = new RtcpSourceDescriptionPacket({
    chunks: [new SourceDescriptionChunk({ source: ssrc, items: [new SourceDescriptionItem({ type: SDES_CNAME, text: cname })] })],
  }).serialize();
  // One source, no reason: the header, then the SSRC; the length counts 32-bit words after the first.
  const bye = Buffer.alloc(8);
  bye[0] = (RTCP_VERSION << 6) | 1;
  bye[1] = RTCP_BYE;
  bye.writeUInt16BE(1, 2);
  bye.writeUInt32BE(ssrc, 4);
  return Buffer.concat([report, description, bye]);
}

/**
 * Resolves once the datagrams sent so far left: a UDP send to an address goes out a tick later (Node's dgram
 * looks the address up first, and an IP literal is answered on the next tick), and closing the socket
 * before that would drop it. One turn of the event loop is enough.
 */
export function datagramsSent(): Promise<void> {
  return new Promise((resolve) => setImmediate(resolve));
}
