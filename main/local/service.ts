import { randomBytes, randomUUID } from 'node:crypto';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { z } from 'zod';
import { EventQueue, type ServiceEvent } from './eventQueue.js';
import { MessageLog, type ChatMessage, type MessageFormat } from './messages.js';
import { OutgoingInvitations, type InviteeResponse, type Meeting, type MeetingOptions } from './outgoing.js';
import { AudioVideoSession } from './renegotiations.js';
import * as shapes from './resources.js';
import type { FailureReason, Person } from './resources.js';
import { created, noContent, parseJson, parseRequest, readBody, readJsonBody, readSdpBody, sendJson, ServiceError } from './serviceHttp.js';
import type { LocalApplication } from './localApplication.js';
import { newId } from '../ucwa/ids.js';

const UCWA_ROOT = '/ucwa/oauth/v1/applications';
/** Ended calls whose invitations and conversations can still be read (and refuse late actions with 409). */
const ENDED_CALLS_KEPT = 10;

export type LocalServiceOptions = {
  /**
   * Test knob: the longest an empty P-GET is held, whatever `timeout` asks (UCWA: 180 to 1800 s),
   * so tests can see an empty release without waiting three minutes.
   */
  maxHoldSeconds?: number;
  /** How long an invitation rings before it is missed (UCWA: about 30 s). */
  ringTimeoutMs?: number;
  /** Put the invitation in `started` events (as servers do for incoming calls) or only link it. */
  embedInvitations?: boolean;
  /** Whether policy lets users answer on a phone (makeMeAvailable with PhoneAudio); default yes. */
  phoneAudioAllowed?: boolean;
  /** The grant types the 401 challenge offers; default all three. */
  grantTypes?: readonly GrantType[];
  /**
   * Test knob: the 201 to the user's new offer (renegotiations) leaves the caller's answer out, so the
   * client learns it only from the `completed` event (or a GET of the renegotiation).
   */
  renegotiationAnswerInEventOnly?: boolean;
  /** Observes every event batch an application's pending GET is released with (see EventQueueOptions.onRelease). */
  onEventsReleased?: (events: readonly ServiceEvent[]) => void;
};

export type GrantType = 'password' | 'urn:microsoft.rtc:windows' | 'urn:microsoft.rtc:anonmeeting';

const MODALITIES = ['Audio', 'Video', 'PhoneAudio', 'Messaging', 'PanoramicVideo', 'ApplicationSharing', 'DataCollaboration'] as const;
const makeMeAvailableSchema = z.object({
  signInAs: z.enum(['Online', 'Busy', 'DoNotDisturb', 'BeRightBack', 'Away', 'Offwork']).optional(),
  supportedModalities: z.array(z.enum(MODALITIES)).max(MODALITIES.length).optional(),
  supportedMessageFormats: z
    .array(z.enum(['Plain', 'Html']))
    .max(2)
    .optional(),
  audioPreference: z.enum(['PhoneAudio', 'VoipAudio']).optional(),
  phoneNumber: z.string().max(64).optional(),
});

/** Who a token speaks for: the user, or one anonymous guest of one meeting. */
type TokenScope = { guest?: { id: string; meetingUri: string } };
type IssuedToken = TokenScope & { expired: boolean };

export type InvitationOutcome = { status: 'Success' } | { status: 'Failure'; reason: FailureReason };

export type InvitationImportance = 'Normal' | 'Urgent' | 'Emergency';

/** `ucwa`: plain rels; `saas`: the Trusted Application API's `ms:rtc:saas:` rels on the same resources. */
export type Flavour = 'ucwa' | 'saas';

export type PlaceCallRequest = {
  from: Person;
  subject?: string;
  importance?: InvitationImportance;
  offerSdp: string;
  /** Hands the callee's answer to the caller; a rejection fails the invitation. */
  acceptAnswer(sdp: string): Promise<void>;
  /** Hands over an early-media answer (sendProvisionalAnswer). */
  acceptProvisionalAnswer?(sdp: string): void;
  /** Answers the user's new offer in a connected call (hold, resume); without it, or when it rejects, the renegotiation fails. */
  renegotiate?(offerSdp: string): Promise<string>;
  context?: shapes.RingContext;
};

/** `format`: the first message's, plain text unless said otherwise. */
export type MessagingRequest = {
  from: Person;
  subject?: string;
  importance?: InvitationImportance;
  message: string;
  format?: MessageFormat;
  flavour?: Flavour;
};

export type MeetingInviteRequest = { from: Person; subject?: string; meetingUri: string };

type RingRequest = { flavour: Flavour; from: Person; subject?: string; importance?: InvitationImportance } & (
  | ({ kind: 'audioVideo' } & Pick<PlaceCallRequest, 'offerSdp' | 'acceptAnswer' | 'acceptProvisionalAnswer' | 'renegotiate' | 'context'>)
  | { kind: 'messaging'; message: string; format?: MessageFormat }
  | { kind: 'onlineMeeting'; meetingUri: string }
);

/** The body of the Trusted Application API's acceptAndBridge (SDK `AcceptAndBridgeInput`). */
const acceptAndBridgeSchema = z.object({ meetingUri: z.string().max(1024).optional(), localUserDisplayName: z.string().max(250).optional() });

/** The caller's side of a call placed through the service. */
export type PlacedCall = {
  /** Settles when the invitation completes: Success once answered, Failure with the reason otherwise. */
  readonly outcome: Promise<InvitationOutcome>;
  /** Settles when a connected call ends, saying who ended it. */
  readonly ended: Promise<'callee' | 'caller'>;
  /** The caller gives up while it rings. */
  cancel(): void;
  /** The caller hangs up a connected call. */
  hangUp(): void;
  /** The other person sends an instant message in a connected IM conversation. */
  sendMessage(chat: ChatMessage): void;
  /** The messages the user sent in it. */
  readonly messagesFromCallee: readonly ChatMessage[];
  /**
   * The caller's new offer in a connected audio/video call (they hold or resume): settles with the user's
   * answer; rejects when the user dismisses it, the call ends, or another renegotiation is in progress.
   */
  renegotiate(offerSdp: string): Promise<string>;
};

type Invitation = { app: LocalApplication; path: string; conversationPath: string; sessionContext: string; call: ServiceCall };

type ServiceCall = {
  request: RingRequest;
  state: 'ringing' | 'answering' | 'connected' | 'ended';
  invitations: Invitation[];
  operationId: string;
  threadId: string;
  ringTimer?: NodeJS.Timeout;
  /** A connected IM conversation's messages. */
  messages?: MessageLog;
  /** A connected audio/video call's media session, where either side renegotiates. */
  session?: AudioVideoSession;
  settleOutcome(outcome: InvitationOutcome): void;
  settleEnded(by: 'callee' | 'caller'): void;
};

/**
 * The embedded UCWA service on 127.0.0.1: autodiscovery, OAuth password grant, applications, the event
 * channel and incoming audio/video invitations. It follows the documented protocol, not our client's habits,
 * so the client is tested against the protocol and the app works with no server configured.
 */
export class LocalUcwaService {
  readonly user: Person = { name: 'You', uri: 'sip:you@softphone.local' };
  readonly credentials = { username: 'you@softphone.local', password: randomBytes(18).toString('base64url') };
  readonly #server: Server;
  /** What the OS would hand Chromium for Negotiate: a test stands in for Windows sign-in with it. */
  readonly windowsTicket = randomBytes(24).toString('base64');
  readonly #tokens = new Map<string, IssuedToken>();
  readonly #tokensIssued: string[] = [];
  readonly #applications = new Map<string, LocalApplication>();
  readonly #invitations = new Map<string, Invitation>();
  readonly #calls = new Set<ServiceCall>();
  /** The last ENDED_CALLS_KEPT ended calls, oldest first. */
  readonly #endedCalls: ServiceCall[] = [];
  readonly #outgoing: OutgoingInvitations;
  /** The contacts invitations link to, served at `people/{uri}`. */
  readonly #people = new Map<string, Person>();
  #nextId = 1;
  #origin = '';

  constructor(private readonly options: LocalServiceOptions = {}) {
    this.#outgoing = new OutgoingInvitations({ nextId: () => this.#nextId++, ringTimeoutMs: options.ringTimeoutMs ?? 30_000 });
    this.#server = createServer((request, response) => {
      this.#route(request, response).catch((error: unknown) => this.#fail(response, error));
    });
  }

  async start(): Promise<URL> {
    await new Promise<void>((resolve) => this.#server.listen(0, '127.0.0.1', resolve));
    const { port } = this.#server.address() as AddressInfo;
    this.#origin = `http://127.0.0.1:${port}`;
    return this.rootUrl;
  }

  get rootUrl(): URL {
    return new URL('/autodiscover/autodiscoverservice.svc/root', this.#origin);
  }

  get origin(): string {
    return this.#origin;
  }

  async stop(): Promise<void> {
    for (const call of this.#calls) this.#end(call, 'caller');
    for (const app of this.#applications.values()) app.events.close();
    await this.#outgoing.stop();
    this.#server.closeAllConnections();
    await new Promise<void>((resolve) => this.#server.close(() => resolve()));
  }

  /** Rings every application of the signed-in user with an incoming audio/video invitation. */
  placeCall(request: PlaceCallRequest): PlacedCall {
    for (const person of Object.values(request.context ?? {})) if (typeof person === 'object') this.#people.set(person.uri, person);
    return this.#placeRinging({ kind: 'audioVideo', flavour: 'ucwa', ...request });
  }

  /** An incoming messaging invitation with its first message, in either flavour. */
  startMessaging(request: MessagingRequest): PlacedCall {
    return this.#placeRinging({ kind: 'messaging', ...request, flavour: request.flavour ?? 'ucwa' });
  }

  /** An incoming onlineMeetingInvitation: someone added the user to a conference. */
  inviteToMeeting(request: MeetingInviteRequest): PlacedCall {
    return this.#placeRinging({ kind: 'onlineMeeting', flavour: 'ucwa', ...request });
  }

  /** A meeting the user can join by its URI; with a lobby, the test admits or denies the joiners. */
  createMeeting(uri: string, options?: MeetingOptions): Meeting {
    return this.#outgoing.createMeeting(uri, options);
  }

  /** The first messages of the IM conversations the user started with `uri` (startMessaging). */
  messagesSentTo(uri: string): string[] {
    return this.#outgoing.messagesSentTo(uri);
  }

  /** Someone the user can add to a call or message, and how they respond to the invitation. */
  addPerson(person: Person, response: InviteeResponse): void {
    this.#outgoing.addPerson(person, response);
  }

  #placeRinging(request: RingRequest): PlacedCall {
    let settleOutcome!: (outcome: InvitationOutcome) => void;
    let settleEnded!: (by: 'callee' | 'caller') => void;
    const outcome = new Promise<InvitationOutcome>((resolve) => (settleOutcome = resolve));
    const ended = new Promise<'callee' | 'caller'>((resolve) => (settleEnded = resolve));
    const call: ServiceCall = {
      request,
      state: 'ringing',
      invitations: [],
      operationId: newId(),
      threadId: newId(),
      settleOutcome,
      settleEnded,
    };
    const leg: PlacedCall = {
      outcome,
      ended,
      cancel: () => {
        if (call.state === 'ringing' || call.state === 'answering') {
          this.#complete(call, { code: 'RemoteFailure', subcode: 'Canceled', message: 'The invitation was cancelled by a remote user.' });
        }
      },
      hangUp: () => this.#end(call, 'caller'),
      sendMessage: (chat) => {
        const answered = call.invitations[0];
        if (call.state !== 'connected' || !call.messages || !answered) throw new Error('No connected IM conversation');
        answered.app.events.push(call.messages.incoming(chat));
      },
      get messagesFromCallee() {
        return call.messages?.fromCallee ?? [];
      },
      renegotiate: (offerSdp) => {
        if (call.state !== 'connected' || !call.session) return Promise.reject(new Error('No connected audio/video call'));
        return call.session.offerFromCaller(offerSdp);
      },
    };
    const apps = [...this.#applications.values()].filter((app) => app.available);
    if (apps.length === 0) {
      call.state = 'ended';
      settleOutcome({
        status: 'Failure',
        reason: { code: 'RemoteFailure', subcode: 'TemporarilyUnavailable', message: 'The remote is temporarily unavailable.' },
      });
      settleEnded('callee');
      return leg;
    }
    this.#calls.add(call);
    for (const app of apps) this.#ring(app, call);
    call.ringTimer = setTimeout(
      () => this.#complete(call, { code: 'Informational', subcode: 'Missed', message: 'The invitation was missed.' }),
      this.options.ringTimeoutMs ?? 30_000,
    );
    return leg;
  }

  #ring(app: LocalApplication, call: ServiceCall): void {
    const id = this.#nextId++;
    const path = `${app.path}/communication/invitations/${id}`;
    const conversationPath = `${app.path}/communication/conversations/${id}`;
    const invitation: Invitation = { app, path, conversationPath, sessionContext: newId(), call };
    call.invitations.push(invitation);
    this.#invitations.set(path, invitation);
    const { sender, link } = this.#eventRefs(invitation);
    app.events.push({
      sender,
      link,
      type: 'started',
      ...(this.options.embedInvitations !== false && { _embedded: { [link.rel]: this.#invitationJson(invitation) } }),
    });
  }

  /** The sender and link of the invitation's events, with `ms:rtc:saas:` rels in that flavour. */
  #eventRefs(invitation: Invitation) {
    const prefix = invitation.call.request.flavour === 'saas' ? 'ms:rtc:saas:' : '';
    return {
      sender: { rel: `${prefix}communication`, href: `${invitation.app.path}/communication` },
      link: { rel: `${prefix}${invitation.call.request.kind}Invitation`, href: invitation.path },
    };
  }

  #invitationJson(invitation: Invitation) {
    const { call } = invitation;
    const { request } = call;
    const fields: shapes.InvitationFields = {
      href: invitation.path,
      appPath: invitation.app.path,
      conversationPath: invitation.conversationPath,
      state: call.state === 'connected' ? 'Connected' : call.state === 'ended' ? 'Failed' : 'Connecting',
      operationId: call.operationId,
      sessionContext: invitation.sessionContext,
      threadId: call.threadId,
      subject: request.subject ?? '',
      importance: request.importance ?? 'Normal',
      from: request.from,
      to: this.user.uri,
    };
    switch (request.kind) {
      case 'audioVideo':
        return shapes.audioVideoInvitation(fields, request.offerSdp, invitation.app.modalities.includes('PhoneAudio'), request.context);
      case 'messaging':
        return shapes.messagingInvitation(fields, request.message, request.flavour, request.format);
      case 'onlineMeeting':
        return shapes.onlineMeetingInvitation(fields, request.meetingUri);
    }
  }

  /** Completes every ringing invitation of the call with failure (missed, cancelled). */
  #complete(call: ServiceCall, reason: FailureReason, except?: Invitation): void {
    if (call.state === 'connected' || call.state === 'ended') return;
    clearTimeout(call.ringTimer);
    call.state = 'ended';
    this.#calls.delete(call);
    this.#retire(call);
    for (const invitation of call.invitations) {
      if (invitation === except) continue;
      this.#pushCompleted(invitation, { status: 'Failure', reason });
    }
    call.settleOutcome({ status: 'Failure', reason });
    call.settleEnded('caller');
  }

  /**
   * An ended call stays readable a while, as a late GET or a late action expects; beyond the last few its
   * invitations go, with what they hold (the caller's callbacks and, through them, its media peer).
   */
  #retire(call: ServiceCall): void {
    this.#endedCalls.push(call);
    if (this.#endedCalls.length <= ENDED_CALLS_KEPT) return;
    const forgotten = this.#endedCalls.shift();
    for (const [path, invitation] of this.#invitations) if (invitation.call === forgotten) this.#invitations.delete(path);
  }

  #pushCompleted(invitation: Invitation, outcome: InvitationOutcome): void {
    invitation.app.events.push({
      ...this.#eventRefs(invitation),
      type: 'completed',
      status: outcome.status,
      ...(outcome.status === 'Failure' && { reason: outcome.reason }),
    });
  }

  /** Ends a connected call: the modality disconnects and the conversation goes away on the callee's side. */
  #end(call: ServiceCall, by: 'callee' | 'caller'): void {
    if (call.state !== 'connected') {
      if (by === 'caller') this.#complete(call, { code: 'RemoteFailure', subcode: 'Canceled', message: 'The invitation was cancelled by a remote user.' });
      return;
    }
    call.state = 'ended';
    this.#calls.delete(call);
    this.#retire(call);
    call.session?.end();
    const answered = call.invitations[0];
    if (answered && by === 'caller') {
      answered.app.events.push(this.#modalityEvent(answered, 'Disconnected'), {
        sender: { rel: 'communication', href: `${answered.app.path}/communication` },
        link: { rel: 'conversation', href: answered.conversationPath },
        type: 'deleted',
      });
    }
    call.settleEnded(by);
  }

  /** acceptWithAnswer: the SDP answer goes to the caller, then the call connects. */
  async #acceptWithAnswer(invitation: Invitation, caller: PlaceCallRequest['acceptAnswer'], request: IncomingMessage, url: URL): Promise<void> {
    const sdp = await this.#readAnswer(invitation, request, url);
    this.#accepted(invitation, () => caller(sdp));
  }

  /** sendProvisionalAnswer: early media; the invitation keeps ringing. */
  async #provisionalAnswer(invitation: Invitation, caller: PlaceCallRequest['acceptProvisionalAnswer'], request: IncomingMessage, url: URL): Promise<void> {
    const sdp = await this.#readAnswer(invitation, request, url);
    if (invitation.call.state !== 'ringing') throw new ServiceError(409, 'Conflict');
    caller?.(sdp);
  }

  async #readAnswer(invitation: Invitation, request: IncomingMessage, url: URL): Promise<string> {
    if (url.searchParams.get('sessionContext') !== invitation.sessionContext) {
      throw new ServiceError(400, 'BadRequest', 'ParameterValidationFailure');
    }
    return readSdpBody(request);
  }

  /** Any accept (answer, phone audio, accept): the other applications hear it was answered elsewhere. */
  #accepted(invitation: Invitation, handOver: () => Promise<void> | void = () => {}): void {
    const { call } = invitation;
    if (call.state !== 'ringing') throw new ServiceError(409, 'Conflict', 'AlreadyExists');
    call.state = 'answering';
    clearTimeout(call.ringTimer);
    for (const other of call.invitations) {
      if (other === invitation) continue;
      this.#pushCompleted(other, {
        status: 'Failure',
        reason: { code: 'Informational', subcode: 'ConnectedElsewhere', message: 'The invitation was accepted at another location.' },
      });
    }
    call.invitations = [invitation];
    if (call.request.kind === 'messaging') call.messages = new MessageLog(`${invitation.conversationPath}/messaging`);
    queueMicrotask(() => void this.#connect(call, invitation, handOver));
  }

  async #connect(call: ServiceCall, invitation: Invitation, handOver: () => Promise<void> | void): Promise<void> {
    try {
      await handOver();
    } catch {
      call.state = 'ringing';
      this.#complete(call, { code: 'RemoteFailure', subcode: 'UnsupportedMediaType', message: 'Unsupported media.' });
      return;
    }
    if (call.state !== 'answering') return;
    call.state = 'connected';
    if (call.request.kind === 'audioVideo') {
      call.session = new AudioVideoSession({
        app: invitation.app,
        conversationPath: invitation.conversationPath,
        sessionContext: invitation.sessionContext,
        callerAnswers: call.request.renegotiate?.bind(call.request),
        answerInEventOnly: this.options.renegotiationAnswerInEventOnly ?? false,
      });
    }
    const { sender, link } = this.#eventRefs(invitation);
    invitation.app.events.push(
      { sender, link, type: 'updated', _embedded: { [link.rel]: this.#invitationJson(invitation) } },
      this.#modalityEvent(invitation, 'Connected'),
      { sender, link, type: 'completed', status: 'Success' },
    );
    call.settleOutcome({ status: 'Success' });
  }

  /** The modality's `updated` event: audioVideo or messaging, or the conversation for a meeting. */
  #modalityEvent(invitation: Invitation, state: string): ServiceEvent {
    const { conversationPath } = invitation;
    const sender = { rel: 'conversation', href: conversationPath };
    switch (invitation.call.request.kind) {
      case 'audioVideo':
        return {
          sender,
          link: { rel: 'audioVideo', href: `${conversationPath}/audioVideo` },
          type: 'updated',
          _embedded: { audioVideo: shapes.audioVideo(conversationPath, state, { withSession: true }) },
        };
      case 'messaging':
        return {
          sender,
          link: { rel: 'messaging', href: `${conversationPath}/messaging` },
          type: 'updated',
          _embedded: { messaging: shapes.messaging(conversationPath, state) },
        };
      case 'onlineMeeting':
        return {
          sender: { rel: 'communication', href: `${invitation.app.path}/communication` },
          link: { rel: 'conversation', href: conversationPath },
          type: 'updated',
          _embedded: {
            conversation: shapes.conversation(
              conversationPath,
              state === 'Connected' ? 'Conferenced' : state,
              invitation.call.threadId,
              invitation.call.request.subject ?? '',
            ),
          },
        };
    }
  }

  // ---- HTTP ----

  async #route(request: IncomingMessage, response: ServerResponse): Promise<void> {
    const url = new URL(request.url ?? '/', this.#origin);
    const path = url.pathname;
    const method = request.method ?? 'GET';
    const abs = (p: string) => `${this.#origin}${p}`;

    if (method === 'GET' && path === '/autodiscover/autodiscoverservice.svc/root') {
      return sendJson(response, 200, {
        _links: {
          self: { href: abs(path) },
          user: { href: abs('/autodiscover/autodiscoverservice.svc/root/oauth/user?originalDomain=softphone.local') },
          xframe: { href: abs('/autodiscover/xframe') },
        },
      });
    }
    if (method === 'POST' && path === '/WebTicket/oauthtoken') return this.#issueToken(request, response);
    const scope = this.#authorised(request);
    if (!scope) return this.#challenge(response);

    if (method === 'GET' && path === '/autodiscover/autodiscoverservice.svc/root/oauth/user') {
      return sendJson(response, 200, { _links: { self: { href: abs(path) }, applications: { href: abs(UCWA_ROOT) } } });
    }
    if (method === 'POST' && path === UCWA_ROOT) return this.#createApplication(request, response, scope);

    const app = [...this.#applications.values()].find((a) => path === a.path || path.startsWith(`${a.path}/`));
    if (!app) throw new ServiceError(404, 'NotFound', 'ApplicationNotFound');
    // An application answers only to tokens of whoever created it: the user's, or that one guest's.
    if (scope.guest?.id !== app.guestId) throw new ServiceError(403, 'Forbidden');
    const rest = path.slice(app.path.length);

    if (rest === '' && method === 'GET') return sendJson(response, 200, this.#applicationJson(app));
    if (rest === '' && method === 'DELETE') {
      this.#removeApplication(app);
      return noContent(response);
    }
    if (rest === '/events' && method === 'GET') {
      const ack = Number(url.searchParams.get('ack'));
      if (!Number.isInteger(ack) || ack < 1) throw new ServiceError(400, 'BadRequest', 'ParameterValidationFailure');
      const requested = Number(url.searchParams.get('timeout') ?? 180);
      const timeout = Number.isFinite(requested) ? Math.min(1800, Math.max(180, requested)) : 180;
      return app.events.get(ack, Math.min(timeout, this.options.maxHoldSeconds ?? Infinity), response);
    }
    if (rest === '/me/makeMeAvailable' && method === 'POST') {
      await this.#makeAvailable(app, request);
      return noContent(response);
    }
    const contact = /^\/people\/([^/]+)$/.exec(rest);
    const person = contact?.[1] ? [...this.#people.values()].find((p) => encodeURIComponent(p.uri) === contact[1]) : undefined;
    if (person && method === 'GET') return sendJson(response, 200, shapes.contact(app.path, person));
    if (rest === '/me/reportMyActivity' && method === 'POST') {
      if (!app.available) throw new ServiceError(409, 'Conflict', 'MakeMeAvailableRequired');
      return noContent(response);
    }
    return this.#routeCommunication(app, path, method, request, response, url);
  }

  async #routeCommunication(app: LocalApplication, path: string, method: string, request: IncomingMessage, response: ServerResponse, url: URL): Promise<void> {
    if (await this.#outgoing.route(app, path, method, request, response)) return;
    const invitationMatch = /^(.*\/communication\/invitations\/\d+)(\/\w+)?$/.exec(path);
    const invitation = invitationMatch?.[1] ? this.#invitations.get(invitationMatch[1]) : undefined;
    if (invitation && invitation.app === app) {
      const action = invitationMatch?.[2];
      if (!action && method === 'GET') return sendJson(response, 200, this.#invitationJson(invitation));
      if (action && method === 'POST') {
        const made = await this.#invitationAction(invitation, action.slice(1), request, url);
        return made ? created(response, made.location, made.body) : noContent(response);
      }
    }
    const [, sessionConversation = '', sessionRest = ''] = /^(.*\/communication\/conversations\/\d+)\/audioVideo\/audioVideoSession(\/.*)?$/.exec(path) ?? [];
    const sessionOwner = this.#conversationOwner(app, sessionConversation);
    if (sessionOwner?.call.request.kind === 'audioVideo') return this.#routeSession(sessionOwner.call, sessionRest, method, request, response, url);
    const conversationMatch =
      /^(.*\/communication\/conversations\/\d+)(\/audioVideo|\/participantInvitations|\/messaging)?(\/stopAudioVideo|\/messages)?$/.exec(path);
    const owner = this.#conversationOwner(app, conversationMatch?.[1]);
    if (owner && conversationMatch) {
      const connected = owner.call.request.kind === 'onlineMeeting' ? 'Conferenced' : 'Connected';
      const state = owner.call.state === 'connected' ? connected : owner.call.state === 'ended' ? 'Disconnected' : 'Connecting';
      if (!conversationMatch[2] && method === 'DELETE') {
        if (owner.call.state !== 'connected') throw new ServiceError(409, 'Conflict');
        this.#end(owner.call, 'callee');
        return noContent(response);
      }
      if (conversationMatch[2] === '/participantInvitations' && method === 'POST') {
        if (owner.call.state !== 'connected') throw new ServiceError(409, 'Conflict');
        return this.#outgoing.addParticipant(app, owner.conversationPath, owner.call.request.subject ?? '', request, response);
      }
      if (!conversationMatch[2] && method === 'GET') {
        return sendJson(response, 200, shapes.conversation(owner.conversationPath, state, owner.call.threadId, owner.call.request.subject ?? ''));
      }
      if (conversationMatch[2] === '/messaging' && !conversationMatch[3] && method === 'GET') {
        return sendJson(response, 200, shapes.messaging(owner.conversationPath, owner.call.messages ? state : 'Disconnected'));
      }
      if (conversationMatch[3] === '/messages' && method === 'POST') {
        const messages = owner.call.messages;
        if (!messages || owner.call.state !== 'connected') throw new ServiceError(409, 'Conflict');
        const sent = await messages.send(request, url);
        owner.app.events.push(sent.event);
        return created(response, sent.location, sent.event._embedded?.message);
      }
      if (conversationMatch[2] === '/audioVideo' && !conversationMatch[3] && method === 'GET') {
        return sendJson(response, 200, shapes.audioVideo(owner.conversationPath, state, { withSession: true }));
      }
      if (conversationMatch[3] === '/stopAudioVideo' && method === 'POST') {
        await readBody(request);
        if (owner.call.state !== 'connected') throw new ServiceError(409, 'Conflict');
        this.#end(owner.call, 'callee');
        return noContent(response);
      }
    }
    throw new ServiceError(404, 'NotFound');
  }

  /** The incoming invitation whose conversation this is, among the application's. */
  #conversationOwner(app: LocalApplication, conversationPath: string | undefined): Invitation | undefined {
    if (!conversationPath) return undefined;
    return [...this.#invitations.values()].find((i) => i.conversationPath === conversationPath && i.app === app);
  }

  /** The audioVideoSession exists while the call is connected; a new offer before or after gets 409. */
  async #routeSession(call: ServiceCall, rest: string, method: string, request: IncomingMessage, response: ServerResponse, url: URL): Promise<void> {
    if (call.state === 'connected' && call.session) return call.session.route(rest, method, request, response, url);
    if (rest === '/renegotiations' && method === 'POST') throw new ServiceError(409, 'Conflict');
    throw new ServiceError(404, 'NotFound');
  }

  /**
   * Deletes every application, as the server does to one that stopped polling (UCWA: 15 minutes without a
   * P-GET): the next request gets 404 ApplicationNotFound.
   */
  expireApplications(): void {
    for (const app of [...this.#applications.values()]) this.#removeApplication(app);
  }

  /**
   * What long inactivity does on a real server: conversations are torn down (calls end without events)
   * and the event channel continues through a `resume` link.
   */
  resumeAfterInactivity(): void {
    for (const call of [...this.#calls]) {
      clearTimeout(call.ringTimer);
      call.state = 'ended';
      this.#calls.delete(call);
      call.session?.end();
      for (const invitation of call.invitations) this.#invitations.delete(invitation.path);
      call.settleOutcome({ status: 'Failure', reason: { code: 'ServiceFailure', message: 'The conversation was torn down.' } });
      call.settleEnded('callee');
    }
    this.#outgoing.tearDownSilently();
    for (const app of this.#applications.values()) app.events.resume();
  }

  /** The grant behind every token issued so far, in order (`anonmeeting renewal` for ms_rtc_renew). */
  tokensIssued(): string[] {
    return [...this.#tokensIssued];
  }

  /** Every issued token reaches its expiry: the next request gets 401 (a guest may still renew with it). */
  expireTokens(): void {
    for (const token of this.#tokens.values()) token.expired = true;
  }

  /** An application goes away: its invitations stop ringing; a call that rang nowhere else fails. */
  #removeApplication(app: LocalApplication): void {
    app.events.close();
    this.#applications.delete(app.id);
    this.#outgoing.forget(app);
    for (const [path, invitation] of this.#invitations) {
      if (invitation.app !== app) continue;
      this.#invitations.delete(path);
      const { call } = invitation;
      call.invitations = call.invitations.filter((other) => other !== invitation);
      if (call.invitations.length > 0) continue;
      if (call.state === 'connected') {
        this.#end(call, 'callee');
      } else {
        this.#complete(call, { code: 'RemoteFailure', subcode: 'TemporarilyUnavailable', message: 'The remote is temporarily unavailable.' });
      }
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
      if (action === 'acceptWithAnswer') return this.#acceptWithAnswer(invitation, ring.acceptAnswer, request, url).then(() => undefined);
      if (action === 'sendProvisionalAnswer') return this.#provisionalAnswer(invitation, ring.acceptProvisionalAnswer, request, url).then(() => undefined);
    }
    const saas = ring.kind === 'messaging' && ring.flavour === 'saas' ? ['acceptAndBridge', 'startAdhocMeeting'] : [];
    const phoneAudio = ring.kind === 'audioVideo' && invitation.app.modalities.includes('PhoneAudio') ? ['acceptWithPhoneAudio'] : [];
    if (!['accept', 'decline', ...saas, ...phoneAudio].includes(action) || (action === 'accept' && ring.kind === 'audioVideo')) {
      throw new ServiceError(404, 'NotFound');
    }
    const body = await readBody(request);
    if (invitation.call.state !== 'ringing') throw new ServiceError(409, 'Conflict');
    if (action === 'decline') {
      this.#declined(invitation);
      return undefined;
    }
    if (action === 'startAdhocMeeting') {
      const meeting = this.#outgoing.createMeeting(`${this.user.uri};gruu;opaque=app:conf:focus:id:${randomUUID().slice(0, 8).toUpperCase()}`, {
        subject: ring.subject ?? '',
      });
      return { location: `${invitation.path}/adhocMeeting`, body: { onlineMeetingUri: meeting.uri } };
    }
    if (action === 'acceptAndBridge') {
      const bridge = parseRequest(acceptAndBridgeSchema, body.length ? parseJson(body) : {});
      if (bridge.meetingUri !== undefined && !this.#outgoing.hasMeeting(bridge.meetingUri)) throw new ServiceError(404, 'NotFound', 'DestinationNotFound');
    }
    if (action === 'accept' && ring.kind === 'messaging' && url.searchParams.get('sessionContext') !== invitation.sessionContext) {
      throw new ServiceError(400, 'BadRequest', 'ParameterValidationFailure');
    }
    this.#accepted(invitation);
    return undefined;
  }

  #declined(invitation: Invitation): void {
    const { call } = invitation;
    const others = call.invitations.filter((other) => other !== invitation);
    this.#pushCompleted(invitation, {
      status: 'Failure',
      reason: { code: 'LocalFailure', subcode: 'Declined', message: 'The invitation was declined by the local user.' },
    });
    call.invitations = others;
    if (others.length > 0) return;
    clearTimeout(call.ringTimer);
    call.state = 'ended';
    this.#calls.delete(call);
    this.#retire(call);
    call.settleOutcome({ status: 'Failure', reason: { code: 'RemoteFailure', subcode: 'Declined', message: 'The outgoing invitation was declined.' } });
    call.settleEnded('callee');
  }

  async #issueToken(request: IncomingMessage, response: ServerResponse): Promise<void> {
    const form = new URLSearchParams((await readBody(request)).toString('utf8'));
    const grantType = form.get('grant_type');
    if (!this.#grantTypes.some((offered) => offered === grantType)) return sendJson(response, 400, { error: 'unsupported_grant_type' });
    if (grantType === 'password') {
      const valid = form.get('username') === this.credentials.username && form.get('password') === this.credentials.password;
      return valid ? this.#sendToken(response, {}, 28_800, 'password') : sendJson(response, 400, { error: 'invalid_grant' });
    }
    if (grantType === 'urn:microsoft.rtc:windows') {
      // The token service is itself behind Negotiate/NTLM: the HTTP stack must answer that challenge.
      if (request.headers.authorization !== `Negotiate ${this.windowsTicket}`) {
        response.setHeader('WWW-Authenticate', ['Negotiate', 'NTLM']);
        return sendJson(response, 401, { error: 'invalid_grant' });
      }
      return this.#sendToken(response, {}, 28_800, 'windows');
    }
    if (grantType === 'urn:microsoft.rtc:anonmeeting') {
      const meetingUri = form.get('ms_rtc_conferenceuri') ?? '';
      const renewing = form.get('ms_rtc_renew');
      if (renewing !== null) {
        // A renewal keeps the guest's identity and retires the old token, expired or not.
        const guest = this.#tokens.get(renewing)?.guest;
        if (guest?.meetingUri !== meetingUri) return sendJson(response, 400, { error: 'invalid_grant' });
        this.#tokens.delete(renewing);
        return this.#sendToken(response, { guest }, 3600, 'anonmeeting renewal');
      }
      if (!this.#outgoing.opensTo(meetingUri, form.get('password') ?? '')) return sendJson(response, 400, { error: 'invalid_grant' });
      return this.#sendToken(response, { guest: { id: randomUUID(), meetingUri } }, 3600, 'anonmeeting');
    }
    sendJson(response, 400, { error: 'unsupported_grant_type' });
  }

  get #grantTypes(): readonly GrantType[] {
    return this.options.grantTypes ?? ['urn:microsoft.rtc:windows', 'urn:microsoft.rtc:anonmeeting', 'password'];
  }

  #sendToken(response: ServerResponse, scope: TokenScope, expiresIn: number, grant: string): void {
    this.#tokensIssued.push(grant);
    const token = `cwt=${randomBytes(32).toString('base64url')}`;
    this.#tokens.set(token, { ...scope, expired: false });
    sendJson(response, 200, { access_token: token, expires_in: expiresIn, ms_rtc_identityscope: 'local', token_type: 'Bearer' });
  }

  #authorised(request: IncomingMessage): TokenScope | undefined {
    const match = /^Bearer (cwt=\S+)$/.exec(request.headers.authorization ?? '');
    const token = match?.[1] === undefined ? undefined : this.#tokens.get(match[1]);
    return token?.expired === false ? token : undefined;
  }

  #challenge(response: ServerResponse): void {
    response.setHeader('WWW-Authenticate', [
      'Bearer trusted_issuers="", client_id="00000004-0000-0ff1-ce00-000000000000"',
      `MsRtcOAuth href="${this.#origin}/WebTicket/oauthtoken",grant_type="${this.#grantTypes.join(',')}"`,
    ]);
    sendJson(response, 401, { code: 'Unauthorized', message: 'A bearer token is required.' });
  }

  async #createApplication(request: IncomingMessage, response: ServerResponse, scope: TokenScope): Promise<void> {
    const body = await readJsonBody(request);
    const endpointId = typeof body.EndpointId === 'string' ? body.EndpointId : typeof body.endpointId === 'string' ? body.endpointId : '';
    if (!endpointId || endpointId.length > 100) throw new ServiceError(400, 'BadRequest', 'ParameterValidationFailure');
    const id = String(this.#nextId++);
    const path = `${UCWA_ROOT}/${id}`;
    const app: LocalApplication = {
      id,
      path,
      endpointId,
      available: false,
      modalities: [],
      ...(scope.guest && { guestId: scope.guest.id, anonymousMeeting: scope.guest.meetingUri }),
      events: new EventQueue({ eventsPath: `${path}/events`, onRelease: this.options.onEventsReleased }),
    };
    this.#applications.set(id, app);
    created(response, path, this.#applicationJson(app));
  }

  /** makeMeAvailable: documented modality names only; anonymous guests may not; PhoneAudio as policy says. */
  async #makeAvailable(app: LocalApplication, request: IncomingMessage): Promise<void> {
    const body = { data: parseRequest(makeMeAvailableSchema, await readJsonBody(request)) };
    if (app.anonymousMeeting !== undefined) throw new ServiceError(403, 'Forbidden', 'AnonymousNotAllowed');
    if (app.available) throw new ServiceError(409, 'Conflict', 'AlreadyExists');
    const modalities = body.data.supportedModalities ?? ['Audio', 'Video', 'Messaging'];
    if (modalities.includes('PhoneAudio')) {
      if (this.options.phoneAudioAllowed === false) throw new ServiceError(403, 'Forbidden', 'ModalityNotSupported');
      if (!body.data.phoneNumber) throw new ServiceError(400, 'BadRequest', 'ParameterValidationFailure');
    }
    app.available = true;
    app.modalities = modalities;
  }

  /** The modalities each application made itself available for, in creation order. */
  availableModalities(): string[][] {
    return [...this.#applications.values()].map((app) => [...app.modalities]);
  }

  #applicationJson(app: LocalApplication) {
    return shapes.application(app.path, app.events.firstHref, this.user, app.endpointId);
  }

  #fail(response: ServerResponse, error: unknown): void {
    if (error instanceof ServiceError) {
      return sendJson(response, error.status, { code: error.code, ...(error.subcode && { subcode: error.subcode }), message: error.message });
    }
    sendJson(response, 500, { code: 'ServiceFailure', message: 'Internal server error.' });
  }
}
