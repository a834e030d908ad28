// The embedded UCWA service on 127.0.0.1: autodiscovery, OAuth, applications, the event channel, incoming
// and outgoing invitations. It follows the documented protocol, not our client's habits, so the client is
// tested against the protocol and the app works with no server configured. This class is what tests and
// the app drive (placing calls, meetings, faults); the server it drives is ucwaServer.ts and its parts.
import { randomBytes } from 'node:crypto';
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { Applications } from './applications.js';
import { LocalConversationLogs } from './conversationLogs.js';
import type { MeetingInviteRequest, MessagingRequest, PlaceCallRequest, PlacedCall } from './incomingCall.js';
import { IncomingCalls } from './incomingCalls.js';
import { IncomingRoutes } from './incomingRoutes.js';
import { LocalForwarding } from './localForwarding.js';
import { LocalPeople } from './localPeople.js';
import {
  OutgoingInvitations,
  type CalleeScript,
  type InviteeResponse,
  type Meeting,
  type MeetingOptions,
  type PlacedConversation,
  type PlacedOutgoingCall,
  type PlacedPhoneCall,
} from './outgoing.js';
import type { Person } from './resources.js';
import { TokenService } from './tokens.js';
import type { LocalServiceOptions } from './serviceOptions.js';
import { createUcwaServer } from './ucwaServer.js';
import { UserPresence } from './userPresence.js';

export type { Flavour, InvitationImportance, InvitationOutcome, MeetingInviteRequest, MessagingRequest, PlaceCallRequest, PlacedCall } from './incomingCall.js';
export type { GrantType } from './tokens.js';
export type { CalleeScript, PlacedConversation, PlacedOutgoingCall, PlacedPhoneCall, YourPhoneScript } from './outgoing.js';
export type { LocalPhone } from './resources.js';
export type { LocalPeople } from './localPeople.js';
export type { PublishedPresence } from './userPresence.js';
export type { ForwardedRing } from './localForwarding.js';
export type { LocalServiceOptions } from './serviceOptions.js';

export class LocalUcwaService {
  readonly user: Person = { name: 'You', uri: 'sip:you@softphone.local' };
  readonly credentials = { username: 'you@softphone.local', password: randomBytes(18).toString('base64url') };
  /** What the OS would hand Chromium for Negotiate: a test stands in for Windows sign-in with it. */
  readonly windowsTicket = randomBytes(24).toString('base64');
  readonly #server: Server;
  readonly #tokens: TokenService;
  readonly #applications: Applications;
  readonly #incoming: IncomingCalls;
  readonly #outgoing: OutgoingInvitations;
  /** The user's presence as colleagues see it (a watching colleague), and the knobs of what the server sets by itself. */
  readonly userPresence: UserPresence;
  /** Whom the service knows: the directory, contact cards and list, colleagues' presence, search. */
  readonly people: LocalPeople;
  /** Where calls to the user go: forwarding settings, whom they rang, voicemail. */
  readonly forwarding: LocalForwarding;
  /** The user's past conversations and missed items (conversationLogs, missedItems). */
  readonly conversationLogs: LocalConversationLogs;
  /** Batches served (POSTs to batch) and the requests they held in all. */
  readonly batches = { received: 0, parts: 0 };
  #nextId = 1;
  #origin = '';

  constructor(options: LocalServiceOptions = {}) {
    const nextId = () => this.#nextId++;
    const ringTimeoutMs = options.ringTimeoutMs ?? 30_000;
    const origin = () => this.#origin;
    const messagingFlavour = options.messagingFlavour ?? 'ucwa';
    this.people = new LocalPeople(options);
    this.#outgoing = new OutgoingInvitations({
      nextId,
      user: this.user,
      ringTimeoutMs,
      answerAfterMs: options.calleeAnswerMs ?? 1500,
      yourPhone: options.yourPhone ?? 'answers',
      messagingFlavour,
      ended: (outgoing, startedAt, connectedAt) => this.conversationLogs.followOutgoing(outgoing, startedAt, connectedAt),
    });
    const applications = () => this.#applications.available();
    this.conversationLogs = new LocalConversationLogs({ enabled: options.conversationHistory !== false, applications, outgoing: this.#outgoing });
    this.#incoming = new IncomingCalls({
      placed: (request, call) => this.conversationLogs.follow(request, call),
      user: this.user,
      nextId,
      ringTimeoutMs,
      embedInvitations: options.embedInvitations !== false,
      renegotiationAnswerInEventOnly: options.renegotiationAnswerInEventOnly ?? false,
    });
    this.#tokens = new TokenService({
      credentials: this.credentials,
      windowsTicket: this.windowsTicket,
      ...(options.grantTypes && { grantTypes: options.grantTypes }),
      meetingOpensTo: (uri, key) => this.#outgoing.opensTo(uri, key),
      origin,
    });
    this.#applications = new Applications({
      user: this.user,
      nextId,
      ...(options.phoneAudioAllowed !== undefined && { phoneAudioAllowed: options.phoneAudioAllowed }),
      ...(options.startLinks && { startLinks: options.startLinks }),
      ...(options.phones && { phones: options.phones }),
      messagingFlavour,
      conversationHistory: this.conversationLogs.enabled,
      peopleLinks: { search: options.search !== false },
      batch: options.batch !== false,
      ...(options.onEventsReleased && { onEventsReleased: options.onEventsReleased }),
      ...(options.deferredEventsWaitMs !== undefined && { deferredEventsWaitMs: options.deferredEventsWaitMs }),
      onEventsPushed: () => this.userPresence.recheckSoon(),
      onRemoved: (app) => {
        this.#outgoing.forget(app);
        this.#incoming.forget(app);
        this.people.presence.forget(app);
        this.userPresence.recheckSoon();
      },
    });
    this.forwarding = new LocalForwarding(this.user, options.forwarding ?? {}, {
      available: () => this.#applications.available(),
      remember: (person) => this.people.knows(person.uri) || this.people.remember(person),
      addCallee: (person) => this.addCallee(person, 'answer'),
    });
    this.userPresence = new UserPresence(
      () => this.#applications.available(),
      () => new Set([...this.#incoming.connectedKinds(), ...this.#outgoing.connectedKinds()]),
    );
    this.#server = createUcwaServer({
      tokens: this.#tokens,
      applications: this.#applications,
      incoming: new IncomingRoutes(this.#incoming, this.#outgoing, this.user),
      outgoing: this.#outgoing,
      ...this.people.serverParts(),
      userPresence: this.userPresence,
      forwarding: this.forwarding,
      conversationLogs: this.conversationLogs,
      batched: options.batch === false ? undefined : (parts) => void ((this.batches.received += 1), (this.batches.parts += parts)),
      ...(options.maxHoldSeconds !== undefined && { maxHoldSeconds: options.maxHoldSeconds }),
      origin,
    });
  }

  async start(): Promise<URL> {
    await new Promise<void>((resolve) => this.#server.listen(0, '127.0.0.1', resolve));
    const { port } = this.#server.address() as AddressInfo;
    this.#origin = `http://127.0.0.1:${port}`;
    this.people.presence.start();
    return this.rootUrl;
  }

  get rootUrl(): URL {
    return new URL('/autodiscover/autodiscoverservice.svc/root', this.#origin);
  }

  get origin(): string {
    return this.#origin;
  }

  async stop(): Promise<void> {
    this.people.presence.stop();
    this.#incoming.stop();
    this.#applications.closeAll();
    await this.#outgoing.stop();
    this.#server.closeAllConnections();
    await new Promise<void>((resolve) => this.#server.close(() => resolve()));
  }

  /**
   * Rings every application of the signed-in user with an incoming audio/video invitation, or whom their
   * forwarding says. The caller can then be called back (from Recent): someone unknown answers like answers@.
   */
  placeCall(request: PlaceCallRequest): PlacedCall {
    for (const person of Object.values(request.context ?? {})) if (typeof person === 'object') this.people.remember(person);
    if (!this.people.knows(request.from.uri)) this.people.remember(request.from);
    this.#outgoing.addCaller(request.from);
    return this.forwarding.place(request.from, () => this.#incoming.place({ kind: 'audioVideo', flavour: 'ucwa', ...request }, this.#applications.available()));
  }

  /** An incoming messaging invitation with its first message, in either flavour. */
  startMessaging(request: MessagingRequest): PlacedCall {
    return this.#incoming.place({ kind: 'messaging', ...request, flavour: request.flavour ?? 'ucwa' }, this.#applications.available());
  }

  /** An incoming onlineMeetingInvitation: someone added the user to a conference. */
  inviteToMeeting(request: MeetingInviteRequest): PlacedCall {
    return this.#incoming.place({ kind: 'onlineMeeting', flavour: 'ucwa', ...request }, this.#applications.available());
  }

  /**
   * Everything `place` rings goes out in one event batch per application, however many invitations: a
   * busy (or hostile) server's batch may carry thousands.
   */
  inOneBatch<T>(place: () => T): T {
    const releases = this.#applications.available().map((app) => app.events.hold());
    try {
      return place();
    } finally {
      for (const release of releases) release();
    }
  }

  /** A meeting the user can join by its URI; with a lobby, the test admits or denies the joiners. */
  createMeeting(uri: string, options?: MeetingOptions): Meeting {
    return this.#outgoing.createMeeting(uri, options);
  }

  /** The meetings the user started with Meet now (startOnlineMeeting), the last ten, oldest first. */
  meetingsStarted(): readonly Meeting[] {
    return this.#outgoing.meetingsStarted();
  }

  /** The first messages of the IM conversations the user started with `uri` (startMessaging). */
  messagesSentTo(uri: string): string[] {
    return this.#outgoing.messagesSentTo(uri);
  }

  /** The latest IM conversation the user started with `uri`, as the other person has it: what the user sent and typed, and leaving it. */
  conversationStartedWith(uri: string): PlacedConversation | undefined {
    return this.#outgoing.conversationStartedWith(uri);
  }

  /** Someone the user can add to a call or message, and how they respond to the invitation. */
  addPerson(person: Person, response: InviteeResponse): void {
    this.people.remember(person);
    this.#outgoing.addPerson(person, response);
  }

  /** Someone the user can call (startAudioVideo), and how they take calls; the directory has one of each already. */
  addCallee(person: Person, script: CalleeScript): void {
    this.people.remember(person);
    this.#outgoing.addCallee(person, script);
  }

  /** The latest call the user placed to `uri`, as its callee has it: its media, and answering or hanging up as the callee. */
  callPlacedTo(uri: string): PlacedOutgoingCall | undefined {
    return this.#outgoing.callPlacedTo(uri);
  }

  /** The calls via work the user placed (startPhoneAudio), oldest first: whom for and which of their phones rang first. */
  phoneCallsPlaced(): readonly PlacedPhoneCall[] {
    return this.#outgoing.phoneCallsPlaced();
  }

  /** The phone number each application is reached on (makeMeAvailable, then PUT communication), in creation order. */
  phoneNumbers(): Array<string | undefined> {
    return this.#applications.phoneNumbers();
  }

  /**
   * Deletes every application, as the server does to one that stopped polling (UCWA: 15 minutes without a
   * P-GET): the next request gets 404 ApplicationNotFound.
   */
  expireApplications(): void {
    this.#applications.removeAll();
  }

  /** Whether applications link the batch resource from now on, as after an upgrade or on another pool of a server. */
  offerBatch(offered: boolean): void {
    this.#applications.offersBatch = offered;
  }

  /**
   * What long inactivity does on a real server: conversations are torn down (calls end without events)
   * and the event channel continues through a `resume` link.
   */
  resumeAfterInactivity(): void {
    this.#incoming.tearDownSilently();
    this.#outgoing.tearDownSilently();
    this.#applications.resumeAll();
    this.userPresence.recheckSoon();
  }

  /** The grant behind every token issued so far, in order (`anonmeeting renewal` for ms_rtc_renew). */
  tokensIssued(): string[] {
    return this.#tokens.issued();
  }

  /** Every issued token reaches its expiry: the next request gets 401 (a guest may still renew with it). */
  expireTokens(): void {
    this.#tokens.expireAll();
  }

  /** The modalities each application made itself available for, in creation order. */
  availableModalities(): string[][] {
    return this.#applications.availableModalities();
  }
}
