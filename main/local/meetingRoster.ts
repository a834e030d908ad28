// The scripted people of a local meeting room: they join (or wait in the lobby), leave, speak and mute as a
// test or the bench says; the users in the room read them (participants, leaders, attendees, lobby,
// localParticipant) and, when they lead the meeting, admit, reject, eject, promote and mute them and lock
// the audience's microphones. Every change goes to each user in the room as the documented events; every
// leader's action is recorded for the tests.
import type { IncomingMessage, ServerResponse } from 'node:http';
import { appendKeepingNewest } from './keepNewest.js';
import type { Outgoing } from './outgoingInvitation.js';
import type { Person } from './resources.js';
import {
  collectionJson,
  COLLECTIONS,
  localParticipantJson,
  participantAudioJson,
  participantHref,
  participantJson,
  participantVideoJson,
  rosterEvent,
  rosterLinks,
  type Collection,
  type RosterView,
  type ScriptedParticipant,
} from './meetingRosterResources.js';
import { noContent, readBody, sendJson, ServiceError } from './serviceHttp.js';

export type RosterActionName = 'admit' | 'reject' | 'eject' | 'promote' | 'demote' | 'muteAudio' | 'enableAudienceMuteLock' | 'disableAudienceMuteLock';

/** What a leader did, as the service recorded it; `uri`: whom to. */
export type RosterAction = { action: RosterActionName; uri?: string };

/** Someone a test puts in the meeting: in the lobby, as a leader, without audio (until joinAudio), on video. */
export type Arrival = { lobby?: boolean; leader?: boolean; audio?: boolean; video?: boolean };

const PARTICIPANT_ACTIONS: readonly RosterActionName[] = ['admit', 'reject', 'eject', 'promote', 'demote', 'muteAudio'];

/** A room holds at most this many scripted people (the bench uses 50; a test more than a roster shows). */
const MAX_SCRIPTED = 300;

export class MeetingRoster {
  readonly #people = new Map<number, ScriptedParticipant>();
  /** The newest RECORDS_KEPT. */
  readonly actions: RosterAction[] = [];
  #audienceMuteLock = false;
  /** The users' own microphones as the meeting has them: muted by a leader (muteYou) until they unmute. */
  readonly #mutedUsers = new Set<string>();
  #nextId = 1;

  constructor(
    private readonly user: Person,
    /** Whether the user leads the meeting (its organiser). */
    private readonly userLeads: boolean,
    /** The users' conversations in the room now, each connected. */
    private readonly inRoom: () => Outgoing[],
  ) {}

  get people(): readonly ScriptedParticipant[] {
    return [...this.#people.values()];
  }

  get audienceMuteLock(): boolean {
    return this.#audienceMuteLock;
  }

  arrive(person: Person, how: Arrival = {}): void {
    if (this.#people.size >= MAX_SCRIPTED) throw new Error(`A local meeting holds at most ${MAX_SCRIPTED} scripted people`);
    const p: ScriptedParticipant = {
      id: this.#nextId++,
      person,
      role: how.leader ? 'Leader' : 'Attendee',
      inLobby: how.lobby ?? false,
      audioMuted: this.#audienceMuteLock && !how.leader,
      speaking: false,
      audio: how.audio ?? true,
      video: how.video ?? false,
    };
    this.#people.set(p.id, p);
    this.#tell((view) => [rosterEvent(view, 'added', 'participant', participantHref(view, p.id), participantJson(view, p), p.inLobby ? 'lobby' : undefined)]);
  }

  leave(uri: string): void {
    const p = this.#byUri(uri);
    this.#people.delete(p.id);
    this.#tell((view) => [rosterEvent(view, 'deleted', 'participant', participantHref(view, p.id))]);
  }

  speak(uri: string, speaking: boolean): void {
    const p = this.#byUri(uri);
    if (p.speaking === speaking) return;
    p.speaking = speaking;
    this.#audioChanged(p);
  }

  /** The scripted person joins the meeting's audio (participantAudio added) or leaves it (deleted). */
  joinAudio(uri: string, joined: boolean): void {
    const p = this.#byUri(uri);
    p.audio = joined;
    p.speaking &&= joined;
    this.#tell((view) => {
      const self = participantHref(view, p.id);
      const json = joined ? participantAudioJson(self, p, { mute: view.leader, unmute: false }) : undefined;
      return [rosterEvent(view, joined ? 'added' : 'deleted', 'participantAudio', `${self}/participantAudio`, json)];
    });
  }

  /** The scripted person starts their video (participantVideo added, for the app to fetch, as its page's sample) or stops it (deleted). */
  startVideo(uri: string, on: boolean): void {
    const p = this.#byUri(uri);
    if (p.video === on) return;
    p.video = on;
    this.#tell((view) => [rosterEvent(view, on ? 'added' : 'deleted', 'participantVideo', `${participantHref(view, p.id)}/participantVideo`)]);
  }

  /** The scripted person mutes or unmutes themselves. */
  mute(uri: string, muted: boolean): void {
    const p = this.#byUri(uri);
    p.audioMuted = muted;
    if (muted) p.speaking = false;
    this.#audioChanged(p);
  }

  /** A leader (the test) mutes the users in the room: their localParticipant's audio says so. */
  muteYou(): void {
    for (const call of this.inRoom()) {
      this.#mutedUsers.add(call.conversationPath);
      call.app.events.push(this.#localAudioEvent(call));
    }
  }

  /** A leader (the test) locks the audience's microphones, or lets them unmute again, as enableAudienceMuteLock does. */
  lockAudience(locked: boolean): void {
    this.#audienceLock(locked);
  }

  /** Whether the user in this conversation is muted by the meeting. */
  userMuted(call: Outgoing): boolean {
    return this.#mutedUsers.has(call.conversationPath);
  }

  /** The links the meeting conversation carries for its roster. */
  conversationLinks(call: Outgoing) {
    return rosterLinks(this.#view(call), this.#audienceMuteLock);
  }

  /** A request on the roster of the user's conversation; false when it is not one. */
  async route(call: Outgoing, asked: string, request: IncomingMessage, response: ServerResponse): Promise<boolean> {
    const [, method = '', resource = '', tail = ''] = /^(GET|POST) \/([A-Za-z]+)(\/.*)?$/.exec(asked) ?? [];
    const view = this.#view(call);
    if (method === 'GET' && COLLECTIONS.includes(resource as Collection) && tail === '') {
      sendJson(response, 200, collectionJson(view, resource as Collection, this.#collection(resource as Collection)));
    } else if (resource === 'participants' && tail) {
      await this.#participantRequest(view, method, tail, request, response);
    } else if (resource === 'localParticipant') {
      await this.#localRequest(call, view, method, tail, request, response);
    } else if (method === 'POST' && (resource === 'enableAudienceMuteLock' || resource === 'disableAudienceMuteLock') && tail === '') {
      await this.#leaderAct(view, request, resource, undefined, resource in rosterLinks(view, this.#audienceMuteLock));
      this.#audienceLock(resource === 'enableAudienceMuteLock');
      noContent(response);
    } else {
      return false;
    }
    return true;
  }

  async #participantRequest(view: RosterView, method: string, tail: string, request: IncomingMessage, response: ServerResponse): Promise<void> {
    const [, id = '', sub = ''] = /^\/(\d+)(\/[A-Za-z/]+)?$/.exec(tail) ?? [];
    const p = this.#people.get(Number(id));
    if (!p) throw new ServiceError(404, 'NotFound');
    const self = participantHref(view, p.id);
    const audio = () => participantAudioJson(self, p, { mute: view.leader, unmute: false });
    if (method === 'GET') {
      if (sub === '') return sendJson(response, 200, participantJson(view, p));
      if (sub === '/participantAudio' && !p.inLobby && p.audio) return sendJson(response, 200, audio());
      if (sub === '/participantVideo' && p.video && !p.inLobby) return sendJson(response, 200, participantVideoJson(self));
      throw new ServiceError(404, 'NotFound');
    }
    const action = sub === '/participantAudio/muteAudio' ? 'muteAudio' : sub.slice(1);
    if (!PARTICIPANT_ACTIONS.includes(action as RosterActionName)) throw new ServiceError(404, 'NotFound');
    const links: Record<string, unknown> = action === 'muteAudio' ? audio()._links : participantJson(view, p)._links;
    await this.#leaderAct(view, request, action as RosterActionName, p.person.uri, links[action] !== undefined);
    this.#apply(p, action as RosterActionName);
    noContent(response);
  }

  async #localRequest(call: Outgoing, view: RosterView, method: string, tail: string, request: IncomingMessage, response: ServerResponse): Promise<void> {
    if (method === 'GET' && tail === '') return sendJson(response, 200, localParticipantJson(view, this.user));
    if (method === 'GET' && tail === '/participantAudio') return sendJson(response, 200, this.#localAudio(call));
    if (method === 'POST' && tail === '/participantAudio/unmuteAudio') {
      await readBody(request);
      if (!this.#localAudio(call)._links.unmuteAudio) throw new ServiceError(403, 'Forbidden');
      this.#mutedUsers.delete(call.conversationPath);
      call.app.events.push(this.#localAudioEvent(call));
      return noContent(response);
    }
    throw new ServiceError(404, 'NotFound');
  }

  /** Only a leader may, and only what the resource offers now (`offered`); the request has no body to use. */
  async #leaderAct(view: RosterView, request: IncomingMessage, action: RosterActionName, uri?: string, offered = true): Promise<void> {
    await readBody(request);
    if (!view.leader) throw new ServiceError(403, 'Forbidden');
    if (!offered) throw new ServiceError(409, 'Conflict');
    appendKeepingNewest(this.actions, [{ action, ...(uri !== undefined && { uri }) }]);
  }

  #apply(p: ScriptedParticipant, action: RosterActionName): void {
    if (action === 'reject' || action === 'eject') return this.leave(p.person.uri);
    if (action === 'muteAudio') return this.mute(p.person.uri, true);
    if (action === 'admit') p.inLobby = false;
    else p.role = action === 'promote' ? 'Leader' : 'Attendee';
    // Admitted, a participant leaves the lobby (deleted there) and joins the meeting (added to participants).
    this.#tell((view) => [
      ...(action === 'admit' ? [rosterEvent(view, 'deleted', 'participant', participantHref(view, p.id), undefined, 'lobby')] : []),
      rosterEvent(view, action === 'admit' ? 'added' : 'updated', 'participant', participantHref(view, p.id), participantJson(view, p)),
    ]);
  }

  /** The lock mutes the attendees and keeps them from unmuting (enableAudienceMuteLock_ref), the user too when they attend. */
  #audienceLock(locked: boolean): void {
    this.#audienceMuteLock = locked;
    for (const p of this.#people.values()) {
      if (locked && p.role === 'Attendee' && !p.inLobby && !p.audioMuted) this.mute(p.person.uri, true);
    }
    for (const call of this.inRoom()) {
      if (locked && !this.userLeads) this.#mutedUsers.add(call.conversationPath);
      call.app.events.push(this.#localAudioEvent(call));
    }
  }

  #audioChanged(p: ScriptedParticipant): void {
    this.#tell((view) => {
      const self = participantHref(view, p.id);
      return [
        rosterEvent(view, 'updated', 'participantAudio', `${self}/participantAudio`, participantAudioJson(self, p, { mute: view.leader, unmute: false })),
      ];
    });
  }

  #localAudio(call: Outgoing) {
    const view = this.#view(call);
    const audioMuted = this.#mutedUsers.has(call.conversationPath);
    const unmute = view.leader || !this.#audienceMuteLock;
    return participantAudioJson(participantHref(view, 'local'), { audioMuted, speaking: false }, { mute: false, unmute });
  }

  #localAudioEvent(call: Outgoing) {
    const view = this.#view(call);
    return rosterEvent(view, 'updated', 'participantAudio', `${participantHref(view, 'local')}/participantAudio`, this.#localAudio(call), 'localParticipant');
  }

  #collection(rel: Collection): ScriptedParticipant[] {
    const all = [...this.#people.values()];
    if (rel === 'lobby') return all.filter((p) => p.inLobby);
    const admitted = all.filter((p) => !p.inLobby);
    return rel === 'participants' ? admitted : admitted.filter((p) => p.role === (rel === 'leaders' ? 'Leader' : 'Attendee'));
  }

  #byUri(uri: string): ScriptedParticipant {
    for (const p of this.#people.values()) if (p.person.uri === uri) return p;
    throw new Error(`${uri} is not in the meeting`);
  }

  #view(call: Outgoing): RosterView {
    return { conversationPath: call.conversationPath, appPath: call.app.path, leader: this.userLeads };
  }

  /** The events of one change, to every user in the room, in their own conversation's terms. */
  #tell(events: (view: RosterView) => ReturnType<typeof rosterEvent>[]): void {
    for (const call of this.inRoom()) call.app.events.push(...events(this.#view(call)));
  }
}
