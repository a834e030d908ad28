// The bridge's SDP toward the caller, in the caller's own dialect (written by hand: no library speaks it):
// the answer to their offer, and later our own offers (hold, resume) in the same shape. ICE credentials
// and UDP candidates as MS-ICE2 reads them, `a=crypto` with our key on the tag the caller offered, the
// codecs the renderer took with the caller's payload types, rtcp-mux as offered, our SSRC in
// `a=x-ssrc-range`, the audio's direction, and every other m-line (video) declined with port 0. No
// fingerprint, setup or BUNDLE. Of what Skype for Business clients add, what is documented: MS-SDPEXT's
// `a=label:main-audio` (every active media description SHOULD carry a label, the audio's MUST be
// main-audio), and RFC 5506's `a=rtcp-rsize` when the caller offered it. Answering it lets the caller send
// RTCP packets alone, which is harmless here: the bridge reads each RTCP packet on its own, passes on only
// sender and receiver reports, and still sends compound packets itself, as RFC 5506 §5 allows. Not
// written: `a=x-source` (found in no published specification) and `b=CT` (a bandwidth the bridge does not
// decide: it passes the caller's codec through).
import sdpTransform, { type MediaDescription } from 'sdp-transform';
import type { Codec } from './passthroughCodecs.js';
import { cryptoLine, type SdesKey } from './sdes.js';
import type { MediaDirection, SfbOffer } from './sfbOffer.js';

/** RFC 3264 §6.1: an answer mirrors its offer's direction. */
const MIRRORED: Record<MediaDirection, MediaDirection> = { sendrecv: 'sendrecv', sendonly: 'recvonly', recvonly: 'sendonly', inactive: 'inactive' };

/** A local candidate of the bridge's caller leg, for RTP (1) or RTCP (2). */
export type LocalCandidate = { foundation: string; component: 1 | 2; priority: number; ip: string; port: number; type: string; raddr?: string; rport?: number };

export type CallerLegDescription = {
  ufrag: string;
  pwd: string;
  candidates: LocalCandidate[];
  key: SdesKey;
  /** The SSRC the bridge sends to the caller with. */
  ssrc: number;
};

const PACKET_TIME_MS = 20;
/** MS-SDPEXT's label of the audio modality. */
const MAIN_AUDIO = 'main-audio';

/** An answer to `offer`, the direction mirrored. */
export function writeSfbAnswer(offer: SfbOffer, local: CallerLegDescription, codecs: readonly Codec[]): string {
  return writeSfbSdp(offer, local, codecs, MIRRORED[offer.direction]);
}

/** What an SDP toward the caller repeats of the caller's offer (or, for our own first offer, of what we offer). */
export type SfbShape = Pick<SfbOffer, 'media' | 'audioIndex' | 'protocol' | 'rtcpMux' | 'rtcpRsize'>;

/** Any SDP of the bridge's toward the caller; `offer` is the caller's, whose m-lines, protocol and rtcp-mux it repeats. */
export function writeSfbSdp(offer: SfbShape, local: CallerLegDescription, codecs: readonly Codec[], direction: MediaDirection): string {
  const rtp = defaultCandidate(local.candidates, 1);
  const rtcp = offer.rtcpMux ? undefined : defaultCandidate(local.candidates, 2);
  const audio: MediaDescription = {
    type: 'audio',
    port: rtp.port,
    protocol: offer.protocol,
    payloads: codecs.map((codec) => codec.payloadType).join(' '),
    rtp: codecs.map((codec) => ({ payload: codec.payloadType, codec: codec.name, rate: codec.clockRate })),
    fmtp: codecs.flatMap((codec) => (codec.fmtp === undefined ? [] : [{ payload: codec.payloadType, config: codec.fmtp }])),
    invalid: [{ value: `x-ssrc-range:${local.ssrc}-${local.ssrc}` }],
    label: MAIN_AUDIO,
    iceUfrag: local.ufrag,
    icePwd: local.pwd,
    candidates: local.candidates.map(({ raddr, rport, ...candidate }) => ({
      ...candidate,
      transport: 'UDP',
      ...(raddr !== undefined && rport !== undefined && { raddr, rport }),
    })),
    crypto: [cryptoLine(local.key)],
    ...(rtcp && { rtcp: { port: rtcp.port } }),
    ...(offer.rtcpMux && { rtcpMux: 'rtcp-mux' as const }),
    ...(offer.rtcpRsize && { rtcpRsize: 'rtcp-rsize' as const }),
    ...(direction !== 'sendrecv' && { direction }),
    ptime: PACKET_TIME_MS,
  };
  return sdpTransform.write({
    version: 0,
    origin: { username: '-', sessionId: 0, sessionVersion: 0, netType: 'IN', ipVer: 4, address: rtp.ip },
    name: 'session',
    connection: { version: 4, ip: rtp.ip },
    timing: { start: 0, stop: 0 },
    media: offer.media.map((media, index) =>
      index === offer.audioIndex ? audio : { type: media.type, port: 0, protocol: media.protocol, payloads: media.payloads, rtp: [], fmtp: [] },
    ),
  });
}

/** The candidate for the m= and c= lines, which ICE agents do not use: the component's highest-priority one. */
function defaultCandidate(candidates: readonly LocalCandidate[], component: 1 | 2): LocalCandidate {
  const best = candidates.filter((c) => c.component === component).sort((a, b) => b.priority - a.priority)[0];
  if (!best) throw new Error(`The caller leg has no candidate for component ${component}`);
  return best;
}
