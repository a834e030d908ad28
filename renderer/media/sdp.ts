// Offer analysis: one pure module for the renderer and `diag sdp`. Tells which SDP dialect an offer speaks
// and whether Chromium's WebRTC can answer it, without touching any browser API.
import { parse, type MediaDescription } from 'sdp-transform';

export type SdpDialect = 'webrtc' | 'sfb-sdes' | 'multipart' | 'invalid';

export type MediaSummary = { kind: string; port: number; protocol: string; codecs: string[]; direction: string };

export type OfferAnalysis = {
  dialect: SdpDialect;
  media: MediaSummary[];
  hasAudio: boolean;
  hasVideo: boolean;
  /** A hold (RFC 3264): every medium is sendonly or inactive. */
  holds: boolean;
  /** Whether the renderer's RTCPeerConnection can answer it. */
  answerable: boolean;
  /** Why not, in one sentence for the user. */
  problem?: string;
};

export function analyseOffer(sdp: string): OfferAnalysis {
  if (/^\s*--|content-type:\s*application\/sdp/im.test(sdp.slice(0, 512))) {
    return unanswerable('multipart', [], 'This is a Lync multipart offer, which computer audio cannot answer yet.');
  }
  let session: ReturnType<typeof parse>;
  try {
    if (!/^v=0\r?\n/.test(sdp)) throw new Error('no v=0');
    session = parse(sdp);
  } catch {
    return unanswerable('invalid', [], 'The call offer could not be read.');
  }
  const media = session.media;
  const summary = media.map((m) => summarise(m, session.direction));
  const hasFingerprint = isFingerprint(session.fingerprint) || media.some((m) => isFingerprint(m.fingerprint));
  const hasCrypto = media.some((m) => (m.crypto?.length ?? 0) > 0 || /a=cryptoscale/.test(sdp));
  const usable = summary.filter((m) => m.port !== 0);
  const base = {
    media: summary,
    hasAudio: usable.some((m) => m.kind === 'audio'),
    hasVideo: usable.some((m) => m.kind === 'video'),
    holds: usable.some(isRtp) && usable.filter(isRtp).every((m) => m.direction === 'sendonly' || m.direction === 'inactive'),
  };
  if (usable.length === 0) return { dialect: 'invalid', ...base, answerable: false, problem: 'The call offer has no media.' };
  if (!hasFingerprint && hasCrypto) {
    return {
      dialect: 'sfb-sdes',
      ...base,
      answerable: false,
      problem: 'The caller uses Skype for Business media encryption (SDES), which computer audio cannot answer yet.',
    };
  }
  if (!hasFingerprint) {
    return { dialect: 'invalid', ...base, answerable: false, problem: 'The call offer has no encryption fingerprint.' };
  }
  return { dialect: 'webrtc', ...base, answerable: true };
}

const isRtp = (m: MediaSummary) => m.kind === 'audio' || m.kind === 'video';

/** A hash function and a value (RFC 8122): sdp-transform reads a bare `a=fingerprint: ` as an empty one. */
function isFingerprint(fingerprint: { type: string; hash: string } | undefined): boolean {
  return Boolean(fingerprint?.type && fingerprint.hash);
}

/**
 * sdp-transform leaves out what an m= line it cannot read would say, turns digit-only fields into numbers
 * and keeps a port it cannot read as text: such a medium counts as rejected (port 0). A medium with no
 * direction of its own has the session's (RFC 4566 section 6).
 */
function summarise(m: MediaDescription, sessionDirection: MediaDescription['direction']): MediaSummary {
  return {
    kind: String(m.type ?? ''),
    port: Number.isInteger(m.port) && m.port <= 65535 ? m.port : 0,
    protocol: String(m.protocol ?? ''),
    codecs: m.rtp.map((r) => (r.rate === undefined ? String(r.codec) : `${r.codec}/${r.rate}`)),
    direction: m.direction ?? sessionDirection ?? 'sendrecv',
  };
}

function unanswerable(dialect: SdpDialect, media: MediaSummary[], problem: string): OfferAnalysis {
  return { dialect, media, hasAudio: false, hasVideo: false, holds: false, answerable: false, problem };
}
