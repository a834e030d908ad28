// The requests on the local service's incoming invitations and their conversations: the invitation's
// actions (answer, early media, accept, decline, and the Trusted Application API's acceptAndBridge and
// startAdhocMeeting), the conversation, its modalities and messages, and the audioVideoSession.
import { randomUUID } from 'node:crypto';
import type { IncomingMessage } from 'node:http';
import * as z from '../../preload/shared/zod/zod.js';
import { invitationJson, type Invitation } from './incomingCall.js';
import type { IncomingCalls } from './incomingCalls.js';
import type { CommunicationRequest, OutgoingInvitations } from './outgoing.js';
import { routeCallSession } from './renegotiations.js';
import * as shapes from './resources.js';
import type { Person } from './resources.js';
import { created, noContent, parseJson, parseRequest, readBody, readSdpBody, sendJson, ServiceError } from './serviceHttp.js';

/** The body of the Trusted Application API's acceptAndBridge (SDK `AcceptAndBridgeInput`). */
const acceptAndBridgeSchema = z.object({ meetingUri: z.string().max(1024).optional(), localUserDisplayName: z.string().max(250).optional() });
/** decline's optional body: a CallDeclineReason. */
const declineSchema = z.object({ reason: z.string().max(64).optional() });

export class IncomingRoutes {
  constructor(
    private readonly calls: IncomingCalls,
    private readonly outgoing: OutgoingInvitations,
    private readonly user: Person,
  ) {}

  /** `…/communication/invitations/{id}[/{action}]`; false when it is not an incoming invitation. */
  async invitation(asked: CommunicationRequest): Promise<boolean> {
    const [, path = '', action] = /^(.*\/communication\/invitations\/\d+)(?:\/(\w+))?$/.exec(asked.path) ?? [];
    const invitation = this.calls.invitation(asked.app, path);
    if (!invitation) return false;
    if (!action && asked.method === 'GET') {
      sendJson(asked.response, 200, invitationJson(invitation, this.user));
      return true;
    }
    if (!action || asked.method !== 'POST') throw new ServiceError(404, 'NotFound');
    const made = await this.#invitationAction(invitation, action, asked.request, asked.url);
    if (made) created(asked.response, made.location, made.body);
    else noContent(asked.response);
    return true;
  }

  /** `…/communication/conversations/{id}[/…]` of an incoming call; false when it is not one. */
  async conversation(asked: CommunicationRequest): Promise<boolean> {
    const [, path = '', resource = ''] = /^(.*\/communication\/conversations\/\d+)(\/.*)?$/.exec(asked.path) ?? [];
    const owner = this.calls.conversationOwner(asked.app, path);
    if (!owner) return false;
    const { call } = owner;
    const { response } = asked;
    const connected = call.request.kind === 'onlineMeeting' ? 'Conferenced' : 'Connected';
    const state = call.state === 'connected' ? connected : call.state === 'ended' ? 'Disconnected' : 'Connecting';
    const whileConnected = () => {
      if (call.state !== 'connected') throw new ServiceError(409, 'Conflict');
    };
    if (resource.startsWith('/audioVideo/audioVideoSession') && call.request.kind === 'audioVideo') {
      // The audioVideoSession exists while the call is connected; a new offer before or after gets 409.
      const rest = resource.slice('/audioVideo/audioVideoSession'.length);
      await routeCallSession(call.state === 'connected' ? call.session : undefined, rest, asked.method, asked.request, response, asked.url);
      return true;
    }
    switch (`${asked.method} ${resource}`) {
      case 'GET ':
        sendJson(response, 200, shapes.conversation(owner.conversationPath, state, call.threadId, call.request.subject ?? ''));
        return true;
      case 'DELETE ':
        whileConnected();
        this.calls.end(call, 'callee');
        noContent(response);
        return true;
      case 'POST /participantInvitations':
        whileConnected();
        await this.outgoing.addParticipant(asked.app, owner.conversationPath, call.request.subject ?? '', asked.request, response);
        return true;
      case 'GET /messaging':
        sendJson(response, 200, shapes.messaging(owner.conversationPath, call.messages ? state : 'Disconnected'));
        return true;
      case 'POST /messaging/messages': {
        const messages = call.messages;
        if (!messages || call.state !== 'connected') throw new ServiceError(409, 'Conflict');
        const sent = await messages.send(asked.request, asked.url);
        owner.app.events.push(sent.event);
        created(response, sent.location, sent.event._embedded?.message);
        return true;
      }
      case 'POST /messaging/setIsTyping':
        await readBody(asked.request);
        if (!call.messages || call.state !== 'connected') throw new ServiceError(409, 'Conflict');
        noContent(response);
        return true;
      case 'POST /messaging/stopMessaging':
        await readBody(asked.request);
        if (!call.messages) throw new ServiceError(404, 'NotFound');
        whileConnected();
        this.calls.end(call, 'callee');
        noContent(response);
        return true;
      case 'GET /audioVideo':
        sendJson(response, 200, shapes.audioVideo(owner.conversationPath, state, { withSession: true }));
        return true;
      case 'POST /audioVideo/stopAudioVideo':
        await readBody(asked.request);
        whileConnected();
        this.calls.end(call, 'callee');
        noContent(response);
        return true;
      default:
        throw new ServiceError(404, 'NotFound');
    }
  }

  /**
   * The actions an incoming invitation's links offer, each only where the link is offered. Most answer
   * 204; startAdhocMeeting creates a meeting (201) that acceptAndBridge can then bridge the IM into.
   */
  async #invitationAction(
    invitation: Invitation,
    action: string,
    request: IncomingMessage,
    url: URL,
  ): Promise<{ location: string; body: unknown } | undefined> {
    const ring = invitation.call.request;
    if (ring.kind === 'audioVideo') {
      if (action === 'acceptWithAnswer') {
        // acceptWithAnswer: the SDP answer goes to the caller, then the call connects.
        const sdp = await readAnswer(invitation, request, url);
        this.calls.accepted(invitation, () => ring.acceptAnswer(sdp));
        return undefined;
      }
      if (action === 'sendProvisionalAnswer') {
        // Early media; the invitation keeps ringing.
        const sdp = await readAnswer(invitation, request, url);
        if (invitation.call.state !== 'ringing') throw new ServiceError(409, 'Conflict');
        ring.acceptProvisionalAnswer?.(sdp);
        return undefined;
      }
    }
    const saas = ring.kind === 'messaging' && ring.flavour === 'saas' ? ['acceptAndBridge', 'startAdhocMeeting'] : [];
    const phoneAudio = ring.kind === 'audioVideo' && invitation.app.modalities.includes('PhoneAudio') ? ['acceptWithPhoneAudio'] : [];
    if (!['accept', 'decline', ...saas, ...phoneAudio].includes(action) || (action === 'accept' && ring.kind === 'audioVideo')) {
      throw new ServiceError(404, 'NotFound');
    }
    const body = await readBody(request);
    if (invitation.call.state !== 'ringing') throw new ServiceError(409, 'Conflict');
    if (action === 'decline') {
      this.calls.declined(invitation, parseRequest(declineSchema, body.length ? parseJson(body) : {}).reason);
      return undefined;
    }
    if (action === 'startAdhocMeeting') {
      const meeting = this.outgoing.createMeeting(`${this.user.uri};gruu;opaque=app:conf:focus:id:${randomUUID().slice(0, 8).toUpperCase()}`, {
        subject: ring.subject ?? '',
      });
      return { location: `${invitation.path}/adhocMeeting`, body: { onlineMeetingUri: meeting.uri } };
    }
    if (action === 'acceptAndBridge') {
      const bridge = parseRequest(acceptAndBridgeSchema, body.length ? parseJson(body) : {});
      if (bridge.meetingUri !== undefined && !this.outgoing.hasMeeting(bridge.meetingUri)) throw new ServiceError(404, 'NotFound', 'DestinationNotFound');
    }
    if (action === 'accept' && ring.kind === 'messaging' && url.searchParams.get('sessionContext') !== invitation.sessionContext) {
      throw new ServiceError(400, 'BadRequest', 'ParameterValidationFailure');
    }
    this.calls.accepted(invitation);
    return undefined;
  }
}

async function readAnswer(invitation: Invitation, request: IncomingMessage, url: URL): Promise<string> {
  if (url.searchParams.get('sessionContext') !== invitation.sessionContext) {
    throw new ServiceError(400, 'BadRequest', 'ParameterValidationFailure');
  }
  return readSdpBody(request);
}
