// The event channel's reader of batches in slices (main/ucwa/batchReader.ts) against reading the whole
// body at once as the channel did before: the same bytes, cut into chunks anywhere (inside a string, an
// escape, a key, a multi-byte character), give the same batch or the same typed error. The texts are the
// event batch documents of events.fuzz.ts, as JSON text and then mutated as text: cut short, a character
// dropped or added, keys spelled with escapes, a byte order mark, bytes that are not UTF-8.
import fc from 'fast-check';
import { expect } from 'vitest';
import { parseJsonText } from '../../main/storage/jsonText.js';
import { readEventBatch } from '../../main/ucwa/batchReader.js';
import { MalformedError } from '../../main/ucwa/errors.js';
import { parseEventBatch, type EventBatch } from '../../main/ucwa/events.js';
import { batchDocument } from './events.fuzz.js';
import { fuzzProperty, type FuzzTarget } from './fuzzProperty.js';

const WHERE = 'response from /ucwa/events';
const STRUCTURAL = ['[', ']', '{', '}', '"', '\\', ',', ':', ' ', 'é', '\u{1F600}', '\uFEFF', '0'];

/** The whole body read as the channel read it before: decoded, JSON.parse'd (BOM and depth as parseJsonText), then parseEventBatch. */
function readWhole(bytes: Uint8Array): EventBatch {
  const text = Buffer.from(bytes).toString('utf8');
  let json: unknown;
  if (text.trim() !== '') {
    try {
      json = parseJsonText(text);
    } catch {
      throw new MalformedError(WHERE, 'body is not valid JSON');
    }
  }
  return parseEventBatch(json);
}

async function* inChunks(bytes: Uint8Array, cuts: number[]): AsyncGenerator<Uint8Array> {
  let from = 0;
  for (const cut of [...new Set(cuts.map((cut) => cut % (bytes.length + 1)))].sort((a, b) => a - b)) {
    yield bytes.subarray(from, cut);
    from = cut;
  }
  yield bytes.subarray(from);
}

/** A batch or an error as text: own `__proto__` keys and key order included. */
async function outcome(read: () => Promise<EventBatch>): Promise<string> {
  try {
    const batch = await read();
    return JSON.stringify({ ...batch, rejected: batch.rejected.map((error) => error.message) });
  } catch (error) {
    if (!(error instanceof MalformedError)) throw error;
    return `${error.name}: ${error.message}`;
  }
}

const textMutation = fc.oneof(
  { weight: 4, arbitrary: fc.constant((text: string) => text) },
  fc.nat().map((at) => (text: string) => text.slice(0, at % (text.length + 1))),
  fc.tuple(fc.nat(), fc.constantFrom(...STRUCTURAL)).map(([at, character]) => (text: string) => {
    const cut = at % (text.length + 1);
    return `${text.slice(0, cut)}${character}${text.slice(cut)}`;
  }),
  fc.nat().map((at) => (text: string) => {
    const cut = at % (text.length + 1);
    return `${text.slice(0, cut)}${text.slice(cut + 1)}`;
  }),
  fc.constant((text: string) => text.replaceAll('"sender"', '"s\\u0065nder"').replaceAll('"events"', '"\\u0065vents"')),
  fc.constant((text: string) => `\uFEFF${text}`),
  fc.constant((text: string) => ` \n\t${text}\r\n `),
);

const byteMutation = fc.oneof(
  { weight: 4, arbitrary: fc.constant((bytes: Uint8Array) => bytes) },
  fc.tuple(fc.nat(), fc.constantFrom(0xff, 0xc3, 0x80, 0xe2, 0xf0)).map(([at, byte]) => (bytes: Uint8Array) => {
    const out = Uint8Array.from(bytes);
    if (out.length > 0) out[at % out.length] = byte;
    return out;
  }),
);

const body = fc
  .tuple(batchDocument, fc.constantFrom(undefined, 1, '\t'), textMutation, byteMutation)
  .map(([json, indent, mutateText, mutateBytes]) => mutateBytes(new TextEncoder().encode(mutateText(JSON.stringify(json, null, indent)))));

// Read in slices from the first byte, or from wherever the body outgrows what is read whole.
const wholeUpTo = fc.oneof(fc.constant(0), fc.nat({ max: 4096 }));

const readsAsAWhole = fc.asyncProperty(body, fc.array(fc.nat(), { maxLength: 12 }), wholeUpTo, async (bytes, cuts, upTo) => {
  expect(await outcome(() => readEventBatch(inChunks(bytes, cuts), WHERE, upTo))).toBe(await outcome(async () => readWhole(bytes)));
});

export const batchReaderTarget: FuzzTarget = {
  name: 'event batches read in slices (readEventBatch)',
  properties: [fuzzProperty('any body cut into chunks anywhere reads as the whole body did: the same batch or the same MalformedError', 6_000, readsAsAWhole)],
};
