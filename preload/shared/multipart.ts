// MIME multipart bodies (RFC 2045 §5.1, RFC 2046 §5.1.1) as Lync's multipart/alternative offers come: an
// entity whose Content-Type header names the boundary (a SIP capture's headers, or the media type of
// UCWA's `data:multipart/alternative;boundary=…` link written as that header), a preamble to ignore, parts
// of headers and a body, and an epilogue. One reader for the windows' offer analysis, the media bridge and
// UCWA's `multipart/batching` (the batch resource's requests and replies, main/ucwa/batch.ts).
// Written by hand, a small splitter: the well-kept MIME parsers on npm (busboy, formidable, mailparser)
// read uploads or mail from Node's streams and buffers, which a sandboxed window has not, and the project
// has none of them as a dependency.

export class MultipartError extends Error {
  override name = 'MultipartError';
}

/** The entity has more parts than its reader takes. */
export class TooManyPartsError extends MultipartError {
  override name = 'TooManyPartsError';
}

export type MimeHeaders = ReadonlyMap<string, string>;

export type MimePart = { headers: MimeHeaders; body: string };

/** Lync sends two alternatives; more than this is not an offer worth reading. */
export const MAX_PARTS = 8;
/** RFC 2046 §5.1.1: 1 to 70 characters, the last not a space. */
const BOUNDARY = /^[^\r\n]{0,69}[^\s]$/;
/** A header's name (RFC 5322 §3.6.8): printable characters but the colon. */
const HEADER_LINE = /^([!-9;-~]+)[ \t]*:[ \t]*([^]*)$/;
/** The start line of a SIP request or response, which a capture keeps before its headers (RFC 3261 §7). */
const SIP_START_LINE = /^(?:[A-Za-z]+ \S+ SIP\/2\.0|SIP\/2\.0 \d{3}(?: [^]*)?)$/;

/** The entity's headers (names in lower case) and where its body starts, or undefined when the text does not start with headers. */
export function readEntityHeaders(text: string): { headers: MimeHeaders; bodyStart: number } | undefined {
  let line = lineAt(text, 0);
  if (SIP_START_LINE.test(line.text)) line = lineAt(text, line.next);
  if (!HEADER_LINE.test(line.text)) return undefined;
  const block: string[] = [];
  for (; line.text !== ''; line = lineAt(text, line.next)) block.push(line.text);
  return { headers: headersOf(block), bodyStart: Math.min(line.next, text.length) };
}

/** Whether the text is a multipart entity: headers whose Content-Type is multipart/… before the body. */
export function isMultipartEntity(text: string): boolean {
  const contentType = readEntityHeaders(text)?.headers.get('content-type');
  return contentType !== undefined && /^multipart\//i.test(contentType);
}

/** A media type's parameter (RFC 2045 §5.1: a token or a quoted string), by its name in any case. */
export function mediaTypeParameter(mediaType: string, name: string): string | undefined {
  for (const [, key = '', value = ''] of mediaType.matchAll(/;\s*([^\s=;]+)\s*=\s*("(?:[^"\\]|\\.)*"|[^;\s]*)/g)) {
    if (key.toLowerCase() === name.toLowerCase()) return value.startsWith('"') ? value.slice(1, -1).replace(/\\(.)/g, '$1') : value;
  }
  return undefined;
}

/** The parts of a multipart entity, in order, at most `maxParts`; preamble and epilogue left out. */
export function splitMultipart(entity: string, maxParts = MAX_PARTS): MimePart[] {
  const read = readEntityHeaders(entity);
  const contentType = read?.headers.get('content-type') ?? '';
  if (!read || !/^multipart\//i.test(contentType)) throw new MultipartError('not a multipart entity (no Content-Type: multipart/… header)');
  const boundary = mediaTypeParameter(contentType, 'boundary');
  if (boundary === undefined) throw new MultipartError('its Content-Type names no boundary');
  if (!BOUNDARY.test(boundary)) throw new MultipartError('its boundary is not 1 to 70 characters ending in a non-space');
  return partsOf(entity.slice(read.bodyStart), boundary, maxParts);
}

type Line = { text: string; start: number; end: number; next: number };

/** The line at `start`, ended by CRLF or LF: its text, where its line break starts and where the next line starts. */
function lineAt(text: string, start: number): Line {
  const newline = text.indexOf('\n', start);
  if (newline < 0) return { text: text.slice(start), start, end: text.length, next: text.length + 1 };
  const end = newline > start && text[newline - 1] === '\r' ? newline - 1 : newline;
  return { text: text.slice(start, end), start, end, next: newline + 1 };
}

function linesOf(text: string): Line[] {
  const lines: Line[] = [];
  for (let start = 0; start <= text.length; start = lines.at(-1)!.next) lines.push(lineAt(text, start));
  return lines;
}

/** Header lines, a folded line (starting with white space) continuing the one before; the first of a name wins. */
function headersOf(lines: readonly string[]): Map<string, string> {
  const headers = new Map<string, string>();
  let last: string | undefined;
  for (const line of lines) {
    if (/^[ \t]/.test(line) && last !== undefined) {
      headers.set(last, `${headers.get(last)} ${line.trim()}`);
      continue;
    }
    const header = HEADER_LINE.exec(line);
    last = header && !headers.has(header[1]!.toLowerCase()) ? header[1]!.toLowerCase() : undefined;
    if (last !== undefined) headers.set(last, header![2]!.trim());
  }
  return headers;
}

/**
 * RFC 2046 §5.1.1: a delimiter is a line of `--boundary` (and white space, transport padding); the line
 * break before it belongs to it, so a part's body ends where that line break starts. `--boundary--`
 * closes the body; without it the last part runs to the end.
 */
function partsOf(body: string, boundary: string, maxParts: number): MimePart[] {
  const dashBoundary = `--${boundary}`;
  const delimiters: Array<{ before: number; after: number; close: boolean }> = [];
  const lines = linesOf(body);
  for (const [index, line] of lines.entries()) {
    if (!line.text.startsWith(dashBoundary)) continue;
    const rest = line.text.slice(dashBoundary.length);
    const close = rest.startsWith('--');
    if (!/^[ \t]*$/.test(close ? rest.slice(2) : rest)) continue;
    delimiters.push({ before: lines[index - 1]?.end ?? line.start, after: Math.min(line.next, body.length), close });
    if (close) break;
    if (delimiters.length > maxParts) throw new TooManyPartsError(`more than ${maxParts} parts`);
  }
  if (delimiters.length === 0 || delimiters[0]!.close) throw new MultipartError(`no part starts with --${boundary}`);
  const ends = [...delimiters.slice(1).map((delimiter) => delimiter.before), body.length];
  return delimiters.filter((delimiter) => !delimiter.close).map((delimiter, index) => partOf(body.slice(delimiter.after, ends[index])));
}

/** An `application/http` message (RFC 9112 §2.1): its start line, then its headers and body as a part has them. */
export function readHttpMessage(text: string): MimePart & { startLine: string } {
  const first = lineAt(text, 0);
  return { startLine: first.text, ...partOf(text.slice(Math.min(first.next, text.length))) };
}

/** A part: its header lines up to the first blank line, then its body; a part that starts with a blank line has no headers. */
function partOf(text: string): MimePart {
  const lines = linesOf(text);
  const blank = lines.findIndex((line) => line.text === '');
  if (blank < 0) return { headers: headersOf(lines.map((line) => line.text)), body: '' };
  return { headers: headersOf(lines.slice(0, blank).map((line) => line.text)), body: text.slice(Math.min(lines[blank]!.next, text.length)) };
}
