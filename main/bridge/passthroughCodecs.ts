// The audio codecs the bridge passes on untouched: both Skype for Business and Chromium speak them, so
// no transcoding is needed. G.722's RTP clock is 8000 although it samples at 16 kHz (RFC 3551 §4.5.2).
// Mono only: Skype for Business offers a stereo G.722 (`117 G722/8000/2`) first, which WebRTC's G.722 is not.
import type { MediaDescription } from 'sdp-transform';

export const PASSTHROUGH_CODECS = ['G722', 'PCMU', 'PCMA'] as const;
export const TELEPHONE_EVENT = 'telephone-event';
export const PASSTHROUGH_CLOCK_RATE = 8000;

/** RFC 3551's static payload types: offers may list them without an rtpmap. */
const STATIC_PAYLOAD_TYPES: Record<number, string> = { 0: 'PCMU', 8: 'PCMA', 9: 'G722' };

/** One codec as both sides name it; the payload type is the Skype for Business side's. */
export type Codec = { payloadType: number; name: string; clockRate: number; channels: number; fmtp?: string };

/** Every codec an m-line offers, in its order (static payload types resolved). */
export function offeredCodecs(media: Pick<MediaDescription, 'payloads' | 'rtp' | 'fmtp'>): Codec[] {
  const payloadTypes = new Set(
    String(media.payloads ?? '')
      .split(/\s+/)
      .filter((token) => /^\d{1,3}$/.test(token))
      .map(Number),
  );
  return [...payloadTypes].flatMap((payloadType) => {
    const rtpmap = media.rtp.find((entry) => entry.payload === payloadType);
    const name = rtpmap?.codec ?? STATIC_PAYLOAD_TYPES[payloadType];
    if (name === undefined) return [];
    const fmtp = media.fmtp.find((entry) => entry.payload === payloadType)?.config;
    const channels = Number(rtpmap?.encoding ?? 1);
    return [{ payloadType, name, clockRate: rtpmap?.rate ?? PASSTHROUGH_CLOCK_RATE, channels, ...(fmtp !== undefined && { fmtp }) }];
  });
}

/** The offered codecs the bridge can pass on, in the offer's order, with telephone-event when there is audio to go with it. */
export function passthroughCodecs(offered: readonly Codec[]): Codec[] {
  const usable = (names: readonly string[]) => (codec: Codec) =>
    codec.clockRate === PASSTHROUGH_CLOCK_RATE && codec.channels === 1 && names.some((name) => name.toLowerCase() === codec.name.toLowerCase());
  const audio = offered.filter(usable(PASSTHROUGH_CODECS));
  if (audio.length === 0) return [];
  return offered.filter((codec) => audio.includes(codec) || usable([TELEPHONE_EVENT])(codec));
}

/** One codec on each leg: the caller's payload type, and the one the renderer's offer uses. */
export type CodecPair = { caller: Codec; renderer: Codec };

/** RFC 5761 §4: with rtcp-mux, payload types 64–95 would read as RTCP, so WebRTC refuses them. */
const MUX_CONFLICT = { from: 64, to: 95 };
const DYNAMIC = { from: 96, to: 127 };

/** The renderer leg keeps the caller's payload types, except those WebRTC refuses, which move to free dynamic ones. */
export function pairCodecs(codecs: readonly Codec[]): CodecPair[] {
  const taken = new Set(codecs.map((codec) => codec.payloadType));
  const free = Array.from({ length: DYNAMIC.to - DYNAMIC.from + 1 }, (_, i) => DYNAMIC.from + i).filter((pt) => !taken.has(pt));
  return codecs.flatMap((caller) => {
    if (caller.payloadType < MUX_CONFLICT.from || caller.payloadType > MUX_CONFLICT.to) return [{ caller, renderer: caller }];
    const payloadType = free.shift();
    return payloadType === undefined ? [] : [{ caller, renderer: { ...caller, payloadType } }];
  });
}
