// The local service's outgoing invitations: joining a meeting (joinOnlineMeeting, with a lobby the test
// plays the organiser of), adding audio/video to a meeting the user is in (addAudioVideo, answered by the
// meeting's media server) and adding a participant to a call (addParticipant, with scripted invitees).
// Shapes and events follow the onlineMeetingInvitation, audioVideoInvitation, audioVideoNegotiation and
// participantInvitation reference pages.
import type { IncomingMessage, ServerResponse } from 'node:http';
import { z } from 'zod';
import type { ServiceEvent } from './eventQueue.js';
import { decodeDataUri } from '../ucwa/dataUri.js';
import type { MeetingMediaEndpoint, MeetingMediaPeer } from './meetingMediaPeer.js';
import { isPlausibleSdp } from './plausibleSdp.js';
import * as shapes from './resources.js';
import type { FailureReason, Person } from './resources.js';
import { created, noContent, parseRequest, readBody, readJsonBody, sendJson, ServiceError } from './serviceHttp.js';
import type { LocalApplication } from './localApplication.js';
import { newId } from '../ucwa/ids.js';

/** How a person the user adds to a call responds; `silent`: the server never reports an outcome. */
export type InviteeResponse = 'accept' | 'decline' | 'ignore' | 'silent';

/** `conferenceKey`: lets anonymous guests get a token for the meeting (urn:microsoft.rtc:anonmeeting). */
export type MeetingOptions = { subject?: string; lobby?: boolean; conferenceKey?: string };

/** A meeting people join by URI; the test is its organiser and lets lobby joiners in or not. */
export type Meeting = {
  readonly uri: string;
  /** How many joiners wait in the lobby. */
  readonly waiting: number;
  /** The user's audio/video in the meeting once connected (addAudioVideo), until it stops. */
  readonly media: MeetingMediaEndpoint | undefined;
  admitAll(): void;
  denyAll(): void;
};

/** A request on the communication resources of an application. */
export type CommunicationRequest = { app: LocalApplication; path: string; method: string; request: IncomingMessage; response: ServerResponse; url: URL };

export type OutgoingOptions = {
  nextId(): number;
  /** How long an invitee who does not respond is waited for (UCWA: about 30 s). */
  ringTimeoutMs: number;
};

type Outgoing = {
  kind: 'onlineMeeting' | 'participant' | 'messaging' | 'audioVideo';
  app: LocalApplication;
  path: string;
  conversationPath: string;
  state: 'Connecting' | 'Connected' | 'Failed';
  operationId: string;
  threadId: string;
  subject: string;
  to: string;
  meeting?: MeetingRoom;
  /** A meeting join's latest audio/video invitation (addAudioVideo), until stopAudioVideo ends it. */
  audioVideo?: Outgoing;
  media?: AudioVideoMedia;
  timer?: NodeJS.Timeout;
};

/** An audio/video invitation's media: the meeting's media server answering the user's offer. */
type AudioVideoMedia = { peer: MeetingMediaPeer; sessionContext: string };

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
const invitee = z
  .string()
  .regex(/^(sip|tel):/)
  .max(256);
const addParticipantSchema = z.object({ to: invitee, operationId });
const startMessagingSchema = z.object({
  to: invitee,
  operationId: operationId.optional(),
  importance: z.enum(['Normal', 'Urgent', 'Emergency']).optional(),
  subject: z.string().max(250).optional(),
  threadId: z.string().max(50).optional(),
  _links: z.object({ message: z.object({ href: z.string().max(256 * 1024) }).optional() }).optional(),
});
const addAudioVideoSchema = z.object({
  operationId,
  to: z.string().min(1).max(1024),
  sessionContext: z.string().min(1).max(50).optional(),
  joinAudioMuted: z.boolean().optional(),
  joinVideoMuted: z.boolean().optional(),
  _links: z.object({ mediaOffer: z.object({ href: z.string().max(256 * 1024) }) }),
});

const DENIED: FailureReason = { code: 'Forbidden', subcode: 'Denied', message: 'The lobby participant was denied from the conference.' };
const CANCELED: FailureReason = { code: 'LocalFailure', subcode: 'Canceled', message: 'The invitation was cancelled by the local user.' };
const UNSUPPORTED_MEDIA: FailureReason = { code: 'RemoteFailure', subcode: 'UnsupportedMediaType', message: 'Unsupported media.' };
const OUTCOMES: Record<'decline' | 'ignore' | 'unknown', FailureReason> = {
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
    const mediaIn = () => this.#mediaIn(room);
    return {
      uri,
      get waiting() {
        return room.waiting.size;
      },
      get media() {
        return mediaIn();
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
  async route({ app, path, method, request, response }: CommunicationRequest): Promise<boolean> {
    const [, invitationPath = '', invitationResource] = /^(.+\/invitations\/\d+)(\/cancel|\/audioVideoNegotiation)?$/.exec(path) ?? [];
    const invitation = this.#invitations.get(invitationPath);
    if (invitation?.app === app) {
      await this.#routeInvitation(invitation, operation(method, invitationResource), request, response);
      return true;
    }
    const [, conversationPath = '', conversationResource] =
      /^(.+\/conversations\/\d+)(\/participantInvitations|\/audioVideo(?:\/addAudioVideo|\/stopAudioVideo)?)?$/.exec(path) ?? [];
    const meetingCall = this.#conversations.get(conversationPath);
    if (meetingCall?.app !== app) return false;
    await this.#routeMeetingConversation(meetingCall, operation(method, conversationResource), request, response);
    return true;
  }

  async #routeInvitation(invitation: Outgoing, asked: string, request: IncomingMessage, response: ServerResponse): Promise<void> {
    switch (asked) {
      case 'GET':
        return sendJson(response, 200, this.#invitationJson(invitation));
      case 'POST /cancel':
        return this.#cancel(invitation, request, response);
      case 'GET /audioVideoNegotiation':
        if (!invitation.media?.peer.answerSdp) throw new ServiceError(404, 'NotFound');
        return sendJson(response, 200, this.#negotiationJson(invitation, invitation.media));
      default:
        throw new ServiceError(405, 'MethodNotAllowed');
    }
  }

  async #routeMeetingConversation(meetingCall: Outgoing, asked: string, request: IncomingMessage, response: ServerResponse): Promise<void> {
    switch (asked) {
      case 'GET':
        return sendJson(
          response,
          200,
          shapes.conversation(meetingCall.conversationPath, this.#conversationState(meetingCall), meetingCall.threadId, meetingCall.subject),
        );
      case 'DELETE':
        this.#leave(meetingCall);
        return noContent(response);
      case 'POST /participantInvitations':
        if (meetingCall.state !== 'Connected') throw new ServiceError(409, 'Conflict');
        return this.addParticipant(meetingCall.app, meetingCall.conversationPath, meetingCall.subject, request, response);
      case 'GET /audioVideo':
        return sendJson(response, 200, this.#audioVideoJson(meetingCall));
      case 'POST /audioVideo/addAudioVideo':
        return this.#addAudioVideo(meetingCall, request, response);
      case 'POST /audioVideo/stopAudioVideo':
        await readBody(request);
        if (this.#audioVideoState(meetingCall) !== 'Connected') throw new ServiceError(409, 'Conflict');
        this.#stopAudioVideo(meetingCall);
        return noContent(response);
      default:
        throw new ServiceError(405, 'MethodNotAllowed');
    }
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
  async startMessaging(app: LocalApplication, request: IncomingMessage, response: ServerResponse): Promise<void> {
    const body = parseRequest(startMessagingSchema, await readJsonBody(request));
    const href = body._links?.message?.href;
    let text: string;
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
      this.#release(outgoing);
      this.#invitations.delete(outgoing.path);
      this.#conversations.delete(outgoing.conversationPath);
    }
  }

  async stop(): Promise<void> {
    const invitations = [...this.#invitations.values()];
    for (const outgoing of invitations) this.#release(outgoing);
    await Promise.all(invitations.map((outgoing) => outgoing.media?.peer.close()));
  }

  /** Long inactivity: the server drops every conversation without a word (see the service's resume). */
  tearDownSilently(): void {
    for (const outgoing of this.#invitations.values()) {
      this.#release(outgoing);
      outgoing.state = 'Failed';
    }
  }

  async join(app: LocalApplication, request: IncomingMessage, response: ServerResponse): Promise<void> {
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
      threadId: newId(),
      ...fields,
    };
    this.#invitations.set(outgoing.path, outgoing);
    app.events.push({ ...this.#refs(outgoing), type: 'started', _embedded: { [`${kind}Invitation`]: this.#invitationJson(outgoing) } });
    return outgoing;
  }

  #admit(outgoing: Outgoing): void {
    if (outgoing.state !== 'Connecting') return;
    this.#release(outgoing);
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

  /** It no longer waits or plays: its no-answer timer, its place in the lobby and its media go. */
  #release(outgoing: Outgoing): void {
    clearTimeout(outgoing.timer);
    outgoing.meeting?.waiting.delete(outgoing);
    void outgoing.media?.peer.close();
  }

  /** The user left the meeting (DELETE on its conversation): whatever was pending is dropped, audio/video too. */
  #leave(outgoing: Outgoing): void {
    for (const dropped of [outgoing, outgoing.audioVideo]) {
      if (!dropped) continue;
      this.#release(dropped);
      dropped.state = 'Failed';
      this.#invitations.delete(dropped.path);
    }
    this.#conversations.delete(outgoing.conversationPath);
  }

  /** addAudioVideo on a meeting the user is in: the user offers, the meeting's media server answers. */
  async #addAudioVideo(meetingCall: Outgoing, request: IncomingMessage, response: ServerResponse): Promise<void> {
    const body = parseRequest(addAudioVideoSchema, await readJsonBody(request));
    // Loaded with the first meeting audio and video, before the checks, so nothing runs between them and the invitation.
    const { MeetingMediaPeer } = await import('./meetingMediaPeer.js');
    const offerSdp = sdpOffer(body._links.mediaOffer.href);
    if (body.to !== meetingCall.to) throw new ServiceError(400, 'BadRequest', 'ParameterValidationFailure');
    if (meetingCall.state !== 'Connected' || this.#audioVideoState(meetingCall) !== 'Disconnected') throw new ServiceError(409, 'Conflict');
    const invitation = this.#create(meetingCall.app, 'audioVideo', {
      conversationPath: meetingCall.conversationPath,
      subject: meetingCall.subject,
      to: meetingCall.to,
      operationId: body.operationId,
      threadId: meetingCall.threadId,
    });
    const media: AudioVideoMedia = { peer: new MeetingMediaPeer(offerSdp), sessionContext: body.sessionContext ?? newId() };
    invitation.media = media;
    meetingCall.audioVideo = invitation;
    created(response, invitation.path, this.#invitationJson(invitation));
    void media.peer.answer().then(
      () => this.#audioVideoAnswered(meetingCall, invitation, media),
      () => this.#fail(invitation, UNSUPPORTED_MEDIA),
    );
  }

  /** The answer goes to the user in audioVideoNegotiation, then audio/video connects (unless dropped meanwhile). */
  #audioVideoAnswered(meetingCall: Outgoing, invitation: Outgoing, media: AudioVideoMedia): void {
    if (invitation.state !== 'Connecting') return;
    this.#connected(invitation, () => [
      {
        sender: { rel: 'audioVideoInvitation', href: invitation.path },
        link: { rel: 'audioVideoNegotiation', href: `${invitation.path}/audioVideoNegotiation` },
        type: 'updated',
        _embedded: { audioVideoNegotiation: this.#negotiationJson(invitation, media) },
      },
      this.#audioVideoEvent(meetingCall),
    ]);
  }

  /** stopAudioVideo: the media server hangs up, and the user may add audio/video again. */
  #stopAudioVideo(meetingCall: Outgoing): void {
    if (meetingCall.audioVideo) this.#release(meetingCall.audioVideo);
    meetingCall.audioVideo = undefined;
    meetingCall.app.events.push(this.#audioVideoEvent(meetingCall));
  }

  /** The user's connected audio/video in the meeting, as its media server has it. */
  #mediaIn(room: MeetingRoom): MeetingMediaEndpoint | undefined {
    for (const meetingCall of this.#conversations.values()) {
      const invitation = meetingCall.meeting === room ? meetingCall.audioVideo : undefined;
      if (invitation?.state === 'Connected') return invitation.media?.peer;
    }
    return undefined;
  }

  #fail(outgoing: Outgoing, reason: FailureReason): void {
    if (outgoing.state !== 'Connecting') return;
    this.#release(outgoing);
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

  #audioVideoEvent(meetingCall: Outgoing): ServiceEvent {
    const { conversationPath } = meetingCall;
    return {
      sender: { rel: 'conversation', href: conversationPath },
      link: { rel: 'audioVideo', href: `${conversationPath}/audioVideo` },
      type: 'updated',
      _embedded: { audioVideo: this.#audioVideoJson(meetingCall) },
    };
  }

  #audioVideoJson(meetingCall: Outgoing) {
    const state = this.#audioVideoState(meetingCall);
    return shapes.audioVideo(meetingCall.conversationPath, state, { addable: meetingCall.state === 'Connected' && state === 'Disconnected' });
  }

  #audioVideoState(meetingCall: Outgoing): 'Disconnected' | 'Connecting' | 'Connected' {
    const state = meetingCall.audioVideo?.state;
    return state === 'Connecting' || state === 'Connected' ? state : 'Disconnected';
  }

  #negotiationJson(invitation: Outgoing, media: AudioVideoMedia) {
    return shapes.audioVideoNegotiation(invitation.path, invitation.conversationPath, media.sessionContext, media.peer.answerSdp);
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

/** What a request asks of a resource, for a switch: `GET`, `POST /cancel`, ... */
function operation(method: string, subresource: string | undefined): string {
  return subresource ? `${method} ${subresource}` : method;
}

/** The SDP of addAudioVideo's mediaOffer (a data: link), else 400 ParameterValidationFailure. */
function sdpOffer(href: string): string {
  let offer;
  try {
    offer = decodeDataUri(href, 'mediaOffer');
  } catch {
    throw new ServiceError(400, 'BadRequest', 'ParameterValidationFailure');
  }
  if (offer.mediaType !== 'application/sdp' || !isPlausibleSdp(offer.text)) throw new ServiceError(400, 'BadRequest', 'ParameterValidationFailure');
  return offer.text;
}
