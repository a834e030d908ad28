// G.711 µ-law (PCMU) as the local service's peers send it: the static payload type of RFC 3551, 8 kHz,
// 20 ms per RTP packet.

export const PCMU_PAYLOAD_TYPE = 0;
export const PCMU_SAMPLE_RATE = 8000;
/** 20 ms of audio per RTP packet, the usual G.711 packetisation. */
export const SAMPLES_PER_PACKET = 160;
/** How long one packet lasts. */
export const PACKET_MS = (SAMPLES_PER_PACKET * 1000) / PCMU_SAMPLE_RATE;

/** 20 ms of silence: µ-law encodes a zero sample as 0xFF. */
export function pcmuSilence(): Buffer {
  return Buffer.alloc(SAMPLES_PER_PACKET, 0xff);
}

/** Where a peer's audio comes from: the next packet's PCMU payload, asked for when it is due (`now`, in ms). */
export type AudioSource = { nextPayload(now: number): Buffer };
