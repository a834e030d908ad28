// The roster's resources as the participant, participantAudio, participantVideo and conversation pages
// show them: which links each carries depends on whether the user leads the meeting (admit and reject
// for people in the lobby, eject, promote, muteAudio, the audience mute lock), as UCWA says a link's
// presence is the permission.
import { hasDirectoryPhoto } from './directory.js';
import type { ServiceEvent } from './eventQueue.js';
import { contactHref, type Person } from './resources.js';

export type ScriptedParticipant = {
  id: number;
  person: Person;
  role: 'Leader' | 'Attendee';
  inLobby: boolean;
  audioMuted: boolean;
  speaking: boolean;
  /** Whether they are in the meeting's audio (participantAudio). */
  audio: boolean;
  video: boolean;
};

/** Where a participant's resources are in one user's conversation, and whether that user leads the meeting. */
export type RosterView = { conversationPath: string; appPath: string; leader: boolean };

export const COLLECTIONS = ['participants', 'leaders', 'attendees', 'lobby'] as const;
export type Collection = (typeof COLLECTIONS)[number];

export function participantHref(view: RosterView, id: number | 'local'): string {
  return id === 'local' ? `${view.conversationPath}/localParticipant` : `${view.conversationPath}/participants/${id}`;
}

export function participantJson(view: RosterView, p: ScriptedParticipant) {
  const self = participantHref(view, p.id);
  const lead = view.leader;
  const contact = contactHref(view.appPath, p.person);
  return {
    rel: 'participant',
    anonymous: false,
    inLobby: p.inLobby,
    local: false,
    name: p.person.name,
    organizer: false,
    role: p.role,
    sourceNetwork: 'SameEnterprise',
    uri: p.person.uri,
    _links: {
      self: { href: self },
      contact: { href: contact },
      contactPresence: { href: `${contact}/contactPresence` },
      ...(hasDirectoryPhoto(p.person.uri) && { contactPhoto: { href: `${contact}/contactPhoto` } }),
      conversation: { href: view.conversationPath },
      me: { href: `${view.appPath}/me` },
      ...(!p.inLobby && p.audio && { participantAudio: { href: `${self}/participantAudio` } }),
      ...(!p.inLobby && p.video && { participantVideo: { href: `${self}/participantVideo` } }),
      ...(lead && p.inLobby && { admit: { href: `${self}/admit` }, reject: { href: `${self}/reject` } }),
      ...(lead && !p.inLobby && { eject: { href: `${self}/eject` } }),
      ...(lead && !p.inLobby && p.role === 'Attendee' && { promote: { href: `${self}/promote` } }),
      ...(lead && !p.inLobby && p.role === 'Leader' && { demote: { href: `${self}/demote` } }),
    },
  };
}

/** The user in their own conversation (localParticipant). */
export function localParticipantJson(view: RosterView, user: Person) {
  const self = participantHref(view, 'local');
  return {
    rel: 'participant',
    anonymous: false,
    inLobby: false,
    local: true,
    name: user.name,
    organizer: view.leader,
    role: view.leader ? 'Leader' : 'Attendee',
    sourceNetwork: 'SameEnterprise',
    uri: user.uri,
    _links: { self: { href: self }, conversation: { href: view.conversationPath }, participantAudio: { href: `${self}/participantAudio` } },
  };
}

/**
 * participantAudio. `isSpeaking`: (inference) UCWA documents no property for audio activity; the service
 * says who speaks on this resource, in its `updated` events, as the meeting's media server would know it.
 * A leader may mute others (muteAudio); the user may unmute themselves unless the audience is locked.
 */
export function participantAudioJson(participantSelf: string, state: { audioMuted: boolean; speaking: boolean }, links: { mute: boolean; unmute: boolean }) {
  const self = `${participantSelf}/participantAudio`;
  return {
    rel: 'participantAudio',
    audioDirection: 'SendReceive',
    audioMuted: state.audioMuted,
    isSpeaking: state.speaking,
    _links: {
      self: { href: self },
      participant: { href: participantSelf },
      ...(links.mute && !state.audioMuted && { muteAudio: { href: `${self}/muteAudio` } }),
      ...(links.unmute && state.audioMuted && { unmuteAudio: { href: `${self}/unmuteAudio` } }),
    },
  };
}

export function participantVideoJson(participantSelf: string) {
  const self = `${participantSelf}/participantVideo`;
  return { rel: 'participantVideo', videoDirection: 'SendReceive', _links: { self: { href: self }, participant: { href: participantSelf } } };
}

/** A view of the roster (participants, leaders, attendees, lobby), its participants embedded. */
export function collectionJson(view: RosterView, rel: Collection, people: readonly ScriptedParticipant[]) {
  return {
    rel,
    _links: { self: { href: `${view.conversationPath}/${rel}` } },
    _embedded: { participant: people.map((p) => participantJson(view, p)) },
  };
}

/** The links a meeting conversation adds for its roster, and the audience lock for a leader. */
export function rosterLinks(view: RosterView, audienceMuteLock: boolean) {
  const c = view.conversationPath;
  return {
    ...Object.fromEntries(COLLECTIONS.map((rel) => [rel, { href: `${c}/${rel}` }])),
    localParticipant: { href: participantHref(view, 'local') },
    ...(view.leader && !audienceMuteLock && { enableAudienceMuteLock: { href: `${c}/enableAudienceMuteLock` } }),
    ...(view.leader && audienceMuteLock && { disableAudienceMuteLock: { href: `${c}/disableAudienceMuteLock` } }),
  };
}

/** An event about a participant or its audio, from the conversation; `in`: the collection it joined or left. */
export function rosterEvent(view: RosterView, type: ServiceEvent['type'], rel: string, href: string, embedded?: unknown, inRel?: string): ServiceEvent {
  return {
    sender: { rel: 'conversation', href: view.conversationPath },
    link: { rel, href },
    ...(inRel !== undefined && {
      in: { rel: inRel, href: inRel === 'localParticipant' ? participantHref(view, 'local') : `${view.conversationPath}/${inRel}` },
    }),
    type,
    ...(embedded !== undefined && { _embedded: { [rel]: embedded } }),
  };
}
