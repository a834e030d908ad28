// The local service's incoming calls: each rings every available application of the user until one
// answers (the others hear it was answered elsewhere), the caller gives up or it is missed; an answered
// one connects, and either side ends it.
import { newId } from '../ucwa/ids.js';
import {
  eventRefs,
  invitationJson,
  modalityEvent,
  pushCompleted,
  type InvitationOutcome,
  type Invitation,
  type PlacedCall,
  type RingRequest,
  type ServiceCall,
} from './incomingCall.js';
import type { LocalApplication } from './localApplication.js';
import { MessageLog } from './messages.js';
import { AudioVideoSession } from './renegotiations.js';
import type { FailureReason, Person } from './resources.js';
import { ServiceError } from './serviceHttp.js';

/** Ended calls whose invitations and conversations can still be read (and refuse late actions with 409). */
const ENDED_CALLS_KEPT = 10;
const CANCELED: FailureReason = { code: 'RemoteFailure', subcode: 'Canceled', message: 'The invitation was cancelled by a remote user.' };

export type IncomingCallsOptions = {
  user: Person;
  nextId(): number;
  /** How long an invitation rings before it is missed (UCWA: about 30 s). */
  ringTimeoutMs: number;
  /** Put the invitation in `started` events (as servers do for incoming calls) or only link it. */
  embedInvitations: boolean;
  /** The 201 to the user's new offer leaves the caller's answer out (see LocalServiceOptions). */
  renegotiationAnswerInEventOnly: boolean;
  /** A call was placed: the conversation history follows it to its end. */
  placed(request: RingRequest, call: PlacedCall): void;
};

export class IncomingCalls {
  readonly #invitations = new Map<string, Invitation>();
  readonly #calls = new Set<ServiceCall>();
  /** The last ENDED_CALLS_KEPT ended calls, oldest first. */
  readonly #endedCalls: ServiceCall[] = [];

  constructor(private readonly options: IncomingCallsOptions) {}

  /** The kinds of the calls connected now (audioVideo, messaging, onlineMeeting). */
  connectedKinds(): Set<string> {
    return new Set([...this.#calls].filter((call) => call.state === 'connected').map((call) => call.request.kind));
  }

  /** The application's incoming invitation at this path. */
  invitation(app: LocalApplication, path: string): Invitation | undefined {
    const invitation = this.#invitations.get(path);
    return invitation?.app === app ? invitation : undefined;
  }

  /** Rings the given applications; with none available, the call fails as temporarily unavailable. */
  place(request: RingRequest, apps: readonly LocalApplication[]): PlacedCall {
    let settleOutcome!: (outcome: InvitationOutcome) => void;
    let settleEnded!: (by: 'callee' | 'caller') => void;
    const outcome = new Promise<InvitationOutcome>((resolve) => (settleOutcome = resolve));
    const ended = new Promise<'callee' | 'caller'>((resolve) => (settleEnded = resolve));
    const call: ServiceCall = {
      request,
      state: 'ringing',
      invitations: [],
      rungAt: [],
      declinedWith: [],
      operationId: newId(),
      threadId: newId(),
      settleOutcome,
      settleEnded,
    };
    const leg: PlacedCall = {
      outcome,
      ended,
      cancel: (reason = CANCELED) => {
        if (call.state === 'ringing' || call.state === 'answering') this.#complete(call, reason);
      },
      hangUp: () => this.end(call, 'caller'),
      sendMessage: (chat) => {
        const answered = call.invitations[0];
        if (call.state !== 'connected' || !call.messages || !answered) throw new Error('No connected IM conversation');
        answered.app.events.push(call.messages.incoming(chat));
      },
      get messagesFromCallee() {
        return call.messages?.fromCallee ?? [];
      },
      get declinedWith() {
        return call.declinedWith;
      },
      renegotiate: (offerSdp) => {
        if (call.state !== 'connected' || !call.session) return Promise.reject(new Error('No connected audio/video call'));
        return call.session.offerFromCaller(offerSdp);
      },
    };
    this.options.placed(request, leg);
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
      this.options.ringTimeoutMs,
    );
    return leg;
  }

  #ring(app: LocalApplication, call: ServiceCall): void {
    const id = this.options.nextId();
    const path = `${app.path}/communication/invitations/${id}`;
    const conversationPath = `${app.path}/communication/conversations/${id}`;
    const invitation: Invitation = { app, path, conversationPath, sessionContext: newId(), call };
    call.invitations.push(invitation);
    call.rungAt.push(path);
    this.#invitations.set(path, invitation);
    const { sender, link } = eventRefs(invitation);
    app.events.push({
      sender,
      link,
      type: 'started',
      ...(this.options.embedInvitations !== false && { _embedded: { [link.rel]: invitationJson(invitation, this.options.user) } }),
    });
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
      pushCompleted(invitation, { status: 'Failure', reason });
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
    for (const path of this.#endedCalls.shift()?.rungAt ?? []) this.#invitations.delete(path);
  }

  /** Ends a connected call: the modality disconnects and the conversation goes away on the callee's side. */
  end(call: ServiceCall, by: 'callee' | 'caller'): void {
    if (call.state !== 'connected') {
      if (by === 'caller') this.#complete(call, CANCELED);
      return;
    }
    call.state = 'ended';
    this.#calls.delete(call);
    this.#retire(call);
    call.session?.end();
    const answered = call.invitations[0];
    if (answered && by === 'caller') {
      answered.app.events.push(modalityEvent(answered, 'Disconnected'), {
        sender: { rel: 'communication', href: `${answered.app.path}/communication` },
        link: { rel: 'conversation', href: answered.conversationPath },
        type: 'deleted',
      });
    }
    call.settleEnded(by);
  }

  /** Any accept (answer, phone audio, accept): the other applications hear it was answered elsewhere. */
  accepted(invitation: Invitation, handOver: () => Promise<void> | void = () => {}): void {
    const { call } = invitation;
    if (call.state !== 'ringing') throw new ServiceError(409, 'Conflict', 'AlreadyExists');
    call.state = 'answering';
    clearTimeout(call.ringTimer);
    for (const other of call.invitations) {
      if (other === invitation) continue;
      pushCompleted(other, {
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
        answerInEventOnly: this.options.renegotiationAnswerInEventOnly,
      });
    }
    const { sender, link } = eventRefs(invitation);
    invitation.app.events.push(
      { sender, link, type: 'updated', _embedded: { [link.rel]: invitationJson(invitation, this.options.user) } },
      modalityEvent(invitation, 'Connected'),
      { sender, link, type: 'completed', status: 'Success' },
    );
    call.settleOutcome({ status: 'Success' });
  }

  declined(invitation: Invitation, reason: string | undefined): void {
    const { call } = invitation;
    call.declinedWith.push(reason);
    const others = call.invitations.filter((other) => other !== invitation);
    pushCompleted(invitation, {
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

  /** The incoming invitation whose conversation this is, among the application's. */
  conversationOwner(app: LocalApplication, conversationPath: string | undefined): Invitation | undefined {
    if (!conversationPath) return undefined;
    return [...this.#invitations.values()].find((i) => i.conversationPath === conversationPath && i.app === app);
  }

  /** An application goes away: its invitations stop ringing; a call that rang nowhere else fails. */
  forget(app: LocalApplication): void {
    for (const [path, invitation] of this.#invitations) {
      if (invitation.app !== app) continue;
      this.#invitations.delete(path);
      const { call } = invitation;
      call.invitations = call.invitations.filter((other) => other !== invitation);
      if (call.invitations.length > 0) continue;
      if (call.state === 'connected') {
        this.end(call, 'callee');
      } else {
        this.#complete(call, { code: 'RemoteFailure', subcode: 'TemporarilyUnavailable', message: 'The remote is temporarily unavailable.' });
      }
    }
  }

  /** Long inactivity on a real server: conversations are torn down, calls end without events. */
  tearDownSilently(): void {
    for (const call of [...this.#calls]) {
      clearTimeout(call.ringTimer);
      call.state = 'ended';
      this.#calls.delete(call);
      call.session?.end();
      for (const invitation of call.invitations) this.#invitations.delete(invitation.path);
      call.settleOutcome({ status: 'Failure', reason: { code: 'ServiceFailure', message: 'The conversation was torn down.' } });
      call.settleEnded('callee');
    }
  }

  stop(): void {
    for (const call of this.#calls) this.end(call, 'caller');
  }
}
