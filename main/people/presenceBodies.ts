// The bodies of presence, note and location, which UCWA gives the same shape for the person
// (me/presence, me/note, me/location) and for a colleague (contactPresence, contactNote,
// contactLocation): one reader each, with one bound each, so that a body is read alike whoever it is
// about. A body that is not the documented shape, or over a bound, is a MalformedError naming the
// resource (`what`); nothing of it is kept.
import * as z from '../../preload/shared/zod/zod.js';
import { AVAILABILITIES, type Availability, type ContactCard, type Presence } from '../../preload/shared/people.js';
import { parseWith } from '../ucwa/resources.js';

/**
 * The bounds: an availability and a note type are names of a few letters (Availability, NoteType); an
 * activity is a short phrase, localized or one of the well-known ones. A location is set with at most
 * MAX_LOCATION_LENGTH (60) characters; a few times that leaves room for what other clients publish. A
 * note has no documented bound and may be an out-of-office reply written in Exchange, far longer than the
 * MAX_NOTE_LENGTH this app lets a person type: several paragraphs fit, a document does not. Whatever this
 * app sets is read back.
 */
export const BODY_BOUNDS = { name: 64, activity: 256, location: 256, note: 8192 } as const;

export type Note = NonNullable<ContactCard['note']>;

const presenceSchema = z.looseObject({
  availability: z.string().max(BODY_BOUNDS.name).optional(),
  activity: z.string().max(BODY_BOUNDS.activity).optional(),
});
const noteSchema = z.looseObject({ message: z.string().max(BODY_BOUNDS.note).optional(), type: z.string().max(BODY_BOUNDS.name).optional() });
const locationSchema = z.looseObject({ location: z.string().max(BODY_BOUNDS.location).optional() });
const KNOWN = new Set<string>(AVAILABILITIES);

/** A presence as the windows show it: an availability this app does not know, or none, is Unknown. */
export function readPresence(json: unknown, what: string): Presence {
  const { availability, activity } = parseWith(presenceSchema, json, what);
  const known = availability !== undefined && KNOWN.has(availability) ? (availability as Availability) : 'Unknown';
  return { availability: known, ...(activity && { activity }) };
}

/** A note, undefined when it is empty; any type but OutOfOffice is a personal note. */
export function readNote(json: unknown, what: string): Note | undefined {
  const { message, type } = parseWith(noteSchema, json, what);
  const text = message?.trim();
  return text ? { message: text, type: type === 'OutOfOffice' ? 'OutOfOffice' : 'Personal' } : undefined;
}

/** A location, undefined when it is empty. */
export function readLocation(json: unknown, what: string): string | undefined {
  return parseWith(locationSchema, json, what).location?.trim() || undefined;
}
