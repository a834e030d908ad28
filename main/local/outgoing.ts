// The local service's outgoing invitations: joining a meeting (joinOnlineMeeting, with a lobby the test
// plays the organiser of) and adding a participant to a call (addParticipant, with scripted invitees).
// Shapes and events follow the onlineMeetingInvitation and participantInvitation reference pages.
import { randomUUID } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { z } from 'zod';
import type { ServiceEvent } from './eventQueue.js';
import { decodeDataUri } from '../ucwa/dataUri.js';
import * as shapes from './resources.js';
import type { Person } from './resources.js';
import { created, noContent, parseRequest, readBody, readJsonBody, sendJson, ServiceError, type LocalApplication } from './serviceHttp.js';

/** How a person the user adds to a call responds; `silent`: the server never reports an outcome. */
export type InviteeResponse = 'accept' | 'decline' | 'ignore' | 'silent';

/** `conferenceKey`: lets anonymous guests get a token for the meeting (urn:microsoft.rtc:anonmeeting). */
export type MeetingOptions = { subject?: string; lobby?: boolean; conferenceKey?: string };

/** A meeting people join by URI; the test is its organiser and lets lobby joiners in or not. */
export type Meeting = {
  readonly uri: string;
  /** How many joiners wait in the lobby. */
  readonly waiting: number;
  admitAll(): void;
  denyAll(): void;
};

export type OutgoingOptions = {
  nextId(): number;
  /** How long an invitee who does not respond is waited for (UCWA: about 30 s). */
  ringTimeoutMs: number;
};

type Reason = { code: string; subcode?: string; message: string };

type Outgoing = {
  kind: 'onlineMeeting' | 'participant' | 'messaging';
  app: LocalApplication;
  path: string;
  conversationPath: string;
  state: 'Connecting' | 'Connected' | 'Failed';
  operationId: string;
  threadId: string;
  subject: string;
  to: string;
  meeting?: MeetingRoom;
  timer?: NodeJS.Timeout;
};

type MeetingRoom = { uri: string; subject: string; lobby: boolean; conferenceKey?: string; waiting: Set<Outgoing> };

const operationId = z.string().min(1).max(50);
const joinSchema = z.object({
  onlineMeetingUri: z.string().min(1).max(1024),
  operationId,
  importance: z.enum(['Normal', 'Urgent', 'Emergency']).optional(),
  subject: z.string().max(250).optional(),
  threadId: z.string().max(50).optional(),
  anonymousDisplayName: z.string().max(250).optional(),
});
const invitee = z.string().regex(/^(sip|tel):/).max(256);
const addParticipantSchema = z.object({ to: invitee, operationId });
const startMessagingSchema = z.object({
  to: invitee,
  operationId: operationId.optional(),
  importance: z.enum(['Normal', 'Urgent', 'Emergency']).optional(),
  subject: z.string().max(250).optional(),
  threadId: z.string().max(50).optional(),
  _links: z.object({ message: z.object({ href: z.string().max(256 * 1024) }).optional() }).optional(),
});

const DENIED: Reason = { code: 'Forbidden', subcode: 'Denied', message: 'The lobby participant was denied from the conference.' };
const CANCELED: Reason = { code: 'LocalFailure', subcode: 'Canceled', message: 'The invitation was cancelled by the local user.' };
const OUTCOMES: Record<'decline' | 'ignore' | 'unknown', Reason> = {
  decline: { code: 'RemoteFailure', subcode: 'Declined', message: 'The outgoing invitation was declined.' },
  ignore: { code: 'RemoteFailure', subcode: 'Timeout', message: 'The remote party did not respond in time.' },
  unknown: { code: 'NotFound', subcode: 'DestinationNotFound', message: 'The destination could not be found.' },
};

export class OutgoingInvitations {
  readonly #meetings = new Map<string, MeetingRoom>();
  readonly #people = new Map<string, { person: Person; response: InviteeResponse }>();
  readonly #invitations = new Map<string, Outgoing>();
  readonly #conversations = new Map<string, Outgoing>();
  readonly #sentMessages: Array<{ to: string; text: string }> = [];

  constructor(private readonly options: OutgoingOptions) {}

  createMeeting(uri: string, options: MeetingOptions = {}): Meeting {
    const room: MeetingRoom = {
      uri,
      subject: options.subject ?? '',
      lobby: options.lobby ?? false,
      ...(options.conferenceKey !== undefined && { conferenceKey: options.conferenceKey }),
      waiting: new Set(),
    };
    this.#meetings.set(uri, room);
    return {
      uri,
      get waiting() {
        return room.waiting.size;
      },
      admitAll: () => {
        for (const joiner of room.waiting) this.#admit(joiner);
      },
      denyAll: () => {
        for (const joiner of room.waiting) this.#fail(joiner, DENIED);
      },
    };
  }

  hasMeeting(uri: string): boolean {
    return this.#meetings.has(uri);
  }

  /** Whether an anonymous guest with this conference key may have a token for the meeting. */
  opensTo(meetingUri: string, conferenceKey: string): boolean {
    const key = this.#meetings.get(meetingUri)?.conferenceKey;
    return key !== undefined && key === conferenceKey;
  }

  addPerson(person: Person, response: InviteeResponse): void {
    this.#people.set(person.uri, { person, response });
  }

  /** Routes the requests on outgoing invitations and meeting conversations; false when the path is not ours. */
  async route(app: LocalApplication, path: string, method: string, request: IncomingMessage, response: ServerResponse): Promise<boolean> {
    if (path === `${app.path}/communication/onlineMeetingInvitations` && method === 'POST') {
      await this.#join(app, request, response);
      return true;
    }
    if (path === `${app.path}/communication/startMessaging` && method === 'POST') {
      await this.#startMessaging(app, request, response);
      return true;
    }
    const invitation = this.#invitations.get(path.replace(/\/cancel$/, ''));
    if (invitation?.app === app) {
      if (method === 'GET' && !path.endsWith('/cancel')) sendJson(response, 200, this.#invitationJson(invitation));
      else if (method === 'POST' && path.endsWith('/cancel')) await this.#cancel(invitation, request, response);
      else throw new ServiceError(405, 'MethodNotAllowed');
      return true;
    }
    const meetingCall = this.#conversations.get(path.replace(/\/participantInvitations$/, ''));
    if (meetingCall?.app !== app) return false;
    if (method === 'GET' && !path.endsWith('/participantInvitations')) {
      sendJson(response, 200, shapes.conversation(path, this.#conversationState(meetingCall), meetingCall.threadId, meetingCall.subject));
    } else if (method === 'DELETE' && !path.endsWith('/participantInvitations')) {
      this.#leave(meetingCall);
      noContent(response);
    } else if (method === 'POST' && path.endsWith('/participantInvitations')) {
      if (meetingCall.state !== 'Connected') throw new ServiceError(409, 'Conflict');
      await this.addParticipant(app, meetingCall.conversationPath, meetingCall.subject, request, response);
    } else {
      throw new ServiceError(405, 'MethodNotAllowed');
    }
    return true;
  }

  /** addParticipant on a connected call's conversation (the service checks the call). */
  async addParticipant(app: LocalApplication, conversationPath: string, subject: string, request: IncomingMessage, response: ServerResponse): Promise<void> {
    const body = parseRequest(addParticipantSchema, await readJsonBody(request));
    const outgoing = this.#create(app, 'participant', { conversationPath, subject, to: body.to, operationId: body.operationId });
    created(response, outgoing.path, this.#invitationJson(outgoing));
    this.#inviteeResponds(outgoing, (person) => this.#participantJoined(outgoing, person));
  }

  /** The instant messages the user started conversations with, by whom they went to. */
  messagesSentTo(uri: string): string[] {
    return this.#sentMessages.filter((sent) => sent.to === uri).map((sent) => sent.text);
  }

  /** startMessaging: a new IM conversation with a contact, with its first message as a data: link. */
  async #startMessaging(app: LocalApplication, request: IncomingMessage, response: ServerResponse): Promise<void> {
    const body = parseRequest(startMessagingSchema, await readJsonBody(request));
    const href = body._links?.message?.href;
    let text = '';
    try {
      text = href === undefined ? '' : decodeDataUri(href, 'message').text;
    } catch {
      throw new ServiceError(400, 'BadRequest', 'ParameterValidationFailure');
    }
    const outgoing = this.#create(app, 'messaging', {
      conversationPath: `${app.path}/communication/conversations/${this.options.nextId()}`,
      subject: body.subject ?? '',
      to: body.to,
      operationId: body.operationId ?? '',
      ...(body.threadId && { threadId: body.threadId }),
    });
    if (text) this.#sentMessages.push({ to: body.to, text });
    created(response, outgoing.path, this.#invitationJson(outgoing));
    this.#inviteeResponds(outgoing, () => this.#connected(outgoing));
  }

  /** How the invited person responds: as scripted by addPerson, or not found. */
  #inviteeResponds(outgoing: Outgoing, accepted: (person: Person) => void): void {
    const invitee = this.#people.get(outgoing.to);
    setImmediate(() => {
      if (outgoing.state !== 'Connecting') return;
      if (!invitee) return this.#fail(outgoing, OUTCOMES.unknown);
      if (invitee.response === 'accept') return accepted(invitee.person);
      if (invitee.response === 'decline') return this.#fail(outgoing, OUTCOMES.decline);
      if (invitee.response === 'ignore') outgoing.timer = setTimeout(() => this.#fail(outgoing, OUTCOMES.ignore), this.options.ringTimeoutMs);
    });
  }

  /** It connected: the events that lead up to it (read once connected), then updated and completed Success. */
  #connected(outgoing: Outgoing, before: () => ServiceEvent[] = () => []): void {
    outgoing.state = 'Connected';
    outgoing.app.events.push(...before(), this.#updated(outgoing), { ...this.#refs(outgoing), type: 'completed', status: 'Success' });
  }

  /** The application went away: its invitations go with it. */
  forget(app: LocalApplication): void {
    for (const outgoing of this.#invitations.values()) {
      if (outgoing.app !== app) continue;
      this.#stopWaiting(outgoing);
      this.#invitations.delete(outgoing.path);
      this.#conversations.delete(outgoing.conversationPath);
    }
  }

  stop(): void {
    for (const outgoing of this.#invitations.values()) clearTimeout(outgoing.timer);
  }

  /** Long inactivity: the server drops every conversation without a word (see the service's resume). */
  tearDownSilently(): void {
    for (const outgoing of this.#invitations.values()) {
      this.#stopWaiting(outgoing);
      outgoing.state = 'Failed';
    }
  }

  async #join(app: LocalApplication, request: IncomingMessage, response: ServerResponse): Promise<void> {
    const body = parseRequest(joinSchema, await readJsonBody(request));
    const anonymous = app.anonymousMeeting !== undefined;
    if (anonymous !== (body.anonymousDisplayName !== undefined)) throw new ServiceError(400, 'BadRequest', 'ParameterValidationFailure');
    if (anonymous && body.onlineMeetingUri !== app.anonymousMeeting) throw new ServiceError(403, 'Forbidden');
    const room = this.#meetings.get(body.onlineMeetingUri);
    if (!room) throw new ServiceError(404, 'NotFound', 'DestinationNotFound');
    const conversationPath = `${app.path}/communication/conversations/${this.options.nextId()}`;
    const outgoing = this.#create(app, 'onlineMeeting', {
      conversationPath,
      subject: body.subject || room.subject,
      to: room.uri,
      operationId: body.operationId,
      ...(body.threadId && { threadId: body.threadId }),
    });
    outgoing.meeting = room;
    this.#conversations.set(conversationPath, outgoing);
    created(response, outgoing.path, this.#invitationJson(outgoing));
    if (room.lobby) {
      room.waiting.add(outgoing);
      app.events.push(this.#conversationEvent(outgoing));
    } else {
      setImmediate(() => this.#admit(outgoing));
    }
  }

  #create(
    app: LocalApplication,
    kind: Outgoing['kind'],
    fields: { conversationPath: string; subject: string; to: string; operationId: string; threadId?: string },
  ): Outgoing {
    const outgoing: Outgoing = {
      kind,
      app,
      path: `${app.path}/communication/invitations/${this.options.nextId()}`,
      state: 'Connecting',
      threadId: randomUUID().replaceAll('-', ''),
      ...fields,
    };
    this.#invitations.set(outgoing.path, outgoing);
    app.events.push({ ...this.#refs(outgoing), type: 'started', _embedded: { [`${kind}Invitation`]: this.#invitationJson(outgoing) } });
    return outgoing;
  }

  #admit(outgoing: Outgoing): void {
    if (outgoing.state !== 'Connecting') return;
    this.#stopWaiting(outgoing);
    this.#connected(outgoing, () => [this.#conversationEvent(outgoing)]);
  }

  /** It completes with success only once the participant is in the roster. */
  #participantJoined(outgoing: Outgoing, person: Person): void {
    const participantHref = `${outgoing.conversationPath}/participants/${encodeURIComponent(person.uri)}`;
    this.#connected(outgoing, () => [
      {
        sender: { rel: 'conversation', href: outgoing.conversationPath },
        link: { rel: 'participant', href: participantHref },
        type: 'added',
        _embedded: { participant: shapes.participant(participantHref, person, outgoing.app.path) },
      },
    ]);
  }

  /** It no longer waits: its no-answer timer and its place in the lobby go. */
  #stopWaiting(outgoing: Outgoing): void {
    clearTimeout(outgoing.timer);
    outgoing.meeting?.waiting.delete(outgoing);
  }

  /** The user left the meeting (DELETE on its conversation): whatever was pending is dropped. */
  #leave(outgoing: Outgoing): void {
    this.#stopWaiting(outgoing);
    outgoing.state = 'Failed';
    this.#invitations.delete(outgoing.path);
    this.#conversations.delete(outgoing.conversationPath);
  }

  #fail(outgoing: Outgoing, reason: Reason): void {
    if (outgoing.state !== 'Connecting') return;
    this.#stopWaiting(outgoing);
    outgoing.state = 'Failed';
    outgoing.app.events.push({ ...this.#refs(outgoing), type: 'completed', status: 'Failure', reason });
  }

  async #cancel(outgoing: Outgoing, request: IncomingMessage, response: ServerResponse): Promise<void> {
    await readBody(request);
    if (outgoing.state !== 'Connecting') throw new ServiceError(409, 'Conflict');
    this.#fail(outgoing, CANCELED);
    noContent(response);
  }

  #refs(outgoing: Outgoing): Pick<ServiceEvent, 'sender' | 'link'> {
    return {
      sender: { rel: 'communication', href: `${outgoing.app.path}/communication` },
      link: { rel: `${outgoing.kind}Invitation`, href: outgoing.path },
    };
  }

  #updated(outgoing: Outgoing): ServiceEvent {
    return { ...this.#refs(outgoing), type: 'updated', _embedded: { [`${outgoing.kind}Invitation`]: this.#invitationJson(outgoing) } };
  }

  #conversationEvent(outgoing: Outgoing): ServiceEvent {
    const { conversationPath } = outgoing;
    return {
      sender: { rel: 'communication', href: `${outgoing.app.path}/communication` },
      link: { rel: 'conversation', href: conversationPath },
      type: 'updated',
      _embedded: { conversation: shapes.conversation(conversationPath, this.#conversationState(outgoing), outgoing.threadId, outgoing.subject) },
    };
  }

  #conversationState(outgoing: Outgoing): string {
    if (outgoing.state === 'Connected') return 'Conferenced';
    if (outgoing.state === 'Failed') return 'Disconnected';
    return outgoing.meeting?.waiting.has(outgoing) ? 'InLobby' : 'Conferencing';
  }

  #invitationJson(outgoing: Outgoing) {
    return shapes.outgoingInvitation(`${outgoing.kind}Invitation`, {
      href: outgoing.path,
      appPath: outgoing.app.path,
      conversationPath: outgoing.conversationPath,
      state: outgoing.state,
      operationId: outgoing.operationId,
      threadId: outgoing.threadId,
      subject: outgoing.subject,
      to: outgoing.to,
      ...(outgoing.kind === 'onlineMeeting' && { onlineMeetingUri: outgoing.to }),
    });
  }
}
