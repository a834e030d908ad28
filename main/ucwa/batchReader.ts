import { EventBatchScanner, type EventText } from './batchScanner.js';
import { MalformedError } from './errors.js';
import { assembleBatch, parseEventBatch, readEvent, type EventBatch, type EventRead } from './events.js';
import { parseJsonBody } from './http.js';

/** The longest the reading works on without giving the event loop a turn. */
const TURN_MS = 10;
/** Text is scanned in pieces of at most this many characters, so that one large chunk is no long task either. */
const PIECE_CHARACTERS = 64 * 1024;

/** A batch this small is read whole, as any other reply: a few milliseconds at most, and the cheapest way. */
const WHOLE_BATCH_BYTES = 64 * 1024;

/**
 * Reads an event batch as its chunks arrive. Up to `wholeUpTo` bytes it is read whole; past that, in
 * turns (readInSlices), so a batch of thousands of events never holds the event loop for long. Either
 * way it refuses exactly what reading the whole text with JSON.parse and parseEventBatch refuses, with
 * the same errors.
 */
export async function readEventBatch(chunks: AsyncIterable<Uint8Array>, where: string, wholeUpTo = WHOLE_BATCH_BYTES): Promise<EventBatch> {
  const early: Uint8Array[] = [];
  let size = 0;
  let slices: SliceReader | undefined;
  for await (const bytes of chunks) {
    if (slices) {
      await slices.add(bytes);
      continue;
    }
    early.push(bytes);
    size += bytes.byteLength;
    if (size <= wholeUpTo) continue;
    slices = readInSlices(where);
    for (const earlier of early.splice(0)) await slices.add(earlier);
  }
  return slices ? slices.end() : parseEventBatch(parseJsonBody(Buffer.concat(early).toString('utf8'), where));
}

type SliceReader = { add(bytes: Uint8Array): Promise<void>; end(): Promise<EventBatch> };

/**
 * A batch read in turns: the text is decoded and scanned piece by piece, and each event is parsed and
 * checked on its own as soon as it is complete (EventBatchScanner), with a turn for the event loop every
 * TURN_MS; the rest of the batch is parsed at the end.
 */
function readInSlices(where: string): SliceReader {
  const read: EventRead[] = [];
  const complete: EventText[] = [];
  const scanner = new EventBatchScanner((event) => complete.push(event));
  // Like Buffer's toString, with a byte order mark dropped (RFC 8259 §8.1) as parseJsonText does.
  const decoder = new TextDecoder();
  let turnStarted = performance.now();
  const turnIsDue = () => performance.now() - turnStarted > TURN_MS;
  const nextTurn = async () => {
    await new Promise((resolve) => setImmediate(resolve));
    turnStarted = performance.now();
  };
  const scan = async (text: string) => {
    for (let at = 0; at < text.length; at += PIECE_CHARACTERS) {
      scanner.write(text.slice(at, at + PIECE_CHARACTERS));
      for (const event of complete.splice(0)) {
        read[event.placeholder] = readEvent(JSON.parse(event.text), `events.sender[${event.sender}].events[${event.event}]`);
        if (turnIsDue()) await nextTurn();
      }
      if (turnIsDue()) await nextTurn();
    }
  };
  const refusingSyntax = async <T>(step: () => Promise<T>): Promise<T> => {
    try {
      return await step();
    } catch (error) {
      if (error instanceof SyntaxError) throw new MalformedError(where, 'body is not valid JSON');
      throw error;
    }
  };
  return {
    add: (bytes) => refusingSyntax(() => scan(decoder.decode(bytes, { stream: true }))),
    end: () =>
      refusingSyntax(async () => {
        await scan(decoder.decode());
        const skeleton = scanner.skeleton();
        const json: unknown = read.length === 0 && skeleton.trim() === '' ? undefined : JSON.parse(skeleton);
        return assembleBatch(json, (placeholder) => read[placeholder as number]!);
      }),
  };
}
