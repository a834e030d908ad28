// The event batch parser: the seed batches mutated as a whole, and batches of mutated events.
import fc from 'fast-check';
import { expect } from 'vitest';
import { z } from 'zod';
import { MalformedError } from '../../main/ucwa/errors.js';
import { parseEventBatch, type EventBatch } from '../../main/ucwa/events.js';
import { mutatedJson, withoutProtoKeys } from './arbitraries/json.js';
import { fuzzProperty, type FuzzTarget } from './fuzzProperty.js';
import { EVENT_BATCHES, EVENTS } from './samples.js';
import { typedOutcome, type Outcome } from './typedErrors.js';

const wellFormedEvent = z.strictObject({
  sender: z.strictObject({ rel: z.string().max(256), href: z.string().max(8192) }),
  rel: z.string().max(256),
  href: z.string().max(300 * 1024),
  type: z.enum(['added', 'updated', 'deleted', 'started', 'completed']),
  status: z.enum(['Success', 'Failure']).optional(),
  reason: z.looseObject({ code: z.string().max(128).optional(), subcode: z.string().max(128).optional(), message: z.string().max(4096).optional() }).optional(),
  embedded: z.unknown().optional(),
});
const link = z
  .string()
  .max(300 * 1024)
  .optional();
const wellFormedBatch = z.strictObject({
  self: link,
  next: link,
  resync: link,
  resume: link,
  events: z.array(wellFormedEvent),
  rejected: z.array(z.instanceof(MalformedError)),
});

const assembledBatch = fc
  .tuple(fc.constantFrom(...EVENT_BATCHES), fc.array(fc.array(mutatedJson(EVENTS), { maxLength: 6 }), { minLength: 1, maxLength: 3 }))
  .map(([batch, senders]) => {
    const [first] = batch.sender as Array<Record<string, unknown>>;
    return { ...batch, sender: senders.map((events) => ({ ...first, events })) };
  });

export const batchDocument = fc.oneof(mutatedJson(EVENT_BATCHES), assembledBatch);

function parse(json: unknown): Outcome<EventBatch> {
  return typedOutcome(() => parseEventBatch(json), [MalformedError]);
}

/** The events the batch offers, in order, as far as a parsed batch says there are senders with events. */
function candidatesOf(json: unknown): unknown[] {
  const senders = (json as { sender?: unknown }).sender;
  return Array.isArray(senders) ? senders.flatMap((sender: { events: unknown[] }) => sender.events) : [];
}

const parsesOrRejects = fc.property(batchDocument, (json) => {
  const outcome = parse(json);
  if (!outcome.ok) {
    expect((outcome.error as MalformedError).field.startsWith('events')).toBe(true);
    return;
  }
  const batch = wellFormedBatch.parse(outcome.value);
  const candidates = candidatesOf(json);
  // Every event is either delivered or rejected with a reason: none vanishes, none is made up.
  expect(batch.events.length + batch.rejected.length).toBe(candidates.length);
  for (const rejected of batch.rejected) expect(rejected.field).toMatch(/^events\.sender\[\d+\]\.events\[\d+\]/);
  // Delivered in the order the server sent them.
  const offered = candidates.map((candidate) => (candidate as { link?: { href?: unknown } } | null)?.link?.href);
  let next = 0;
  for (const event of batch.events) {
    next = offered.indexOf(event.href, next) + 1;
    expect(next).toBeGreaterThan(0);
  }
});

const protoKeysMeanNothing = fc.property(batchDocument, (json) => {
  // Embedded resources pass through as the server sent them; compare them without their __proto__ keys.
  const comparable = (outcome: Outcome<EventBatch>) =>
    outcome.ok
      ? {
          ...outcome.value,
          events: outcome.value.events.map((event) => ({ ...event, embedded: withoutProtoKeys(event.embedded) })),
          rejected: outcome.value.rejected.map((error) => error.message),
        }
      : outcome.error.message;
  expect(comparable(parse(json))).toEqual(comparable(parse(withoutProtoKeys(json))));
});

/** Hrefs near the parser's edges: paths from the root, authorities, tabs and newlines it drops, backslashes. */
const href = fc.oneof(
  fc.string(),
  fc.string({ unit: fc.constantFrom('/', '\\', '\t', '\n', '[', ']', ':', '@', '%', ' ', 'a', '9') }),
  fc.string().map((rest) => `/${rest}`),
  fc.constantFrom('/ucwa/x', '//[', '/\t/[x', '/\\[x', 'https://[::1', 'http://exa mple.com/', '/\n/x:99999', '/'),
);

const hrefsReadAsTheUrlParserReadsThem = fc.property(href, href, (eventHref, senderHref) => {
  const events = [eventHref, '/ucwa/x'].map((href) => ({ link: { rel: 'x', href }, type: 'updated' }));
  const batch = parseEventBatch({ _links: {}, sender: [{ rel: 'communication', href: senderHref, events }] });
  const parsed = (candidate: string) => URL.canParse(candidate, 'https://base.invalid/');
  const delivered = parsed(senderHref) ? (parsed(eventHref) ? [eventHref, '/ucwa/x'] : ['/ucwa/x']) : [];
  expect(batch.events.map((event) => event.href)).toEqual(delivered);
  // None vanishes: each event of a sender refused is refused with it.
  expect(batch.rejected.length).toBe(2 - delivered.length);
});

export const eventsTarget: FuzzTarget = {
  name: 'event batches (parseEventBatch)',
  properties: [
    fuzzProperty('a mutated batch parses well formed, every event delivered in order or rejected, or a MalformedError', 12_000, parsesOrRejects),
    fuzzProperty('own __proto__ keys mean nothing: the outcome is that of the batch without them', 4_000, protoKeysMeanNothing),
    fuzzProperty('an event is delivered exactly when the URL parser takes its href and its sender’s, else refused', 4_000, hrefsReadAsTheUrlParserReadsThem),
  ],
};
