// Reads a meeting's roster resources as participant_ref, participantAudio_ref and the collections
// (participants, leaders, attendees, lobby) document them; a resource not of that shape is refused
// whole with a MalformedError naming the field.
import * as z from '../../preload/shared/zod/zod.js';
import type { ParticipantAction } from '../../preload/shared/meetings.js';
import { MalformedError } from '../ucwa/errors.js';
import { linkedResourceSchema, linksSchema, parseWith, readLinks, type Links } from '../ucwa/resources.js';

const participantSchema = z.looseObject({
  name: z.string().max(256).optional(),
  uri: z.string().max(2048).optional(),
  role: z.string().max(64).optional(),
  organizer: z.boolean().optional(),
  inLobby: z.boolean().optional(),
  _links: linksSchema,
});

const audioSchema = z.looseObject({
  audioMuted: z.boolean().optional(),
  // (inference) UCWA documents no audio-activity property; the local service says it here.
  isSpeaking: z.boolean().optional(),
  _links: linksSchema.optional(),
});

const collectionSchema = z.looseObject({
  _links: linksSchema.optional(),
  _embedded: z.looseObject({ participant: z.union([z.array(z.unknown()).max(10_000), z.unknown()]).optional() }).optional(),
});

export type ParticipantRead = {
  href: string;
  name: string;
  uri: string;
  role: 'leader' | 'attendee';
  organizer: boolean;
  inLobby: boolean;
  links: Links;
};

export type AudioRead = { muted: boolean; speaking: boolean; links: Links };

/** Which participant link does what a leader may do (muting is on participantAudio). */
export const ACTION_RELS: Record<Exclude<ParticipantAction, 'mute'>, string> = { admit: 'admit', reject: 'reject', eject: 'eject', promote: 'promote' };

export function readParticipant(json: unknown): ParticipantRead {
  const raw = parseWith(participantSchema, json, 'participant');
  const links = readLinks(raw._links);
  const href = links.get('self');
  if (href === undefined) throw new MalformedError('participant._links.self', 'missing');
  return {
    href,
    name: raw.name || raw.uri?.replace(/^(sip|tel):/i, '') || 'Someone',
    uri: raw.uri ?? '',
    role: raw.role?.toLowerCase() === 'leader' ? 'leader' : 'attendee',
    organizer: raw.organizer ?? false,
    inLobby: raw.inLobby ?? false,
    links,
  };
}

export function readAudio(json: unknown): AudioRead {
  const raw = parseWith(audioSchema, json, 'participantAudio');
  return { muted: raw.audioMuted ?? false, speaking: raw.isSpeaking ?? false, links: readLinks(raw._links) };
}

/**
 * The participant a participantAudio or participantVideo is of (its `participant` link). Read for every
 * change of who speaks: a schema made here at each call was built and compiled anew by zod every time.
 */
export function participantOf(json: unknown, what: string): string | undefined {
  return readLinks(parseWith(linkedResourceSchema, json, what)._links).get('participant');
}

/** A collection's participants: embedded resources, or the hrefs of its `participant` links to fetch. */
export function readCollection(json: unknown): { embedded: unknown[]; hrefs: string[] } {
  const raw = parseWith(collectionSchema, json, 'participants');
  const embedded = raw._embedded?.participant;
  const listed = raw._links?.participant;
  return {
    embedded: Array.isArray(embedded) ? embedded : embedded === undefined ? [] : [embedded],
    hrefs: Array.isArray(listed) ? listed.map((link) => link.href) : listed ? [listed.href] : [],
  };
}
