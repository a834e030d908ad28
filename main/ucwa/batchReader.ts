import { EventBatchScanner, type EventText } from './batchScanner.js';
import { MalformedError } from './errors.js';
import { assembleBatch, readEvent, type EventBatch, type EventRead } from './events.js';

/** The longest the reading works on without giving the event loop a turn. */
const TURN_MS = 10;
/** Text is scanned in pieces of at most this many characters, so that one large chunk is no long task either. */
const PIECE_CHARACTERS = 64 * 1024;

/**
 * Reads an event batch as its chunks arrive, in turns: the text is decoded and scanned piece by piece,
 * and each event is parsed and checked on its own as soon as it is complete (EventBatchScanner), so a
 * batch of thousands of events never holds the event loop for long. Refuses exactly what reading the whole
 * text with JSON.parse and parseEventBatch refuses, with the same errors.
 */
export async function readEventBatch(chunks: AsyncIterable<Uint8Array>, where: string): Promise<EventBatch> {
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
  let json: unknown;
  try {
    for await (const bytes of chunks) await scan(decoder.decode(bytes, { stream: true }));
    await scan(decoder.decode());
    const skeleton = scanner.skeleton();
    json = read.length === 0 && skeleton.trim() === '' ? undefined : JSON.parse(skeleton);
  } catch (error) {
    if (error instanceof SyntaxError) throw new MalformedError(where, 'body is not valid JSON');
    throw error;
  }
  return assembleBatch(json, (placeholder) => read[placeholder as number]!);
}
