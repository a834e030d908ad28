/** RTP's clock for video, VP8 included (RFC 7741). */
export const VIDEO_CLOCK_RATE = 90_000;

/** Largest VP8 payload per RTP packet, leaving room for headers, SRTP and tunnels under a 1200-byte MTU. */
const MAX_PAYLOAD = 1100;

/**
 * Splits one VP8 frame into RTP payloads with the minimal RFC 7741 descriptor (one byte: S bit on the
 * first packet, partition 0). werift has a VP8 depacketiser but no packetiser, hence this.
 */
export function packetizeVp8(frame: Buffer): Buffer[] {
  const payloads: Buffer[] = [];
  for (let offset = 0; offset < frame.length; offset += MAX_PAYLOAD) {
    const descriptor = Buffer.from([offset === 0 ? 0x10 : 0x00]);
    payloads.push(Buffer.concat([descriptor, frame.subarray(offset, offset + MAX_PAYLOAD)]));
  }
  return payloads;
}

/** A VP8 key frame has the inverse key-frame bit (bit 0 of the first byte) clear. */
export function isVp8KeyFrame(frame: Buffer): boolean {
  return frame.length > 0 && ((frame[0] ?? 1) & 0x01) === 0;
}
