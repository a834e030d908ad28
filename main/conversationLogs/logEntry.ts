// The readers of the server's history: conversationLogs_ref's list, missedItems_ref's counts, and each
// conversationLog_ref checked field by field (bounded strings, known enum values, a date in UCWA's
// `/Date(ms)/` or ISO 8601) into what the core keeps of it. Links stay as the server gave them; they are
// followed only through the client's resolve, which refuses foreign ones.
import { isConferenceUri } from '../ucwa/conferenceUri.js';
import * as z from '../../preload/shared/zod/zod.js';
import { linksSchema, parseWith, readLinks, type Links } from '../ucwa/resources.js';

const text = (max: number) =>
  z
    .string()
    .max(max * 4)
    .transform((value) => value.slice(0, max));
const recipientSchema = z.looseObject({ displayName: text(256).optional(), sipUri: z.string().max(2048).optional(), name: text(256).optional() });
const logSchema = z.looseObject({
  creationTime: z.string().max(64),
  direction: z.enum(['Incoming', 'Outgoing']).catch('Incoming'),
  modalities: z.array(z.string().max(64)).max(16).optional(),
  status: z.enum(['Missed', 'Archived']).catch('Archived'),
  subject: text(250).optional(),
  onlineMeetingUri: z.string().max(1024).optional(),
  previewMessage: text(200).optional(),
  type: z.string().max(64).optional(),
  _links: linksSchema,
  _embedded: z.looseObject({ conversationLogRecipient: z.array(z.unknown()).max(1000).optional() }).optional(),
});

const hrefList = z.union([z.looseObject({ href: z.string() }), z.array(z.looseObject({ href: z.string() }))]).optional();
/** conversationLogs_ref: a link to each log. */
export const logsSchema = z.looseObject({ _links: z.looseObject({ conversationLog: hrefList }) });
const count = z.number().int().min(0).max(1_000_000).optional();
/** missedItems_ref: the counts behind the badges. */
export const missedItemsSchema = z.looseObject({ unreadMissedConversationsCount: count, unreadVoicemailsCount: count });

/** What the core keeps of a log entry (the history's entry is made of it, historyOfLog), with the links it may follow. */
export type LogEntry = {
  kind: 'audio' | 'video' | 'messaging' | 'meeting' | 'sharing';
  status: 'missed' | 'archived';
  direction: 'incoming' | 'outgoing';
  /** When it began, ms since the epoch. */
  at: number;
  /** How long it was connected, where the server says. */
  durationSeconds?: number;
  /** The other person: their name, and their SIP or tel: address where the server gives a usable one. */
  name: string;
  address?: string;
  subject?: string;
  /** The start of its messages (previewMessage). */
  preview?: string;
  /** A missed entry the person has not seen yet. */
  unread: boolean;
  links: Links;
};

/** `/Date(1474932024587)/` (UCWA's JSON dates) or an ISO 8601 date; undefined for anything else. */
export function readUcwaDate(value: string): number | undefined {
  const ms = /^\/Date\((-?\d{1,15})([+-]\d{4})?\)\/$/.exec(value)?.[1] ?? (Number.isNaN(Date.parse(value)) ? undefined : Date.parse(value));
  return ms === undefined ? undefined : Number(ms);
}

/** The first recipient's name and address; an address that is neither sip: nor tel: is left out. */
function recipient(embedded: readonly unknown[] | undefined): { name: string; address?: string } {
  const first = recipientSchema.safeParse(embedded?.[0]);
  if (!first.success) return { name: 'Unknown' };
  const address =
    first.data.sipUri && /^(sip:[^\s<>"]{1,256}@[A-Za-z0-9.-]{1,253}|tel:\+?[\d\-.() ]{3,32})$/i.test(first.data.sipUri) ? first.data.sipUri : undefined;
  const name = first.data.displayName || first.data.name || address?.replace(/^(sip|tel):/i, '') || 'Unknown';
  return { name, ...(address && { address }) };
}

function meetingAddress(onlineMeetingUri: string | undefined): { address: string } | undefined {
  return onlineMeetingUri !== undefined && isConferenceUri(onlineMeetingUri) ? { address: onlineMeetingUri } : undefined;
}

function kindOf(type: string | undefined, modalities: readonly string[]): LogEntry['kind'] {
  if (type === 'MessageLog') return 'messaging';
  if (type === 'ConferenceLog') return 'meeting';
  if (type === 'AppSharingLog') return 'sharing';
  return type === 'VideoLog' || (type !== 'AudioLog' && modalities.includes('Video')) ? 'video' : 'audio';
}

/** A conversationLog resource as the core keeps it; MalformedError naming the field for anything else. */
export function readLogEntry(json: unknown): LogEntry {
  const log = parseWith(logSchema, json, 'conversationLog');
  const at = readUcwaDate(log.creationTime);
  if (at === undefined) parseWith(z.never(), log.creationTime, 'conversationLog.creationTime');
  const links = readLinks(log._links);
  const kind = kindOf(log.type, log.modalities ?? []);
  return {
    kind,
    status: log.status === 'Missed' ? 'missed' : 'archived',
    direction: log.direction === 'Outgoing' ? 'outgoing' : 'incoming',
    at: at ?? 0,
    ...recipient(log._embedded?.conversationLogRecipient),
    // A meeting is known by its conference URI, as the history keeps the meetings this app joined.
    ...(kind === 'meeting' && meetingAddress(log.onlineMeetingUri)),
    ...(log.subject && { subject: log.subject }),
    ...(log.previewMessage && { preview: log.previewMessage }),
    // markAsRead is offered while the entry is unread; a missed one without it has been seen.
    unread: log.status === 'Missed' && links.has('markAsRead'),
    links,
  };
}
