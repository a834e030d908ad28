import * as z from '../../preload/shared/zod/zod.js';
import { MalformedError } from './errors.js';
import { linksSchema, normaliseRel, parseWith, readLinks } from './resources.js';

export type EventType = 'added' | 'updated' | 'deleted' | 'started' | 'completed';

export type UcwaEvent = {
  sender: { rel: string; href: string };
  /** The normalised rel of the resource the event is about (`ms:rtc:saas:` stripped). */
  rel: string;
  href: string;
  /** The collection the resource joined or left (`typingParticipants`), its rel normalised. */
  in?: { rel: string; href: string };
  type: EventType;
  status?: 'Success' | 'Failure';
  reason?: { code?: string; subcode?: string; message?: string };
  /** The resource itself, when the server embedded it. */
  embedded?: unknown;
};

export type EventBatch = {
  /** The batch's own href: its `ack` tells a repeated batch from a new one. */
  self?: string;
  next?: string;
  resync?: string;
  resume?: string;
  events: UcwaEvent[];
  /** Events that did not have the documented shape: reported, skipped, the rest of the batch goes on. */
  rejected: MalformedError[];
};

/**
 * Whether `href` is a URL or a reference relative to one: an event whose href is neither is refused as it
 * is read, with the rest of its batch going on. Every UCWA base is http(s), against which relative
 * references resolve alike. A path from the root (`/ucwa/…`, almost every event's) is taken without the
 * parser, which refuses only a scheme, host or port (after `/`, a `/` or `\` would begin an authority, and
 * so could a tab or newline, which it drops): its check cost a 500-event batch more than the rest of its
 * reading (a fuzz property holds the shortcut to the parser).
 */
const isUrlReference = (href: string) => /^\/[^/\\\t\n\r]/.test(href) || URL.canParse(href, 'https://base.invalid/');

const refSchema = z.object({ rel: z.string().max(256), href: z.string().max(300 * 1024) });

const eventSchema = z.looseObject({
  link: refSchema,
  in: refSchema.optional(),
  type: z.enum(['added', 'updated', 'deleted', 'started', 'completed']),
  status: z.enum(['Success', 'Failure']).optional(),
  reason: z
    .looseObject({
      code: z.string().max(128).optional(),
      subcode: z.string().max(128).optional(),
      message: z.string().max(4096).optional(),
    })
    .optional(),
  _embedded: z.record(z.string(), z.unknown()).optional(),
});

const batchSchema = z.looseObject({
  _links: linksSchema,
  sender: z.array(z.looseObject({ rel: z.string().max(256), href: z.string().max(8192), events: z.array(z.unknown()) })).optional(),
});

/** An event read apart from the sender it came with, or the error that refused it. */
export type EventRead = Omit<UcwaEvent, 'sender'> | MalformedError;

export function parseEventBatch(json: unknown): EventBatch {
  return assembleBatch(json, (candidate, s, e) => readEvent(candidate, `events.sender[${s}].events[${e}]`));
}

/**
 * The batch `json` holds, each event of it as `readCandidate` reads it: a refused event is reported and
 * skipped, the rest of the batch goes on.
 */
export function assembleBatch(json: unknown, readCandidate: (candidate: unknown, s: number, e: number) => EventRead): EventBatch {
  const raw = parseWith(batchSchema, json, 'events');
  const links = readLinks(raw._links);
  const events: UcwaEvent[] = [];
  const rejected: MalformedError[] = [];
  for (const [s, sender] of (raw.sender ?? []).entries()) {
    const senderRefused = !isUrlReference(sender.href);
    for (const [e, candidate] of sender.events.entries()) {
      const event = senderRefused ? new MalformedError(`events.sender[${s}].events[${e}]`, 'its sender’s href is not a URL') : readCandidate(candidate, s, e);
      if (event instanceof MalformedError) rejected.push(event);
      else events.push({ sender: { rel: normaliseRel(sender.rel), href: sender.href }, ...event });
    }
  }
  return {
    ...(links.has('self') && { self: links.get('self') }),
    ...(links.has('next') && { next: links.get('next') }),
    ...(links.has('resync') && { resync: links.get('resync') }),
    ...(links.has('resume') && { resume: links.get('resume') }),
    events,
    rejected,
  };
}

/** One event of a batch; `where` names it in the error that refuses it. */
export function readEvent(candidate: unknown, where: string): EventRead {
  try {
    const event = parseWith(eventSchema, candidate, where);
    for (const [name, ref] of [
      ['link', event.link],
      ['in', event.in],
    ] as const) {
      if (ref && !isUrlReference(ref.href)) throw new MalformedError(`${where}.${name}.href`, 'not a URL');
    }
    const embedded = event._embedded ? Object.entries(event._embedded).find(([rel]) => normaliseRel(rel) === normaliseRel(event.link.rel))?.[1] : undefined;
    return {
      rel: normaliseRel(event.link.rel),
      href: event.link.href,
      ...(event.in && { in: { rel: normaliseRel(event.in.rel), href: event.in.href } }),
      type: event.type,
      ...(event.status && { status: event.status }),
      ...(event.reason && { reason: event.reason }),
      ...(embedded !== undefined && { embedded }),
    };
  } catch (error) {
    if (!(error instanceof MalformedError)) throw error;
    return error;
  }
}
