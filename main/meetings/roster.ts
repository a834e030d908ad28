// One meeting's roster as this app keeps it: its participants by href (bounded), each one's audio and
// video, the person's own audio (localParticipant) and the audience lock, changed by what the server reads
// and sends; the snapshot sorts speakers and leaders first.
import { MAX_LOBBY_SHOWN, MAX_ROSTER_SHOWN, type MeetingRoster, type ParticipantAction, type RosterParticipant } from '../../preload/shared/meetings.js';
import type { Links } from '../ucwa/resources.js';
import { ACTION_RELS, type AudioRead, type ParticipantRead } from './participantReader.js';

/** A participant's audio as last read, and where it is. */
type HeldAudio = AudioRead & { href: string };

type Entry = ParticipantRead & { id: string; audio?: HeldAudio | undefined; videoHref?: string | undefined; photo?: string };

/** The most people in a meeting the roster counts (the largest collection read). */
const MAX_COUNTED = 10_000;

export class Roster {
  readonly #byHref = new Map<string, Entry>();
  /** Everyone in the meeting (the lobby not), kept or not, by href: the count. */
  readonly #present = new Set<string>();
  readonly #idToHref = new Map<string, string>();
  #nextId = 1;
  #local: AudioRead | undefined;
  #localAudioHref: string | undefined;
  #conversation: Links = new Map();

  constructor(
    /** Resolves an href as the server gave it, so hrefs from resources and events compare. */
    readonly resolve: (href: string) => string,
  ) {}

  conversationRead(links: Links): void {
    this.#conversation = links;
  }

  /** A participant read from a collection or an event, counted; a new one is kept while MAX_ROSTER_SHOWN (in the lobby, MAX_LOBBY_SHOWN) are not; whether they are kept. */
  put(read: ParticipantRead): boolean {
    const href = this.resolve(read.href);
    if (read.inLobby) this.#present.delete(href);
    else this.present(href);
    const known = this.#byHref.get(href);
    if (!known && !this.#roomFor(read.inLobby)) return false;
    const id = known?.id ?? `p${this.#nextId++}`;
    const video = read.links.get('participantVideo');
    const videoHref = video === undefined ? known?.videoHref : this.resolve(video);
    this.#byHref.set(href, { ...read, href, id, videoHref, ...(known?.audio && { audio: known.audio }), ...(known?.photo && { photo: known.photo }) });
    this.#idToHref.set(id, href);
    return true;
  }

  /** The participant's photo (their contactPhoto), once fetched. */
  photo(participantHref: string, photo: string): void {
    const entry = this.#byHref.get(this.resolve(participantHref));
    if (entry) entry.photo = photo;
  }

  /** Someone in the meeting the server listed, counted without being read. */
  present(href: string): void {
    if (this.#present.size < MAX_COUNTED) this.#present.add(this.resolve(href));
  }

  remove(href: string): void {
    this.#present.delete(this.resolve(href));
    const entry = this.#byHref.get(this.resolve(href));
    if (!entry) return;
    this.#byHref.delete(entry.href);
    this.#idToHref.delete(entry.id);
  }

  /** The participant whose participantAudio (or participantVideo) this is. */
  ownerOf(mediaHref: string): string | undefined {
    const resolved = this.resolve(mediaHref);
    for (const entry of this.#byHref.values()) {
      const audio = entry.audio?.href ?? entry.links.get('participantAudio');
      if ((audio !== undefined && this.resolve(audio) === resolved) || entry.videoHref === resolved) return entry.href;
    }
    return undefined;
  }

  /** The participant's audio as read, or undefined once they left the meeting's audio. */
  audio(participantHref: string, audio: HeldAudio | undefined): void {
    const entry = this.#byHref.get(this.resolve(participantHref));
    if (entry) entry.audio = audio;
  }

  /** The participant's participantVideo, or undefined once they stopped their video. */
  video(participantHref: string, videoHref: string | undefined): void {
    const entry = this.#byHref.get(this.resolve(participantHref));
    if (entry) entry.videoHref = videoHref === undefined ? undefined : this.resolve(videoHref);
  }

  localAudio(href: string, audio: AudioRead): void {
    this.#localAudioHref = href;
    this.#local = audio;
  }

  /** The person's audio left the meeting: nothing of it is muted or can be unmuted. */
  localAudioLeft(): void {
    this.#localAudioHref = this.#local = undefined;
  }

  get localAudioHref(): string | undefined {
    return this.#localAudioHref;
  }

  get localAudioLinks(): Links {
    return this.#local?.links ?? new Map();
  }

  get conversationLinks(): Links {
    return this.#conversation;
  }

  /** The link that does `action` to the participant with this id, and the resource it is on; undefined where not offered. */
  linkFor(id: string, action: ParticipantAction): { href: string; on: string } | undefined {
    const entry = this.#entry(id);
    if (!entry) return undefined;
    if (action === 'mute') {
      const mute = entry.audio?.links.get('muteAudio');
      const on = entry.audio?.href;
      return mute !== undefined && on !== undefined ? { href: mute, on } : undefined;
    }
    const href = entry.links.get(ACTION_RELS[action]);
    return href === undefined ? undefined : { href, on: entry.href };
  }

  /** Where the participant with this id has their audio, and who they are. */
  audioHrefOf(id: string): { participant: string; audio: string } | undefined {
    const entry = this.#entry(id);
    const audio = entry?.links.get('participantAudio');
    return entry && audio !== undefined ? { participant: entry.href, audio } : undefined;
  }

  has(id: string): boolean {
    return this.#entry(id) !== undefined;
  }

  snapshot(): MeetingRoster {
    const participants = [...this.#byHref.values()].map(participantSnapshot).sort(byImportance);
    const enable = this.#conversation.has('enableAudienceMuteLock');
    const disable = this.#conversation.has('disableAudienceMuteLock');
    return {
      participants,
      count: this.#present.size,
      audienceMuteLock: { locked: disable, canChange: enable || disable },
      you: { mutedByMeeting: this.#local?.muted ?? false, canUnmute: this.#local?.links.has('unmuteAudio') ?? false },
    };
  }

  #roomFor(inLobby: boolean): boolean {
    const lobby = [...this.#byHref.values()].filter((entry) => entry.inLobby).length;
    return inLobby ? lobby < MAX_LOBBY_SHOWN : this.#byHref.size - lobby < MAX_ROSTER_SHOWN;
  }

  #entry(id: string): Entry | undefined {
    const href = this.#idToHref.get(id);
    return href === undefined ? undefined : this.#byHref.get(href);
  }
}

function participantSnapshot(entry: Entry): RosterParticipant {
  const actions: ParticipantAction[] = (Object.keys(ACTION_RELS) as Array<keyof typeof ACTION_RELS>).filter((action) => entry.links.has(ACTION_RELS[action]));
  if (entry.audio?.links.has('muteAudio')) actions.push('mute');
  return {
    id: entry.id,
    name: entry.name,
    uri: entry.uri,
    role: entry.role,
    organizer: entry.organizer,
    inLobby: entry.inLobby,
    muted: entry.audio?.muted ?? false,
    onVideo: entry.videoHref !== undefined,
    speaking: entry.audio?.speaking ?? false,
    actions,
    ...(entry.photo !== undefined && { photo: entry.photo }),
  };
}

/** The lobby last; then whoever speaks, then leaders, then by name. */
function byImportance(a: RosterParticipant, b: RosterParticipant): number {
  const rank = (p: RosterParticipant) => (p.inLobby ? 3 : p.speaking ? 0 : p.role === 'leader' ? 1 : 2);
  return rank(a) - rank(b) || a.name.localeCompare(b.name);
}
