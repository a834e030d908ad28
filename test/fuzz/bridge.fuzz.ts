// The media bridge's readers of what a caller and the server send: the Skype for Business offer (plain or
// a Lync multipart body), SDES keys and the mediaRelayAccessToken. Each reads hostile network input. And
// its SRTP replay window, against the obvious model (a set of the indexes taken), alone and under SRTP.
import fc from 'fast-check';
import { expect } from 'vitest';
import { RtpHeader } from 'werift';
import { z } from 'zod';
import { PASSTHROUGH_CLOCK_RATE } from '../../main/bridge/passthroughCodecs.js';
import { BridgeRefusal } from '../../main/bridge/refusal.js';
import { relayFromToken } from '../../main/bridge/relayToken.js';
import { REPLAY_WINDOW_SIZE, ReplayWindow } from '../../main/bridge/replayWindow.js';
import { freshSdesKey, parseSdesKey, SDES_SUITE } from '../../main/bridge/sdes.js';
import { ReplayedPacketError, SdesSrtp } from '../../main/bridge/sdesSrtp.js';
import { readSfbOffer } from '../../main/bridge/sfbOffer.js';
import { DECLINE_REASONS } from '../../preload/shared/contract.js';
import { RELAY_TOKEN } from '../support/relayToken.js';
import { SFB_OFFER } from '../support/sdp.js';
import { mutatedJson } from './arbitraries/json.js';
import { sdpText } from './arbitraries/sdp.js';
import { fuzzProperty, type FuzzTarget } from './fuzzProperty.js';
import { typedOutcome } from './typedErrors.js';

const port = z.number().int().min(1).max(65535);
const bytes = (length: number) => z.instanceof(Buffer).refine((buffer) => buffer.length === length, `${length} bytes`);
const sdesKey = z.strictObject({
  tag: z.number().int().min(0),
  masterKey: bytes(16),
  masterSalt: bytes(14),
  mki: z.strictObject({ value: z.number().int().min(0), length: z.number().int().min(1).max(128) }).optional(),
});
const codec = z.strictObject({
  payloadType: z.number().int().min(0).max(127),
  name: z.string().regex(/^(G722|PCMU|PCMA|telephone-event)$/i),
  clockRate: z.literal(PASSTHROUGH_CLOCK_RATE),
  channels: z.literal(1),
  fmtp: z.string().optional(),
});
const wellFormedOffer = z.strictObject({
  contentId: z.string().min(1).max(100).optional(),
  media: z.array(z.strictObject({ type: z.string(), protocol: z.string(), payloads: z.string() })).min(1),
  audioIndex: z.number().int().min(0),
  protocol: z.enum(['RTP/SAVP', 'RTP/AVP']),
  ice: z.strictObject({ ufrag: z.string().min(1), pwd: z.string().min(1) }),
  candidates: z
    .array(
      z.strictObject({
        foundation: z.string().min(1),
        component: z.union([z.literal(1), z.literal(2)]),
        priority: z.number().int().min(0),
        ip: z.string().min(1),
        port,
        type: z.string().min(1),
      }),
    )
    .min(1),
  skippedCandidates: z.number().int().min(0),
  rtcpMux: z.boolean(),
  rtcpRsize: z.boolean(),
  codecs: z.array(codec).refine((codecs) => codecs.some((c) => c.name.toLowerCase() !== 'telephone-event'), 'no audio codec'),
  key: sdesKey,
  videoDeclined: z.boolean(),
  direction: z.enum(['sendrecv', 'sendonly', 'recvonly', 'inactive']),
});

/** Offers, and now and then the same wrapped as the RFC 5245 part of a Lync multipart body. */
const offerBody = fc
  .tuple(sdpText, fc.boolean(), fc.string({ maxLength: 40 }))
  .map(([sdp, wrapped, contentId]) =>
    wrapped
      ? [
          'Content-Type: multipart/alternative; boundary=b7',
          '',
          '--b7',
          'Content-Type: application/sdp',
          `Content-ID: ${contentId}`,
          '',
          sdp,
          '--b7--',
          '',
        ].join('\r\n')
      : sdp,
  );

const offersRead = fc.property(offerBody, fc.boolean(), (body, loopbackOnly) => {
  const outcome = typedOutcome(() => readSfbOffer(body, { loopbackOnly }), [BridgeRefusal]);
  if (!outcome.ok) {
    const refusal = outcome.error as BridgeRefusal;
    expect(DECLINE_REASONS).toContain(refusal.reason);
    expect(refusal.sentence.length).toBeGreaterThan(0);
    return;
  }
  const offer = wellFormedOffer.parse(outcome.value);
  expect(offer.media[offer.audioIndex]?.type).toBe('audio');
  if (loopbackOnly) expect(offer.candidates.every((candidate) => candidate.ip.startsWith('127.'))).toBe(true);
  if (offer.rtcpMux) expect(offer.candidates.every((candidate) => candidate.component === 1)).toBe(true);
});

const base64Ish = fc.stringMatching(/^[A-Za-z0-9+/=]{0,48}$/);
const cryptoConfig = fc.oneof(
  fc.string({ maxLength: 80 }),
  fc
    .tuple(base64Ish, fc.constantFrom('', '|2^31', '|2^99', '|123', '|'), fc.constantFrom('', '|1:1', '|4294967295:4', '|0:0', '|1:300', '|1:'))
    .map(([key, lifetime, mki]) => `inline:${key}${lifetime}${mki}`),
  fc.constant('inline:IQ+Q4YcN8irlbEovMTkF8LL/uMV0JIGFWrAxrrpY|2^31|1:1'),
);

const keysRead = fc.property(
  fc.record({ id: fc.oneof(fc.integer(), fc.double()), suite: fc.constantFrom(SDES_SUITE, 'AES_CM_128_HMAC_SHA1_32', ''), config: cryptoConfig }),
  (line) => {
    const key = parseSdesKey(line);
    if (key !== undefined) sdesKey.parse(key);
  },
);

const relayOptions = z.strictObject({
  turnServer: z.tuple([z.string().regex(/^[A-Za-z0-9.-]{1,253}$/, 'a host name or IPv4 address'), port]),
  turnUsername: z.string().min(1),
  turnPassword: z.string().min(1),
  turnTransport: z.enum(['udp', 'tcp']),
});

const tokensRead = fc.property(mutatedJson([RELAY_TOKEN]), (json) => {
  const relay = relayFromToken(json, Date.parse('2026-11-23T00:00:00Z'));
  if (relay !== undefined) relayOptions.parse(relay);
});

/**
 * Whether a packet index may be taken, by the definition: not taken before, and above the window behind
 * the highest index taken. Calls `check` with each index and that answer, and takes the fresh ones.
 */
function replayModel(indexes: readonly number[], check: (index: number, fresh: boolean) => void): void {
  const taken = new Set<number>();
  let highest = -1;
  for (const index of indexes) {
    const fresh = !taken.has(index) && index > highest - REPLAY_WINDOW_SIZE;
    check(index, fresh);
    if (!fresh) continue;
    taken.add(index);
    highest = Math.max(highest, index);
  }
}

/** Indexes anywhere in SRTP's 48 bits, arriving in any order, ahead, late, far behind and again. */
const arrivals = fc.tuple(fc.integer({ min: 0, max: 2 ** 48 - 700 }), fc.array(fc.integer({ min: 0, max: 600 }), { maxLength: 400 }));

const windowTakesEachIndexOnce = fc.property(arrivals, ([base, offsets]) => {
  const window = new ReplayWindow();
  replayModel(
    offsets.map((offset) => base + offset),
    (index, fresh) => {
      expect(window.isFresh(index)).toBe(fresh);
      if (fresh) window.take(index);
    },
  );
});

/**
 * A caller's stream from any sequence number (the wrap included), its first packet first, then its packets
 * in any order and any number of times, at most 60 places late (werift's rollover estimate allows 100).
 */
const srtpArrivals = fc.tuple(fc.integer({ min: 0, max: 0xffff }), fc.array(fc.integer({ min: 0, max: 59 }), { maxLength: 120 }));

const srtpTakesEachPacketOnce = fc.property(srtpArrivals, ([firstSequence, order]) => {
  const callerKey = { ...freshSdesKey(1), mki: { value: 1, length: 1 } };
  const bridgeKey = freshSdesKey(1);
  const caller = new SdesSrtp(callerKey, bridgeKey);
  const bridge = new SdesSrtp(bridgeKey, callerKey);
  const packets = Array.from({ length: 60 }, (_, i) =>
    caller.protectRtp(new RtpHeader({ payloadType: 0, ssrc: 42, sequenceNumber: (firstSequence + i) & 0xffff, timestamp: i * 160 }), Buffer.alloc(20, i)),
  );
  replayModel([0, ...order], (i, fresh) => {
    let replayed = false;
    try {
      bridge.unprotectRtp(packets[i]!);
    } catch (error) {
      if (!(error instanceof ReplayedPacketError)) throw error;
      replayed = true;
    }
    expect(replayed).toBe(!fresh);
  });
});

export const bridgeTarget: FuzzTarget = {
  name: 'media bridge readers (offer, SDES keys, relay token), SRTP replay window',
  properties: [
    fuzzProperty('any offer body is read into a usable offer or refused with a documented reason and a sentence', 8_000, offersRead, [
      // An m-line sdp-transform reads numbers from, once taken as they came.
      [`${SFB_OFFER}m=123 9 456 0\r\n`, false],
    ]),
    fuzzProperty('an a=crypto line gives a 16-byte key and 14-byte salt, or nothing', 6_000, keysRead),
    fuzzProperty('a relay token gives a usable relay, or nothing', 6_000, tokensRead, [
      // An empty ipv4 was preferred to the relay's host name.
      [{ ...RELAY_TOKEN, _embedded: { mediaRelay: [{ host: 'edge.contoso.com', ipv4: '', tcpPort: 443, udpPort: 3478 }] } }],
    ]),
    fuzzProperty('the replay window takes an index at most once, and every one not taken within the window', 6_000, windowTakesEachIndexOnce),
    fuzzProperty('SRTP takes each authentic packet once in any arrival order, across the sequence wrap', 2_000, srtpTakesEachPacketOnce),
  ],
};
