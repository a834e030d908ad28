// The resource helpers and the small resource parsers: `_links` (readLinks, parseWith), instant messages,
// renegotiations, and a meeting's media negotiation.
import fc from 'fast-check';
import { expect } from 'vitest';
import { MAX_SDP_LENGTH } from '../../preload/shared/contract.js';
import { MeetingMedia } from '../../main/calls/meetingMedia.js';
import { parseMessage } from '../../main/calls/messages.js';
import { readRenegotiation } from '../../main/calls/renegotiation.js';
import * as local from '../../main/local/resources.js';
import { MalformedError } from '../../main/ucwa/errors.js';
import { linksSchema, normaliseRel, parseWith, readLinks } from '../../main/ucwa/resources.js';
import { unicodeText } from './arbitraries/dataUri.js';
import { hostileHref, mutatedJson, withoutProtoKeys } from './arbitraries/json.js';
import { fuzzProperty, type FuzzTarget } from './fuzzProperty.js';
import { MESSAGES, NEGOTIATIONS, RENEGOTIATIONS } from './samples.js';
import { typedOutcome } from './typedErrors.js';

const malformedOnly = [MalformedError];
const RELS = ['self', 'next', 'mediaOffer', 'mediaAnswer', 'plainMessage', 'htmlMessage', 'message', '__proto__', 'constructor', 'toString'];

const linksLike = fc.dictionary(
  fc.oneof(
    fc.constantFrom(...RELS),
    fc.constantFrom(...RELS).map((rel) => `ms:rtc:saas:${rel}`),
    fc.string({ maxLength: 12 }),
  ),
  fc.oneof(
    hostileHref.map((href) => ({ href })),
    fc.array(
      hostileHref.map((href) => ({ href })),
      { maxLength: 3 },
    ),
  ),
  { maxKeys: 8 },
);

/** Any JavaScript value, not only JSON: null prototypes, boxed values, maps, big integers, symbol keys. */
const anyValue = fc.oneof(
  fc.anything({ withNullPrototype: true, withBoxedValues: true, withMap: true, withSet: true, withBigInt: true, withObjectString: true, maxDepth: 3 }),
  fc.tuple(linksLike, fc.string({ maxLength: 8 })).map(([links, name]) => ({ ...links, [Symbol(name)]: { href: '/ucwa' } })),
);

const parseWithNamesTheField = fc.property(fc.oneof(anyValue, linksLike), (value: unknown) => {
  const outcome = typedOutcome(() => parseWith(linksSchema, value, 'resource._links'), malformedOnly);
  if (!outcome.ok) expect((outcome.error as MalformedError).field.startsWith('resource._links')).toBe(true);
});

const readLinksKeepsFirstHrefs = fc.property(linksLike, (raw) => {
  const links = readLinks(parseWith(linksSchema, raw, '_links'));
  const entries = Object.entries(raw).filter(([rel]) => rel !== '__proto__');
  for (const [rel, href] of links) {
    const sources = entries.filter(([key]) => normaliseRel(key) === rel).map(([, value]) => (Array.isArray(value) ? value[0] : value)?.href);
    expect(sources).toContain(href);
  }
  for (const [rel, value] of entries) if (!Array.isArray(value) || value.length > 0) expect(links.has(normaliseRel(rel))).toBe(true);
});

const messageParses = fc.property(mutatedJson(MESSAGES), (json) => {
  const outcome = typedOutcome(() => parseMessage(json, 42), malformedOnly);
  if (!outcome.ok) return;
  const line = outcome.value;
  expect(['Incoming', 'Outgoing']).toContain(line.direction);
  expect(['plain', 'html']).toContain(line.format);
  expect(line.text.length).toBeLessThanOrEqual(256 * 1024);
  expect(Number.isSafeInteger(line.at) && line.at >= 0).toBe(true);
  expect(parseMessage(withoutProtoKeys(json), 42)).toEqual(line);
});

const messagesReadBack = fc.property(
  fc.record({
    direction: fc.constantFrom('Incoming', 'Outgoing'),
    format: fc.constantFrom('plain', 'html'),
    text: unicodeText(400),
    at: fc.integer({ min: 0, max: 4_102_444_800_000 }),
  }),
  ({ direction, format, text, at }) => {
    expect(parseMessage(local.message('/m/1', direction, format, text, at), 0)).toEqual({ direction, format, text, at });
  },
);

const renegotiationParses = fc.property(mutatedJson(RENEGOTIATIONS), (json) => {
  const outcome = typedOutcome(() => readRenegotiation(json), malformedOnly);
  if (!outcome.ok) return;
  const { direction, offerSdp, answerSdp } = outcome.value;
  expect([undefined, 'Incoming', 'Outgoing']).toContain(direction);
  for (const sdp of [offerSdp, answerSdp]) if (sdp !== undefined) expect(sdp.length).toBeLessThanOrEqual(MAX_SDP_LENGTH);
});

/** Negotiations one after another: a refused one changes nothing, an answer is kept until the invitation completes. */
const negotiationsApply = fc.property(fc.array(mutatedJson(NEGOTIATIONS), { minLength: 1, maxLength: 4 }), (documents) => {
  const media = new MeetingMedia(new URL('https://fe1.contoso.com/ucwa/v1/applications/192/communication/invitations/9'), () => 7);
  for (const json of documents) {
    const before = media.snapshot();
    const outcome = typedOutcome(() => media.negotiated(json), malformedOnly);
    const after = media.snapshot();
    if (!outcome.ok) expect(after).toEqual(before);
    expect(after.phase).toBe('connecting');
    if (after.answerSdp !== undefined) expect(after.answerSdp.length).toBeLessThanOrEqual(MAX_SDP_LENGTH);
  }
  const answered = media.snapshot().answerSdp !== undefined;
  media.completed('Success', undefined);
  expect(media.snapshot().phase).toBe(answered ? 'connected' : 'ended');
});

export const resourcesTarget: FuzzTarget = {
  name: 'resources (readLinks, parseWith, messages, renegotiations, negotiations)',
  properties: [
    fuzzProperty('parseWith takes any value: the value, or a MalformedError naming the field', 4_000, parseWithNamesTheField, [
      [{ [Symbol('rel')]: { href: '/ucwa' } }],
    ]),
    fuzzProperty('readLinks keeps the first href of every rel, ms:rtc:saas: stripped', 2_000, readLinksKeepsFirstHrefs),
    fuzzProperty('a mutated message reads as a well-formed chat line, or a MalformedError', 4_000, messageParses),
    fuzzProperty('a message the local service sends reads back as sent', 2_000, messagesReadBack),
    fuzzProperty('a mutated renegotiation reads with bounded SDP, or a MalformedError', 4_000, renegotiationParses),
    fuzzProperty('negotiations in a row: a refused one changes nothing, an answer connects', 3_000, negotiationsApply),
  ],
};
