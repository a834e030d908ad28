import { MAX_JSON_DEPTH } from '../storage/jsonText.js';

/** One element of a `sender[s].events` array of an event batch, as JSON text. */
export type EventText = { text: string; sender: number; event: number; placeholder: number };

// What a container is in an event batch: the batch object, its `sender` array, a sender, its `events` array.
// Each is found at one depth only, its number.
const OTHER = 0;
const BATCH = 1;
const SENDERS = 2;
const SENDER = 3;
const EVENTS = 4;

const QUOTE = 0x22;
const COMMA = 0x2c;
const OPEN_ARRAY = 0x5b;
const CLOSE_ARRAY = 0x5d;
const OPEN_OBJECT = 0x7b;
const CLOSE_OBJECT = 0x7d;
/** What ends a run of a string's characters: its closing quote, or a backslash escaping the next character. */
const STRING_STOP = /["\\]/g;
/** "\u0073\u0065…": no key longer than this can spell `sender` or `events`. */
const LONGEST_KEY_OF_INTEREST = 2 + 6 * 6;

/**
 * Reads an event batch's JSON text piece by piece as it arrives (a piece may end anywhere: inside a
 * string, an escape or a key) and splits it: each element of a `sender[s].events` array goes out as text
 * of its own, and what is left, with a number in each element's place, is the skeleton. The skeleton and
 * the elements are each valid JSON exactly when the whole text is (the places are between `[`, `,` and
 * `]` of the same array), so JSON.parse on each tells the same as on the whole, in slices. Nesting deeper
 * than MAX_JSON_DEPTH, or a bracket closing what it did not open, is a SyntaxError at once.
 */
export class EventBatchScanner {
  readonly #skeleton: string[] = [];
  readonly #brackets = new Uint8Array(MAX_JSON_DEPTH + 1);
  readonly #roles = new Uint8Array(MAX_JSON_DEPTH + 1);
  #depth = 0;
  #inString = false;
  #escaped = false;
  /** Where the current run of skeleton, or of an element when in an `events` array, began in this piece. */
  #runFrom = 0;
  #element = '';
  #elements = 0;
  #senderIndex = 0;
  #eventIndex = 0;
  /** A key of the batch or of a sender: expected next, being read (from where, in this piece) and the last one read. */
  #keyExpected = false;
  #keyFrom = -1;
  #keyText = '';
  #key: string | undefined;

  constructor(private readonly onEvent: (element: EventText) => void) {}

  write(piece: string): void {
    this.#runFrom = 0;
    for (let at = 0; at < piece.length; at++) {
      if (this.#inString) {
        at = this.#stringEnd(piece, at);
        if (at === piece.length) break;
        this.#inString = false;
        if (this.#keyFrom >= 0) this.#keyRead(piece, at);
        continue;
      }
      const code = piece.charCodeAt(at);
      if (code === QUOTE) {
        this.#inString = true;
        if (this.#keyExpected) this.#keyStarts(at);
      } else if (code === OPEN_ARRAY || code === OPEN_OBJECT) {
        this.#open(code, piece, at);
      } else if (code === CLOSE_ARRAY || code === CLOSE_OBJECT) {
        this.#close(code, piece, at);
      } else if (code === COMMA) {
        this.#comma(piece, at);
      }
    }
    if (this.#keyFrom >= 0) {
      this.#keyText += piece.slice(this.#keyFrom);
      this.#keyFrom = 0;
    }
    if (this.#inEvents()) this.#element += piece.slice(this.#runFrom);
    else this.#skeleton.push(piece.slice(this.#runFrom));
  }

  /** The text with a number in each element's place. */
  skeleton(): string {
    return this.#skeleton.join('');
  }

  /** Where the string being read ends (its closing quote) at or after `from`, or the piece's length; escapes are skipped, also across pieces. */
  #stringEnd(piece: string, from: number): number {
    let at = from;
    if (this.#escaped) {
      this.#escaped = false;
      at++;
    }
    for (;;) {
      STRING_STOP.lastIndex = at;
      const stop = STRING_STOP.exec(piece);
      if (!stop) return piece.length;
      if (stop[0] === '"') return stop.index;
      at = stop.index + 2;
      if (at > piece.length) {
        this.#escaped = true;
        return piece.length;
      }
    }
  }

  #inEvents(): boolean {
    return this.#depth >= 4 && this.#roles[4] === EVENTS;
  }

  #open(bracket: number, piece: string, at: number): void {
    if (this.#depth === MAX_JSON_DEPTH) throw new SyntaxError(`JSON nested deeper than ${MAX_JSON_DEPTH} levels`);
    const parent = this.#roles[this.#depth];
    const depth = ++this.#depth;
    this.#brackets[depth] = bracket;
    const role = roleOf(depth, bracket, parent ?? OTHER, this.#key);
    this.#roles[depth] = role;
    this.#keyExpected = role === BATCH || role === SENDER;
    this.#key = undefined;
    if (role === SENDERS) this.#senderIndex = 0;
    if (role === EVENTS) {
      this.#eventIndex = 0;
      this.#skeleton.push(piece.slice(this.#runFrom, at + 1));
      this.#element = '';
      this.#runFrom = at + 1;
    }
  }

  #close(bracket: number, piece: string, at: number): void {
    const depth = this.#depth;
    if (depth === 0 || this.#brackets[depth] !== bracket - 2) throw new SyntaxError(`Unexpected ${String.fromCharCode(bracket)} in JSON`);
    if (depth === 4 && this.#inEvents()) this.#elementEnds(piece, at);
    this.#depth--;
    this.#keyExpected = false;
    this.#key = undefined;
  }

  #comma(piece: string, at: number): void {
    const role = this.#roles[this.#depth];
    if (this.#depth === 4 && role === EVENTS) {
      this.#elementEnds(piece, at);
      this.#skeleton.push(',');
      this.#runFrom = at + 1;
      this.#eventIndex++;
    } else if (role === SENDERS) {
      this.#senderIndex++;
    } else if (role === BATCH || role === SENDER) {
      this.#keyExpected = true;
      this.#key = undefined;
    }
  }

  /** An element of an `events` array ends before `at`: it goes out, a number takes its place (a blank one stays, to be refused as JSON). */
  #elementEnds(piece: string, at: number): void {
    const text = this.#element + piece.slice(this.#runFrom, at);
    this.#element = '';
    this.#runFrom = at;
    if (isBlank(text)) {
      this.#skeleton.push(text);
      return;
    }
    const placeholder = this.#elements++;
    this.#skeleton.push(String(placeholder));
    this.onEvent({ text, sender: this.#senderIndex, event: this.#eventIndex, placeholder });
  }

  #keyStarts(at: number): void {
    this.#keyExpected = false;
    this.#keyFrom = at;
    this.#keyText = '';
  }

  #keyRead(piece: string, at: number): void {
    const raw = this.#keyText + piece.slice(this.#keyFrom, at + 1);
    this.#keyFrom = -1;
    this.#keyText = '';
    this.#key = raw.length <= LONGEST_KEY_OF_INTEREST ? decodeKey(raw) : undefined;
  }
}

/** What a container opened at `depth` with `bracket` is, given its parent's role and the key it is the value of. */
function roleOf(depth: number, bracket: number, parent: number, key: string | undefined): number {
  if (depth === BATCH) return bracket === OPEN_OBJECT ? BATCH : OTHER;
  if (depth === SENDERS) return bracket === OPEN_ARRAY && parent === BATCH && key === 'sender' ? SENDERS : OTHER;
  if (depth === SENDER) return bracket === OPEN_OBJECT && parent === SENDERS ? SENDER : OTHER;
  return depth === EVENTS && bracket === OPEN_ARRAY && parent === SENDER && key === 'events' ? EVENTS : OTHER;
}

function decodeKey(raw: string): string | undefined {
  try {
    return JSON.parse(raw) as string;
  } catch {
    return undefined; // not a valid string: the skeleton is refused as JSON
  }
}

/** Only JSON's whitespace (RFC 8259 §2). */
function isBlank(text: string): boolean {
  return /^[ \t\n\r]*$/.test(text);
}
