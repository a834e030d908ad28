// The local service's meetings: rooms people join by URI (joinOnlineMeeting, with a lobby the test plays
// the organiser of) or the user starts (startOnlineMeeting, Meet now), the user's conversation in one, and the audio and video the user adds to it
// (addAudioVideo, answered by the meeting's media server) or the user's own phone (meetingPhones.ts).
import { randomUUID } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import * as z from '../../preload/shared/zod/zod.js';
import { newId } from '../ucwa/ids.js';
import type { LocalApplication } from './localApplication.js';
import type { AnsweringEndpoint } from './answeringPeer.js';
import type { OutgoingLedger } from './outgoingLedger.js';
import type { MeetingChats } from './meetingChat.js';
import type { MeetingPhones } from './meetingPhones.js';
import type { ConversationRequest } from './outgoingCalls.js';
import {
  audioVideoEvent,
  audioVideoJson,
  audioVideoState,
  conversationEvent,
  conversationState,
  DENIED,
  invitationJson,
  negotiationEvent,
  operationIdSchema,
  UNSUPPORTED_MEDIA,
  type AudioVideoMedia,
  type Meeting,
  type MeetingOptions,
  type MeetingRoom,
  type Outgoing,
  type OutgoingOptions,
} from './outgoingInvitation.js';
import { appendKeepingNewest } from './keepNewest.js';
import { MeetingRoster } from './meetingRoster.js';
import { joinUrlOf, newConferenceId, onlineMeetingJson, phoneDialInInformationJson } from './meetingFacts.js';
import * as shapes from './resources.js';
import type { Person } from './resources.js';
import { created, mediaOfferSdp, noContent, parseRequest, readBody, readJsonBody, sendJson, ServiceError } from './serviceHttp.js';

const joinSchema = z.object({
  onlineMeetingUri: z.string().min(1).max(1024),
  operationId: operationIdSchema,
  importance: z.enum(['Normal', 'Urgent', 'Emergency']).optional(),
  subject: z.string().max(250).optional(),
  threadId: z.string().max(50).optional(),
  anonymousDisplayName: z.string().max(250).optional(),
});
const startSchema = z.object({
  operationId: operationIdSchema,
  importance: z.enum(['Normal', 'Urgent', 'Emergency']).optional(),
  subject: z.string().max(250).optional(),
  threadId: z.string().max(50).optional(),
});
const addAudioVideoSchema = z.object({
  operationId: operationIdSchema,
  to: z.string().min(1).max(1024),
  sessionContext: z.string().min(1).max(50).optional(),
  joinAudioMuted: z.boolean().optional(),
  joinVideoMuted: z.boolean().optional(),
  _links: z.object({ mediaOffer: z.object({ href: z.string().max(256 * 1024) }) }),
});

/** Adds someone to the conversation (participantInvitations), as for any connected call. */
type AddParticipant = (app: LocalApplication, conversationPath: string, subject: string, request: IncomingMessage, response: ServerResponse) => Promise<void>;

export class MeetingRooms {
  readonly #rooms = new Map<string, MeetingRoom>();
  /** The rooms the user started (Meet now): each ends, and is forgotten, once nobody is in it. */
  readonly #started = new WeakSet<MeetingRoom>();

  readonly #nextId: () => number;

  constructor(
    private readonly ledger: OutgoingLedger,
    private readonly service: Pick<OutgoingOptions, 'nextId' | 'user'>,
    private readonly addParticipant: AddParticipant,
    private readonly chats: MeetingChats,
    private readonly phones: MeetingPhones,
  ) {
    this.#nextId = service.nextId;
  }

  create(uri: string, options: MeetingOptions = {}, organizerName?: string): Meeting {
    const inRoom = () => [...this.ledger.conversations()].filter((call) => call.meeting === room && call.state === 'Connected');
    const room: MeetingRoom = {
      uri,
      subject: options.subject ?? '',
      lobby: options.lobby ?? false,
      ...(options.conferenceKey !== undefined && { conferenceKey: options.conferenceKey }),
      conferenceId: newConferenceId(),
      dialIn: options.dialIn ?? true,
      ...(organizerName !== undefined && { organizerName }),
      waiting: new Set(),
      roster: new MeetingRoster(this.service.user, options.organizer ?? false, inRoom),
      mediaJoins: [],
    };
    this.#rooms.set(uri, room);
    const mediaIn = () => this.#mediaIn(room);
    const chat = this.chats.view(() => this.#userIn(room));
    return {
      uri,
      get waiting() {
        return room.waiting.size;
      },
      get media() {
        return mediaIn();
      },
      chat,
      phone: this.phones.view(room),
      joinUrl: joinUrlOf(uri),
      conferenceId: room.conferenceId,
      admitAll: () => {
        for (const joiner of room.waiting) this.#admit(joiner);
      },
      denyAll: () => {
        for (const joiner of room.waiting) this.ledger.fail(joiner, DENIED);
      },
      roster: room.roster,
      mediaJoins: room.mediaJoins,
    };
  }

  has(uri: string): boolean {
    return this.#rooms.has(uri);
  }

  /** Whether an anonymous guest with this conference key may have a token for the meeting. */
  opensTo(meetingUri: string, conferenceKey: string): boolean {
    const key = this.#rooms.get(meetingUri)?.conferenceKey;
    return key !== undefined && key === conferenceKey;
  }

  /** joinOnlineMeeting: into the lobby where the meeting has one, else in at once. */
  async join(app: LocalApplication, request: IncomingMessage, response: ServerResponse): Promise<void> {
    const body = parseRequest(joinSchema, await readJsonBody(request));
    const anonymous = app.anonymousMeeting !== undefined;
    if (anonymous !== (body.anonymousDisplayName !== undefined)) throw new ServiceError(400, 'BadRequest', 'ParameterValidationFailure');
    if (anonymous && body.onlineMeetingUri !== app.anonymousMeeting) throw new ServiceError(403, 'Forbidden');
    const room = this.#rooms.get(body.onlineMeetingUri);
    if (!room) throw new ServiceError(404, 'NotFound', 'DestinationNotFound');
    this.#enter(app, room, body, response);
  }

  /** startOnlineMeeting: a new ad-hoc meeting the user organises (no lobby for them), joined at once. */
  async start(app: LocalApplication, organizer: Person, request: IncomingMessage, response: ServerResponse): Promise<Meeting> {
    const body = parseRequest(startSchema, await readJsonBody(request));
    const id = randomUUID().slice(0, 8).toUpperCase();
    const meeting = this.create(`${organizer.uri};gruu;opaque=app:conf:focus:id:${id}`, { subject: body.subject ?? '' }, organizer.name);
    const room = this.#rooms.get(meeting.uri);
    if (room) {
      this.#started.add(room);
      this.#enter(app, room, body, response);
    }
    return meeting;
  }

  /** The user's invitation into the room: into the lobby where it has one, else in at once. */
  #enter(app: LocalApplication, room: MeetingRoom, body: { operationId: string; subject?: string; threadId?: string }, response: ServerResponse): void {
    const outgoing = this.ledger.create(app, 'onlineMeeting', {
      conversationPath: `${app.path}/communication/conversations/${this.#nextId()}`,
      subject: body.subject || room.subject,
      to: room.uri,
      operationId: body.operationId,
      ...(body.threadId && { threadId: body.threadId }),
    });
    outgoing.meeting = room;
    this.ledger.opensConversation(outgoing);
    created(response, outgoing.path, invitationJson(outgoing));
    if (room.lobby) {
      room.waiting.add(outgoing);
      app.events.push(conversationEvent(outgoing));
    } else {
      setImmediate(() => this.#admit(outgoing));
    }
  }

  /** The requests on the user's conversation in a meeting, by what they ask: `GET`, `POST /audioVideo/addAudioVideo`, ... */
  async routeConversation(meetingCall: Outgoing, conversationRequest: ConversationRequest): Promise<void> {
    if ((await this.chats.route(meetingCall, conversationRequest)) || (await this.phones.route(meetingCall, conversationRequest))) return;
    const { request, response } = conversationRequest;
    const asked = conversationRequest.resource ? `${conversationRequest.method} ${conversationRequest.resource}` : conversationRequest.method;
    switch (asked) {
      case 'GET': {
        const json = shapes.conversation(meetingCall.conversationPath, conversationState(meetingCall), meetingCall.threadId, meetingCall.subject, {
          meeting: true,
        });
        const roster = meetingCall.state === 'Connected' && meetingCall.meeting?.roster.conversationLinks(meetingCall);
        return sendJson(response, 200, roster ? { ...json, _links: { ...json._links, ...roster } } : json);
      }
      case 'DELETE':
        this.ledger.leave(meetingCall);
        this.#endIfEmpty(meetingCall.meeting);
        return noContent(response);
      case 'POST /participantInvitations':
        if (meetingCall.state !== 'Connected') throw new ServiceError(409, 'Conflict');
        return this.addParticipant(meetingCall.app, meetingCall.conversationPath, meetingCall.subject, request, response);
      case 'GET /audioVideo':
        return sendJson(response, 200, audioVideoJson(meetingCall));
      case 'GET /onlineMeeting':
        if (!meetingCall.meeting) throw new ServiceError(404, 'NotFound');
        return sendJson(response, 200, onlineMeetingJson(meetingCall.meeting, meetingCall.conversationPath));
      case 'GET /onlineMeeting/phoneDialInInformation':
        if (!meetingCall.meeting?.dialIn) throw new ServiceError(404, 'NotFound');
        return sendJson(response, 200, phoneDialInInformationJson(meetingCall.meeting, meetingCall.conversationPath));
      case 'POST /audioVideo/addAudioVideo':
        return this.#addAudioVideo(meetingCall, request, response);
      case 'POST /audioVideo/stopAudioVideo':
        await readBody(request);
        if (audioVideoState(meetingCall) !== 'Connected') throw new ServiceError(409, 'Conflict');
        this.#stopAudioVideo(meetingCall);
        return noContent(response);
      default:
        if (meetingCall.state === 'Connected' && (await meetingCall.meeting?.roster.route(meetingCall, asked, request, response))) return;
        throw new ServiceError(405, 'MethodNotAllowed');
    }
  }

  #endIfEmpty(room: MeetingRoom | undefined): void {
    const someoneIn = [...this.ledger.conversations()].some((call) => call.meeting === room && (call.state === 'Connected' || call.state === 'Connecting'));
    if (room && this.#started.has(room) && !someoneIn) this.#rooms.delete(room.uri);
  }

  #admit(outgoing: Outgoing): void {
    if (outgoing.state !== 'Connecting') return;
    this.ledger.release(outgoing);
    this.ledger.connected(outgoing, () => [conversationEvent(outgoing)]);
  }

  /** addAudioVideo on a meeting the user is in: the user offers, the meeting's media server answers. */
  async #addAudioVideo(meetingCall: Outgoing, request: IncomingMessage, response: ServerResponse): Promise<void> {
    const body = parseRequest(addAudioVideoSchema, await readJsonBody(request));
    // Loaded with the first meeting audio and video, before the checks, so nothing runs between them and the invitation.
    const { AnsweringPeer } = await import('./answeringPeer.js');
    const offerSdp = mediaOfferSdp(body._links.mediaOffer.href);
    if (body.to !== meetingCall.to) throw new ServiceError(400, 'BadRequest', 'ParameterValidationFailure');
    if (meetingCall.state !== 'Connected' || audioVideoState(meetingCall) !== 'Disconnected') throw new ServiceError(409, 'Conflict');
    const { joinAudioMuted = false, joinVideoMuted = false } = body;
    if (meetingCall.meeting) appendKeepingNewest(meetingCall.meeting.mediaJoins, [{ joinAudioMuted, joinVideoMuted }]);
    const invitation = this.ledger.create(meetingCall.app, 'audioVideo', {
      conversationPath: meetingCall.conversationPath,
      subject: meetingCall.subject,
      to: meetingCall.to,
      operationId: body.operationId,
      threadId: meetingCall.threadId,
    });
    const media: AudioVideoMedia = { peer: new AnsweringPeer(offerSdp), sessionContext: body.sessionContext ?? newId() };
    invitation.media = media;
    meetingCall.audioVideo = invitation;
    created(response, invitation.path, invitationJson(invitation));
    void media.peer.answer().then(
      () => this.#audioVideoAnswered(meetingCall, invitation, media),
      () => this.ledger.fail(invitation, UNSUPPORTED_MEDIA),
    );
  }

  /** The answer goes to the user in audioVideoNegotiation, then audio/video connects (unless dropped meanwhile). */
  #audioVideoAnswered(meetingCall: Outgoing, invitation: Outgoing, media: AudioVideoMedia): void {
    if (invitation.state !== 'Connecting') return;
    this.ledger.connected(invitation, () => [negotiationEvent(invitation, media), audioVideoEvent(meetingCall.conversationPath, audioVideoJson(meetingCall))]);
  }

  /** stopAudioVideo: the media server hangs up, and the user may add audio/video again. */
  #stopAudioVideo(meetingCall: Outgoing): void {
    if (meetingCall.audioVideo) this.ledger.release(meetingCall.audioVideo);
    meetingCall.audioVideo = undefined;
    meetingCall.app.events.push(audioVideoEvent(meetingCall.conversationPath, audioVideoJson(meetingCall)));
  }

  /** The user's connected audio/video in the meeting, as its media server has it. */
  #mediaIn(room: MeetingRoom): AnsweringEndpoint | undefined {
    const invitation = this.#userIn(room)?.audioVideo;
    return invitation?.state === 'Connected' ? invitation.media?.peer : undefined;
  }

  /** The user's conversation in the meeting, while they are in it. */
  #userIn(room: MeetingRoom): Outgoing | undefined {
    for (const meetingCall of this.ledger.conversations()) if (meetingCall.meeting === room && meetingCall.state === 'Connected') return meetingCall;
    return undefined;
  }
}
