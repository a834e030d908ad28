// Instant messages of a connected IM conversation, read from `message` events: direction, time and the
// text in a plainMessage or htmlMessage data: link (HTML is kept as sent; the renderer sanitises it).
import * as z from '../../preload/shared/zod/zod.js';
import type { ChatLine } from '../../preload/shared/contract.js';
import { decodeDataUri } from '../ucwa/dataUri.js';
import { keptText } from '../ucwa/keptText.js';
import { MalformedError } from '../ucwa/errors.js';
import { linksSchema, parseWith, readLinks } from '../ucwa/resources.js';

export { keptText, MESSAGE_TEXT_KEPT } from '../ucwa/keptText.js';

const messageSchema = z.looseObject({
  direction: z.enum(['Incoming', 'Outgoing']),
  timeStamp: z.string().max(64).optional(),
  _links: linksSchema,
});

/** UCWA times look like `/Date(1474932024822)/`. */
function timeOf(stamp: string | undefined, now: number): number {
  const ms = stamp ? /^\/Date\((\d{1,15})\)\/$/.exec(stamp)?.[1] : undefined;
  return ms ? Number(ms) : now;
}

export function parseMessage(json: unknown, now = Date.now()): ChatLine {
  return readMessage(json, now).line;
}

/** The message, and the href of who sent it (its participant, else its contact) where it says. */
export function readMessage(json: unknown, now = Date.now()): { line: ChatLine; sender?: string } {
  const raw = parseWith(messageSchema, json, 'message');
  const links = readLinks(raw._links);
  const sender = links.get('participant') ?? links.get('contact');
  const html = links.get('htmlMessage');
  const plain = links.get('plainMessage');
  const href = html ?? plain;
  if (href === undefined) throw new MalformedError('message._links', 'neither plainMessage nor htmlMessage');
  const decoded = decodeDataUri(href, html !== undefined ? 'message._links.htmlMessage' : 'message._links.plainMessage');
  const line: ChatLine = { direction: raw.direction, format: html !== undefined ? 'html' : 'plain', ...keptText(decoded.text), at: timeOf(raw.timeStamp, now) };
  return { line, ...(sender !== undefined && { sender }) };
}
