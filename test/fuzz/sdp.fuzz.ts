// Offer analysis: never throws, always well formed, answerable by Chromium itself only with a fingerprint
// (and through the media bridge only with SDES keys or a multipart body), and the directions and `holds`
// as the offer's own direction attributes say.
import fc from 'fast-check';
import { parse } from 'sdp-transform';
import { expect } from 'vitest';
import { z } from 'zod';
import { analyseOffer, type MediaSummary } from '../../preload/shared/offerAnalysis.js';
import { sdpText } from './arbitraries/sdp.js';
import { fuzzProperty, type FuzzTarget } from './fuzzProperty.js';

const DIRECTIONS = ['sendrecv', 'sendonly', 'recvonly', 'inactive'] as const;

const wellFormedAnalysis = z.strictObject({
  dialect: z.enum(['webrtc', 'sfb-sdes', 'multipart', 'invalid']),
  media: z.array(
    z.strictObject({
      kind: z.string(),
      port: z.number().int().min(0).max(65535),
      protocol: z.string(),
      codecs: z.array(z.string().refine((codec) => !codec.includes('undefined'), 'a codec with a missing part')),
      direction: z.enum(DIRECTIONS),
    }),
  ),
  hasAudio: z.boolean(),
  hasVideo: z.boolean(),
  holds: z.boolean(),
  answerable: z.boolean(),
  viaBridge: z.boolean(),
  problem: z.string().min(1).optional(),
});

/** Lines as SDP parsers split them: CRLF, LF or a lone CR. */
const linesOf = (sdp: string) => sdp.split(/\r\n|\r|\n/);

const usable = (media: MediaSummary[]) => media.filter((m) => m.port !== 0);
const isRtp = (m: MediaSummary) => m.kind === 'audio' || m.kind === 'video';

const wellFormed = fc.property(sdpText, (sdp) => {
  const analysis = wellFormedAnalysis.parse(analyseOffer(sdp));
  if (!analysis.answerable) expect(analysis.problem).toBeDefined();
  if (analysis.viaBridge) expect(analysis.answerable).toBe(true);
  // A multipart body is the bridge's to read; the rest is read here, line by line.
  if (analysis.dialect === 'multipart') return;
  expect(analysis.hasAudio).toBe(usable(analysis.media).some((m) => m.kind === 'audio'));
  expect(analysis.hasVideo).toBe(usable(analysis.media).some((m) => m.kind === 'video'));
  const rtp = usable(analysis.media).filter(isRtp);
  expect(analysis.holds).toBe(rtp.length > 0 && rtp.every((m) => m.direction === 'sendonly' || m.direction === 'inactive'));
  if (analysis.answerable) expect(usable(analysis.media).length).toBeGreaterThan(0);
  if (analysis.answerable && !analysis.viaBridge) {
    // Chromium answers it itself: DTLS needs a fingerprint, a hash function and a value (RFC 8122);
    // a bare `a=fingerprint:` is none.
    expect(analysis.dialect).toBe('webrtc');
    expect(linesOf(sdp).some((line) => /^a=fingerprint:\S+ \S+/.test(line))).toBe(true);
  }
  if (analysis.dialect === 'sfb-sdes') expect(sdp).toContain('a=crypto');
});

/**
 * Each medium's direction is its own last direction attribute, else the session's (RFC 4566 6), else
 * sendrecv. Attributes are read as sdp-transform reads them: a line that starts with the word.
 */
function directionsOf(sdp: string): string[] {
  let session: string | undefined;
  const media: Array<string | undefined> = [];
  for (const line of linesOf(sdp)) {
    if (line.startsWith('m=')) media.push(undefined);
    const direction = /^a=(sendrecv|sendonly|recvonly|inactive)/.exec(line)?.[1];
    if (direction === undefined) continue;
    if (media.length === 0) session = direction;
    else media[media.length - 1] = direction;
  }
  return media.map((direction) => direction ?? session ?? 'sendrecv');
}

const directionsAsWritten = fc.property(sdpText, (sdp) => {
  const analysis = analyseOffer(sdp);
  // An SDP body starts with v=0; anything else (and a multipart body) is not read line by line.
  if (analysis.dialect === 'multipart' || !/^v=0\r?\n/.test(sdp)) return;
  expect(analysis.media.map((m) => m.direction)).toEqual(directionsOf(sdp));
});

/**
 * Each medium's kind, port, protocol and codecs are what sdp-transform reads in the whole offer: the analysis
 * reads only some of its lines (linesAnalysed), and no line it leaves out may change them.
 */
const mediaAsTheWholeOfferSays = fc.property(sdpText, (sdp) => {
  const analysis = analyseOffer(sdp);
  if (analysis.dialect === 'multipart' || !/^v=0\r?\n/.test(sdp)) return;
  const whole = parse(sdp).media.map((m) => ({
    kind: String(m.type ?? ''),
    port: Number.isInteger(m.port) && m.port <= 65535 ? m.port : 0,
    protocol: String(m.protocol ?? ''),
    codecs: m.rtp.map((r) => [r.codec, r.rate, r.encoding].filter((part) => part !== undefined).join('/')),
  }));
  expect(analysis.media.map(({ direction: _read, ...rest }) => rest)).toEqual(whole);
});

export const sdpTarget: FuzzTarget = {
  name: 'SDP analysis (analyseOffer)',
  properties: [
    fuzzProperty('any text gets a well-formed analysis; answered by Chromium only with a fingerprint', 12_000, wellFormed, [
      ['v=0\r\nm=audio 9 UDP/TLS/RTP/SAVPF 111\r\na=fingerprint: \r\n'],
      ['v=0\r\nm=audio  RTP/AVP 0\r\nm=123 9 456 0\r\na=rtpmap:0 opus\r\na=fingerprint:sha-256 AB\r\n'],
    ]),
    fuzzProperty('each medium has the direction its attributes (or the session’s) give it', 6_000, directionsAsWritten, [
      ['v=0\r\na=sendonly\r\nm=audio 9 RTP/AVP 0\r\nm=video 9 RTP/AVP 96\r\na=inactive\r\n'],
    ]),
    fuzzProperty('each medium’s kind, port, protocol and codecs are as sdp-transform reads the whole offer', 6_000, mediaAsTheWholeOfferSays, [
      ['v=0\r\nm=audio 9 RTP/AVP 0 8\r\na=candidate:1 1 udp 1 1.2.3.4 9 typ host\r\na=rtpmap:0 PCMU/8000\ra=rtpmap:8 PCMA/8000\nm=video 0 RTP/AVP 96\r\n'],
    ]),
  ],
};
