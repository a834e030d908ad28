// The rosters of the meetings the person is in, while signed in: read when a meeting connects (the
// conversation's participants and lobby, each one's audio, the person's own), kept live from the event
// channel's participant, participantAudio and participantVideo events, and the leader's actions done
// through the links the server gave. Audio changes (who speaks, who is muted) reach the windows at most
// every COALESCE_MS however many come; people coming, going and waiting in the lobby at once.
import type { CallSnapshot } from '../../preload/shared/contract.js';
import { MAX_LOBBY_SHOWN, MAX_ROSTER_SHOWN, type MeetingRoster, type ParticipantAction } from '../../preload/shared/meetings.js';
import { UnavailableActionError } from '../calls/errors.js';
import type { UcwaClient } from '../ucwa/client.js';
import { UcwaError } from '../ucwa/errors.js';
import type { EventBatch, UcwaEvent } from '../ucwa/events.js';
import { fewAtOnce } from '../ucwa/fewAtOnce.js';
import { orReported } from '../ucwa/orReported.js';
import { linkedResourceSchema, parseWith, readLinks } from '../ucwa/resources.js';
import { participantOf, readAudio, readCollection, readParticipant, type ParticipantRead } from './participantReader.js';
import { Roster } from './roster.js';
import { RosterPhotos } from './rosterPhotos.js';

/** The longest a change of who speaks or who is muted waits before the windows see it. */
export const COALESCE_MS = 250;

export type MeetingsOptions = {
  onChange(): void;
  onProblem(error: UcwaError): void;
  /** A participant's contactPhoto, through the session's photo cache (see RosterPhotos). */
  photoOf?(href: string): Promise<string | undefined>;
};

type Followed = { conversation: URL; roster: Roster; photos: RosterPhotos };

export class Meetings {
  readonly #followed = new Map<string, Followed>();
  #shown: Record<string, MeetingRoster> = {};
  #timer: NodeJS.Timeout | undefined;
  #disposed = false;

  constructor(
    private readonly session: Pick<UcwaClient, 'base' | 'http' | 'getJson' | 'post'>,
    private readonly options: MeetingsOptions,
  ) {}

  /** The connected meetings among the calls are followed (read once), ended ones forgotten. */
  follow(calls: readonly CallSnapshot[], conversationOf: (callId: string) => string | undefined): void {
    const connected = new Set(calls.filter((call) => call.kind === 'onlineMeeting' && call.phase === 'connected').map((call) => call.id));
    const ended = [...this.#followed.keys()].filter((callId) => !connected.has(callId));
    for (const callId of ended) {
      this.#followed.get(callId)?.photos.stop();
      this.#followed.delete(callId);
    }
    if (ended.length) this.#publish();
    for (const callId of connected) {
      const href = this.#followed.has(callId) ? undefined : conversationOf(callId);
      if (href === undefined) continue;
      const roster = new Roster((h) => this.#url(h).href);
      const photos = new RosterPhotos(this.options.photoOf ?? (async () => undefined), (participant, photo) => {
        roster.photo(participant, photo);
        this.#publishSoon();
      });
      const followed = { conversation: this.#url(href), roster, photos };
      this.#followed.set(callId, followed);
      void orReported(() => this.#read(followed), this.options.onProblem)
        .catch((error: unknown) => this.options.onProblem(new UcwaError(`The meeting's roster could not be read: ${String(error)}`)))
        .then(() => this.#publish());
    }
  }

  /** The rosters as the windows last were shown them, by call id. */
  snapshot(): { rosters?: Record<string, MeetingRoster> } {
    return Object.keys(this.#shown).length ? { rosters: this.#shown } : {};
  }

  async handleBatch(batch: EventBatch): Promise<void> {
    let structural = false;
    let audio = false;
    for (const event of batch.events) {
      if (event.sender.rel !== 'conversation') continue;
      const kind = await orReported(async () => {
        const followed = this.#byConversation(event.sender.href);
        return followed && this.#apply(followed, event);
      }, this.options.onProblem);
      structural ||= kind === 'structural';
      audio ||= kind === 'audio';
    }
    if (structural) this.#publish();
    else if (audio) this.#publishSoon();
  }

  /** A leader's action on a participant, through the link the server gave for it. */
  async act(callId: string, participantId: string, action: ParticipantAction): Promise<void> {
    const roster = this.#roster(callId);
    const link = roster.linkFor(participantId, action);
    if (!link)
      throw new UnavailableActionError(roster.has(participantId) ? `You cannot ${action} this participant` : 'That person is no longer in the meeting');
    await this.session.post(link.href, this.#url(link.on));
  }

  /** Mutes the audience (enableAudienceMuteLock) or lets them unmute again. */
  async lockAudience(callId: string, locked: boolean): Promise<void> {
    const href = this.#roster(callId).conversationLinks.get(locked ? 'enableAudienceMuteLock' : 'disableAudienceMuteLock');
    if (href === undefined) throw new UnavailableActionError('You cannot change who may unmute in this meeting');
    await this.session.post(href, this.#followed.get(callId)!.conversation);
    await this.#rereadConversation(callId);
  }

  /** The person unmutes after the meeting muted them, where it lets them (localParticipant's unmuteAudio). */
  async unmute(callId: string): Promise<void> {
    const roster = this.#roster(callId);
    const href = roster.localAudioLinks.get('unmuteAudio');
    if (href === undefined || roster.localAudioHref === undefined) throw new UnavailableActionError('The meeting does not let you unmute now');
    await this.session.post(href, this.#url(roster.localAudioHref));
  }

  dispose(): void {
    this.#disposed = true;
    clearTimeout(this.#timer);
    for (const { photos } of this.#followed.values()) photos.stop();
    this.#followed.clear();
  }

  async #read(followed: Followed): Promise<void> {
    const { conversation, roster } = followed;
    const links = await this.#readConversation(followed);
    for (const [rel, max] of [
      ['participants', MAX_ROSTER_SHOWN],
      ['lobby', MAX_LOBBY_SHOWN],
    ] as const) {
      const href = links.get(rel);
      if (href === undefined || this.#stopped(followed)) continue;
      const { json } = await this.session.getJson(href, conversation);
      const { embedded, hrefs } = readCollection(json);
      // Only as many as are kept are read; the rest of the meeting is counted from its links.
      const toRead = hrefs.slice(0, Math.max(0, max - embedded.length));
      if (rel === 'participants') for (const listed of hrefs.slice(toRead.length)) await orReported(async () => roster.present(listed), this.options.onProblem);
      const fetched = await fewAtOnce(
        toRead,
        8,
        async (h) => (await this.session.getJson(h, conversation)).json,
        () => this.#stopped(followed),
      );
      for (const participant of [...embedded, ...fetched])
        await orReported(async () => this.#put(followed, readParticipant(participant)), this.options.onProblem);
    }
    const audios = roster.snapshot().participants.flatMap((p) => (p.inLobby ? [] : [p.id]));
    await fewAtOnce(
      audios,
      8,
      (id) => orReported(() => this.#readAudioOf(roster, id), this.options.onProblem),
      () => this.#stopped(followed),
    );
    const local = links.get('localParticipant');
    if (local !== undefined && !this.#stopped(followed)) {
      const localParticipant = readParticipant((await this.session.getJson(local, conversation)).json);
      const audioHref = localParticipant.links.get('participantAudio');
      if (audioHref !== undefined) roster.localAudio(this.#url(audioHref).href, readAudio((await this.session.getJson(audioHref, conversation)).json));
    }
  }

  async #readConversation({ conversation, roster }: Followed) {
    const links = readLinks(parseWith(linkedResourceSchema, (await this.session.getJson(conversation.href)).json, 'conversation')._links);
    roster.conversationRead(links);
    return links;
  }

  async #rereadConversation(callId: string): Promise<void> {
    const followed = this.#followed.get(callId);
    if (followed) await this.#readConversation(followed);
    this.#publish();
  }

  async #readAudioOf(roster: Roster, id: string): Promise<void> {
    const hrefs = roster.audioHrefOf(id);
    if (hrefs === undefined) return;
    roster.audio(hrefs.participant, { href: hrefs.audio, ...readAudio((await this.session.getJson(hrefs.audio, this.session.base)).json) });
  }

  /** One event about the roster; what it changed, for how soon the windows must see it. */
  async #apply(followed: Followed, event: UcwaEvent): Promise<'structural' | 'audio' | undefined> {
    const { roster, photos } = followed;
    const read = async () => event.embedded ?? (await this.session.getJson(event.href, this.session.base)).json;
    if (event.rel === 'participant') {
      if (event.type === 'deleted') {
        roster.remove(event.href);
        photos.forget(roster.resolve(event.href));
      } else this.#put(followed, readParticipant(await read()));
      return 'structural';
    }
    if (event.rel === 'participantAudio') {
      if (event.in?.rel === 'localParticipant') {
        if (event.type === 'deleted') roster.localAudioLeft();
        else roster.localAudio(this.#url(event.href).href, readAudio(await read()));
        return 'structural';
      }
      // Someone may join the audio after they were read: their participantAudio says whose it is.
      const json = event.type === 'deleted' ? undefined : await read();
      const owner = json === undefined ? roster.ownerOf(event.href) : participantOf(json, 'participantAudio');
      if (owner === undefined) return undefined;
      roster.audio(owner, json === undefined ? undefined : { href: event.href, ...readAudio(json) });
      return 'audio';
    }
    if (event.rel === 'participantVideo') {
      const owner = event.type === 'deleted' ? roster.ownerOf(event.href) : participantOf(await read(), 'participantVideo');
      if (owner !== undefined) roster.video(owner, event.type === 'deleted' ? undefined : event.href);
      return 'audio';
    }
    return undefined;
  }

  /** A participant read: kept in the roster (if there is room), and their photo fetched where the server links one. */
  #put({ roster, photos }: Followed, read: ParticipantRead): void {
    if (roster.put(read)) photos.want(roster.resolve(read.href), read.links.get('contactPhoto'));
  }

  /** Reading the meeting stops once it is no longer followed (ended, signed out). */
  #stopped(followed: Followed): boolean {
    return this.#disposed || ![...this.#followed.values()].includes(followed);
  }

  #roster(callId: string): Roster {
    const followed = this.#followed.get(callId);
    if (!followed) throw new UnavailableActionError('You are not in that meeting');
    return followed.roster;
  }

  #byConversation(href: string): Followed | undefined {
    const resolved = this.#url(href).href;
    for (const followed of this.#followed.values()) if (followed.conversation.href === resolved) return followed;
    return undefined;
  }

  /** The href as the client follows it: one that is no URL or not the server's is a ForeignHrefError. */
  #url(href: string): URL {
    return this.session.http.resolve(href, this.session.base);
  }

  /** The windows see the rosters now. */
  #publish(): void {
    if (this.#disposed) return;
    clearTimeout(this.#timer);
    this.#timer = undefined;
    this.#shown = Object.fromEntries([...this.#followed].map(([callId, { roster }]) => [callId, roster.snapshot()]));
    this.options.onChange();
  }

  /** The windows see the rosters within COALESCE_MS, with whatever else changed by then. */
  #publishSoon(): void {
    if (this.#timer === undefined) this.#timer = setTimeout(() => this.#publish(), COALESCE_MS);
  }
}
