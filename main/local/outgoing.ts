// The local service's outgoing invitations: joining a meeting and adding audio and video to it (see
// meetingRooms.ts), adding a participant to a call (addParticipant, with scripted invitees) and starting
// an IM conversation (startMessaging). Shapes and events are in outgoingInvitation.ts.
import type { IncomingMessage, ServerResponse } from 'node:http';
import * as z from '../../preload/shared/zod/zod.js';
import { decodeDataUri } from '../ucwa/dataUri.js';
import type { LocalApplication } from './localApplication.js';
import { MeetingChats } from './meetingChat.js';
import { MeetingPhones } from './meetingPhones.js';
import { MeetingRooms } from './meetingRooms.js';
import { OutgoingCalls, type CalleeScript, type ImResponse, type PlacedOutgoingCall } from './outgoingCalls.js';
import { OutgoingConversations, type PlacedConversation } from './outgoingConversations.js';
import {
  CANCELED,
  invitationJson,
  negotiationJson,
  operationIdSchema,
  OUTCOMES,
  type CommunicationRequest,
  type InviteeResponse,
  type Meeting,
  type MeetingOptions,
  type Outgoing,
  type OutgoingOptions,
} from './outgoingInvitation.js';
import { OutgoingLedger } from './outgoingLedger.js';
import { PhoneAudioCalls, type PlacedPhoneCall, type YourPhoneScript } from './phoneAudioCalls.js';
import * as shapes from './resources.js';
import type { Person } from './resources.js';
import { created, noContent, parseRequest, readBody, readJsonBody, readStartBody, sendJson, ServiceError, type Continued } from './serviceHttp.js';
import { appendKeepingNewest } from './keepNewest.js';

export type { CommunicationRequest, InviteeResponse, Meeting, MeetingOptions } from './outgoingInvitation.js';
export type { CalleeScript, PlacedOutgoingCall } from './outgoingCalls.js';
export type { PlacedPhoneCall, YourPhoneScript } from './phoneAudioCalls.js';
export type { PlacedConversation } from './outgoingConversations.js';

const invitee = z
  .string()
  .regex(/^(sip|tel):/)
  .max(256);
const addParticipantSchema = z.object({ to: invitee, operationId: operationIdSchema });
const startMessagingSchema = z.object({
  to: invitee,
  operationId: operationIdSchema.optional(),
  importance: z.enum(['Normal', 'Urgent', 'Emergency']).optional(),
  subject: z.string().max(250).optional(),
  threadId: z.string().max(50).optional(),
  _links: z.object({ message: z.object({ href: z.string().max(256 * 1024) }).optional() }).optional(),
});

export class OutgoingInvitations {
  readonly #ledger: OutgoingLedger;
  readonly #rooms: MeetingRooms;
  readonly #calls: OutgoingCalls;
  readonly #phoneCalls: PhoneAudioCalls;
  readonly #conversations: OutgoingConversations;
  readonly #people = new Map<string, { person: Person; response: InviteeResponse }>();
  readonly #sentMessages: Array<{ to: string; text: string }> = [];
  readonly #started: Meeting[] = [];

  constructor(private readonly options: OutgoingOptions & { yourPhone: YourPhoneScript; user: Person }) {
    this.#ledger = new OutgoingLedger(options.nextId, options.ended);
    const chats = new MeetingChats(this.#ledger, options.answerAfterMs);
    this.#rooms = new MeetingRooms(this.#ledger, options, (...args) => this.addParticipant(...args), chats, new MeetingPhones(this.#ledger, options));
    this.#calls = new OutgoingCalls(this.#ledger, { ...options, addParticipant: (...args) => this.addParticipant(...args) });
    this.#phoneCalls = new PhoneAudioCalls(this.#ledger, this.#calls, options);
    this.#conversations = new OutgoingConversations(this.#ledger, options.answerAfterMs);
  }

  /** startPhoneAudio (or a log's continuePhoneAudio): a call via work, the user's phone rung first. */
  startPhoneCall(app: LocalApplication, request: IncomingMessage, response: ServerResponse, continued?: Continued): Promise<void> {
    return this.#phoneCalls.start(app, request, response, continued);
  }

  /** The calls via work the user placed, oldest first. */
  phoneCallsPlaced(): readonly PlacedPhoneCall[] {
    return this.#phoneCalls.placed();
  }

  /** The latest IM conversation the user started with `uri`, as the other person has it. */
  conversationStartedWith(uri: string): PlacedConversation | undefined {
    return this.#conversations.placedTo(uri);
  }

  /** Someone in the directory the user can call, and how they take calls. */
  addCallee(person: Person, script: CalleeScript): void {
    this.#calls.addCallee(person, script);
  }

  /** Someone who called the user, who can then be called back. */
  addCaller(person: Person): void {
    this.#calls.addCaller(person);
  }

  /** The latest call the user placed to `uri`, as its callee has it. */
  callPlacedTo(uri: string): PlacedOutgoingCall | undefined {
    return this.#calls.placedTo(uri);
  }

  /** startAudioVideo, startAudio (or a log's continueAudioVideo, continueAudio): a call to someone, with the user's offer. */
  startCall(app: LocalApplication, request: IncomingMessage, response: ServerResponse, continued?: Continued): Promise<void> {
    return this.#calls.start(app, request, response, continued);
  }

  createMeeting(uri: string, options: MeetingOptions = {}): Meeting {
    return this.#rooms.create(uri, options);
  }

  hasMeeting(uri: string): boolean {
    return this.#rooms.has(uri);
  }

  /** Whether an anonymous guest with this conference key may have a token for the meeting. */
  opensTo(meetingUri: string, conferenceKey: string): boolean {
    return this.#rooms.opensTo(meetingUri, conferenceKey);
  }

  addPerson(person: Person, response: InviteeResponse): void {
    this.#people.set(person.uri, { person, response });
  }

  join(app: LocalApplication, request: IncomingMessage, response: ServerResponse): Promise<void> {
    return this.#rooms.join(app, request, response);
  }

  /** startOnlineMeeting: Meet now, the user its organiser. */
  async startMeeting(app: LocalApplication, request: IncomingMessage, response: ServerResponse): Promise<void> {
    this.#started.push(await this.#rooms.start(app, this.options.user, request, response));
    this.#started.splice(0, this.#started.length - 10);
  }

  /** The meetings the user started (Meet now), the last ten, oldest first. */
  meetingsStarted(): readonly Meeting[] {
    return this.#started;
  }

  /** Routes the requests on outgoing invitations and meeting conversations; false when the path is not ours. */
  async route({ app, path, method, request, response, url }: CommunicationRequest): Promise<boolean> {
    const [, invitationPath = '', invitationResource] = /^(.+\/invitations\/\d+)(\/cancel|\/audioVideoNegotiation)?$/.exec(path) ?? [];
    const invitation = this.#ledger.invitation(app, invitationPath);
    if (invitation) {
      await this.#routeInvitation(invitation, operation(method, invitationResource), request, response);
      return true;
    }
    const [, conversationPath = '', conversationResource] =
      /^(.+\/conversations\/\d+)(\/participantInvitations|\/phoneAudio(?:\/stopPhoneAudio|\/addPhoneAudio)?|\/messaging(?:\/messages|\/setIsTyping|\/stopMessaging|\/addMessaging)?|\/(?:participants|localParticipant)(?:\/[\w/%.-]+)?|\/(?:leaders|attendees|lobby|enableAudienceMuteLock|disableAudienceMuteLock)|\/onlineMeeting(?:\/phoneDialInInformation)?|\/audioVideo(?:\/addAudioVideo|\/stopAudioVideo|\/audioVideoSession(?:\/.*)?)?)?$/.exec(
        path,
      ) ?? [];
    const owner = this.#ledger.conversation(app, conversationPath);
    if (!owner) return false;
    const asked = { method, resource: conversationResource ?? '', request, response, url };
    if (owner.kind === 'audioVideo') await this.#calls.routeConversation(owner, asked);
    else if (owner.kind === 'phoneAudio') await this.#phoneCalls.routeConversation(owner, asked);
    else if (owner.kind === 'messaging') await this.#conversations.routeConversation(owner, asked);
    else await this.#rooms.routeConversation(owner, asked);
    return true;
  }

  async #routeInvitation(invitation: Outgoing, asked: string, request: IncomingMessage, response: ServerResponse): Promise<void> {
    switch (asked) {
      case 'GET':
        return sendJson(response, 200, invitationJson(invitation));
      case 'POST /cancel':
        await readBody(request);
        if (invitation.state !== 'Connecting') throw new ServiceError(409, 'Conflict');
        this.#ledger.fail(invitation, CANCELED);
        return noContent(response);
      case 'GET /audioVideoNegotiation':
        if (!invitation.media?.peer.answerSdp) throw new ServiceError(404, 'NotFound');
        return sendJson(response, 200, negotiationJson(invitation, invitation.media));
      default:
        throw new ServiceError(405, 'MethodNotAllowed');
    }
  }

  /** addParticipant on a connected call's conversation (the service checks the call). */
  async addParticipant(app: LocalApplication, conversationPath: string, subject: string, request: IncomingMessage, response: ServerResponse): Promise<void> {
    const body = parseRequest(addParticipantSchema, await readJsonBody(request));
    const outgoing = this.#ledger.create(app, 'participant', { conversationPath, subject, to: body.to, operationId: body.operationId });
    created(response, outgoing.path, invitationJson(outgoing));
    const invitee = this.#people.get(outgoing.to);
    this.#inviteeResponds(
      outgoing,
      invitee ? personResponse(invitee.response) : OUTCOMES.unknown,
      () => invitee && this.#participantJoined(outgoing, invitee.person),
    );
  }

  /** The instant messages the user started conversations with, by whom they went to. */
  messagesSentTo(uri: string): string[] {
    return this.#sentMessages.filter((sent) => sent.to === uri).map((sent) => sent.text);
  }

  /** startMessaging (or a log's continueMessaging): a new IM conversation with a contact, with its first message as a data: link. */
  async startMessaging(app: LocalApplication, request: IncomingMessage, response: ServerResponse, continued?: Continued): Promise<void> {
    const body = parseRequest(startMessagingSchema, await readStartBody(request, continued));
    const href = body._links?.message?.href;
    let text: string;
    try {
      text = href === undefined ? '' : decodeDataUri(href, 'message').text;
    } catch {
      throw new ServiceError(400, 'BadRequest', 'ParameterValidationFailure');
    }
    // Someone a test added answers as scripted; the directory's callees answer as they take calls.
    const added = this.#people.get(body.to);
    const callee = added ? { person: added.person, response: personResponse(added.response) } : this.#calls.imResponse(body.to);
    const outgoing = this.#ledger.create(app, 'messaging', {
      conversationPath: `${app.path}/communication/conversations/${this.options.nextId()}`,
      subject: body.subject ?? '',
      to: body.to,
      operationId: body.operationId ?? '',
      ...(body.threadId && { threadId: body.threadId }),
      ...(callee && { callee: callee.person }),
      ...(text && { message: text }),
      flavour: this.options.messagingFlavour,
    });
    if (text) appendKeepingNewest(this.#sentMessages, [{ to: body.to, text }]);
    this.#conversations.track(outgoing);
    created(response, outgoing.path, invitationJson(outgoing));
    this.#inviteeResponds(outgoing, callee?.response ?? OUTCOMES.unknown, (echo) => this.#conversations.connect(outgoing, echo));
  }

  /** The kinds of the user's invitations connected now. */
  connectedKinds(): Set<string> {
    return this.#ledger.connectedKinds();
  }

  /** The application went away: its invitations go with it. */
  forget(app: LocalApplication): void {
    this.#ledger.forget(app);
  }

  stop(): Promise<void> {
    return this.#ledger.stop();
  }

  /** Long inactivity: the server drops every conversation without a word (see the service's resume). */
  tearDownSilently(): void {
    this.#ledger.tearDownSilently();
  }

  /** The invited person responds: accepts (`chat`: and answers messages), fails it with a reason, lets it time out or says nothing. */
  #inviteeResponds(outgoing: Outgoing, response: ImResponse, accepted: (echo: boolean) => void): void {
    setImmediate(() => {
      if (outgoing.state !== 'Connecting') return;
      if (response === 'accept' || response === 'chat') return accepted(response === 'chat');
      if (response === 'noAnswer') outgoing.timer = setTimeout(() => this.#ledger.fail(outgoing, OUTCOMES.ignore), this.options.ringTimeoutMs);
      else if (response !== 'silent') this.#ledger.fail(outgoing, response);
    });
  }

  /** It completes with success only once the participant is in the roster. */
  #participantJoined(outgoing: Outgoing, person: Person): void {
    const participantHref = `${outgoing.conversationPath}/participants/${encodeURIComponent(person.uri)}`;
    this.#ledger.connected(outgoing, () => [
      {
        sender: { rel: 'conversation', href: outgoing.conversationPath },
        link: { rel: 'participant', href: participantHref },
        type: 'added',
        _embedded: { participant: shapes.participant(participantHref, person, outgoing.app.path) },
      },
    ]);
  }
}

/** How someone a test added (addPerson) responds to an invitation. */
function personResponse(response: InviteeResponse): ImResponse {
  return response === 'decline' ? OUTCOMES.decline : response === 'ignore' ? 'noAnswer' : response;
}

/** What a request asks of a resource, for a switch: `GET`, `POST /cancel`, ... */
function operation(method: string, subresource: string | undefined): string {
  return subresource ? `${method} ${subresource}` : method;
}
