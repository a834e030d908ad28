// Reads a Skype for Business offer (the SDES / MS-ICE2 dialect, or the RFC 5245 part of a Lync multipart
// body) into what the bridge needs, or refuses it with the documented decline reason and a sentence.
import { isIPv4 } from 'node:net';
import sdpTransform, { type MediaDescription, type SessionDescription } from 'sdp-transform';
import { isLoopbackAddress } from '../webrtc/loopbackAddress.js';
import { selectOfferPart } from './multipart.js';
import { offeredCodecs, passthroughCodecs, type Codec } from './passthroughCodecs.js';
import { BridgeRefusal } from './refusal.js';
import { parseSdesKey, type SdesKey } from './sdes.js';

/** A remote ICE candidate the bridge can use: UDP over IPv4, for RTP (1) or RTCP (2). */
export type RemoteCandidate = { foundation: string; component: 1 | 2; priority: number; ip: string; port: number; type: string };

/** An m-line of the offer, as the answer must repeat it (declined ones with port 0). */
export type OfferedMediaLine = { type: string; protocol: string; payloads: string };

/** RFC 3264 §6.1: what the offerer does with the audio; a hold offers sendonly (or inactive). */
export type MediaDirection = 'sendrecv' | 'sendonly' | 'recvonly' | 'inactive';

export type SfbOffer = {
  /** The multipart part answered, for processedOfferId. */
  contentId?: string;
  /** Every m-line in order; the answer has the same ones. */
  media: OfferedMediaLine[];
  /** Which of them is the audio the bridge answers. */
  audioIndex: number;
  /** RTP/SAVP or RTP/AVP, answered as offered. */
  protocol: string;
  ice: { ufrag: string; pwd: string };
  candidates: RemoteCandidate[];
  /** Candidates left out: TCP-ACT/TCP-PASS, IPv6, legacy draft-6 forms, unreachable or not to be aimed at, beyond the cap. */
  skippedCandidates: number;
  rtcpMux: boolean;
  /** Whether the caller takes reduced-size RTCP (RFC 5506 `a=rtcp-rsize`), as Skype for Business clients do. */
  rtcpRsize: boolean;
  /** The codecs to pass on, in the offer's order, with the offer's payload types. */
  codecs: Codec[];
  /** The caller's key, from the first usable `a=crypto`. */
  key: SdesKey;
  /** Whether the caller also offered video, which the answer declines. */
  videoDeclined: boolean;
  /** The audio's direction, its own or the session's. */
  direction: MediaDirection;
};

export type ReadOptions = {
  /** Only loopback candidates count (the embedded local service: nothing leaves the machine). */
  loopbackOnly: boolean;
  /** Whose SDP it is, for the sentences: a caller's offer (the default), or the answer of a callee the bridge offered to. */
  party?: 'caller' | 'callee';
};

/** How the sentences name the SDP and its author. */
const WORDS = {
  caller: { sdp: 'call offer', who: 'caller', offers: 'offers', offered: 'offered' },
  callee: { sdp: 'callee’s answer', who: 'callee', offers: 'answers with', offered: 'answered with' },
} as const;

/** Candidates kept per component: enough for every interface, relay and reflexive address a client has. */
const MAX_CANDIDATES_PER_COMPONENT = 10;
/** An offer larger than this is refused unread; real ones, even Lync's multipart, are a few kilobytes. */
const MAX_OFFER_LENGTH = 64 * 1024;

/**
 * Addresses no caller should make this computer send ICE checks to: loopback (other than on the embedded
 * local service, where every caller is on this machine), link-local, multicast, unspecified, broadcast.
 */
function isAimedAddress(ip: string, loopbackOnly: boolean): boolean {
  if (loopbackOnly) return !isLoopbackAddress(ip);
  const [first = 0, second = 0] = ip.split('.').map(Number);
  return first === 127 || first === 0 || first >= 224 || (first === 169 && second === 254);
}

/** The highest-priority candidates of each component, at most MAX_CANDIDATES_PER_COMPONENT of each. */
function strongest(candidates: RemoteCandidate[]): RemoteCandidate[] {
  return ([1, 2] as const).flatMap((component) =>
    candidates
      .filter((c) => c.component === component)
      .sort((a, b) => b.priority - a.priority)
      .slice(0, MAX_CANDIDATES_PER_COMPONENT),
  );
}

/** Skype for Business sends SDES-keyed RTP as RTP/SAVP, and often as RTP/AVP with the keys all the same. */
const SDES_PROTOCOLS: readonly string[] = ['RTP/SAVP', 'RTP/AVP'];

/** The offer, or a BridgeRefusal saying why the bridge cannot take it. */
export function readSfbOffer(body: string, { loopbackOnly, party = 'caller' }: ReadOptions): SfbOffer {
  const words = WORDS[party];
  if (body.length > MAX_OFFER_LENGTH) throw new BridgeRefusal('InvalidMediaOffer', `The ${words.sdp} is too large to be a real one.`);
  const part = selectOfferPart(body);
  const session = parseSdp(part.sdp);
  if (!session) throw new BridgeRefusal('InvalidMediaOffer', `The ${words.sdp} could not be read.`);
  const audioIndex = session.media.findIndex((m) => m.type === 'audio' && m.port !== 0);
  const audio = session.media[audioIndex];
  if (!audio) throw new BridgeRefusal('UnsupportedMedia', `The ${words.who} ${words.offers} no audio.`);
  // sdp-transform reads a number where the text looks like one (`m=123 9 456 0`).
  const protocol = String(audio.protocol);
  if (!SDES_PROTOCOLS.includes(protocol))
    throw new BridgeRefusal(
      'UnsupportedMedia',
      `The ${words.who}’s audio comes over ${protocol.slice(0, 40) || 'no transport'}, which this app cannot answer.`,
    );
  const key = sdesKeyOf(audio, part.sdp, words);
  const codecs = passthroughCodecs(offeredCodecs(audio));
  if (codecs.length === 0) {
    const offered = offeredCodecs(audio).map((codec) => codec.name);
    throw new BridgeRefusal(
      'CodecMismatch',
      `The ${words.who}’s audio (${offered.join(', ') || 'no codec'}) has no codec this app can pass on (G.722, PCMU, PCMA).`,
    );
  }
  const ufrag = audio.iceUfrag ?? session.iceUfrag;
  const pwd = audio.icePwd ?? session.icePwd;
  const rtcpMux = audio.rtcpMux !== undefined;
  const all = audio.candidates ?? [];
  const candidates = strongest(
    all.flatMap((c): RemoteCandidate[] => {
      const component = c.component === 1 || (c.component === 2 && !rtcpMux) ? c.component : undefined;
      if (component === undefined || c.transport.toUpperCase() !== 'UDP' || !isIPv4(c.ip) || isAimedAddress(c.ip, loopbackOnly)) return [];
      return [{ foundation: String(c.foundation), component, priority: c.priority, ip: c.ip, port: c.port, type: c.type }];
    }),
  );
  const reachable = (component: 1 | 2) => candidates.some((c) => c.component === component);
  if (!ufrag || !pwd || !reachable(1) || (!rtcpMux && !reachable(2))) {
    throw new BridgeRefusal('MediaConnectivityFailure', `The ${words.who} ${words.offered} no network address this computer can reach for audio.`);
  }
  return {
    ...(part.contentId !== undefined && { contentId: part.contentId }),
    media: session.media.map((m) => ({ type: String(m.type), protocol: String(m.protocol), payloads: String(m.payloads ?? '') })),
    audioIndex,
    protocol,
    ice: { ufrag, pwd },
    candidates,
    skippedCandidates: all.length - candidates.length + (audio.invalid ?? []).filter((line) => /^(x-)?candidate/.test(line.value)).length,
    rtcpMux,
    rtcpRsize: audio.rtcpRsize !== undefined,
    codecs,
    key,
    videoDeclined: session.media.some((m) => m.type === 'video' && m.port !== 0),
    direction: directionOf(audio, session),
  };
}

/** The direction of an SDP's first audio (the renderer's WebRTC offer). */
export function audioDirection(sdp: string): MediaDirection {
  const session = parseSdp(sdp);
  const audio = session?.media.find((m) => m.type === 'audio');
  return session && audio ? directionOf(audio, session) : 'sendrecv';
}

/** RFC 4566 §6: a medium's own direction, else the session's, else sendrecv. */
function directionOf(media: MediaDescription, session: SessionDescription): MediaDirection {
  return media.direction ?? session.direction ?? 'sendrecv';
}

function parseSdp(sdp: string): SessionDescription | undefined {
  if (!/^v=0\r?\n/.test(sdp)) return undefined;
  try {
    return sdpTransform.parse(sdp);
  } catch {
    return undefined;
  }
}

function sdesKeyOf(audio: MediaDescription, sdp: string, words: (typeof WORDS)[keyof typeof WORDS]): SdesKey {
  const lines = audio.crypto ?? [];
  const key = lines.map(parseSdesKey).find((parsed) => parsed !== undefined);
  if (key) return key;
  if (lines.length > 0) {
    throw new BridgeRefusal('EncryptionMismatch', `The ${words.who}’s encryption keys cannot be used (AES_CM_128_HMAC_SHA1_80 with one inline key is needed).`);
  }
  if (/^a=cryptoscale:/m.test(sdp)) {
    throw new BridgeRefusal('EncryptionMismatch', `The ${words.who} ${words.offers} only scaled encryption (a=cryptoscale), which this app does not support.`);
  }
  throw new BridgeRefusal('EncryptionMismatch', `The ${words.who} ${words.offers} unencrypted audio, which this app does not accept.`);
}
