import { newId } from '../ucwa/ids.js';
import type { ServiceEvent } from './eventQueue.js';
import { eventIn } from './flavour.js';
import type { LocalApplication } from './localApplication.js';
import { invitationJson, refs, updatedEvent, type Outgoing } from './outgoingInvitation.js';
import type { FailureReason } from './resources.js';

export type OutgoingFields = Pick<Outgoing, 'conversationPath' | 'subject' | 'to' | 'operationId'> &
  Partial<Pick<Outgoing, 'threadId' | 'callee' | 'message' | 'flavour' | 'phoneNumber'>>;

/** The outgoing invitations of every application and the meeting conversations they opened, with their life's events. */
export class OutgoingLedger {
  readonly #invitations = new Map<string, Outgoing>();
  readonly #conversations = new Map<string, Outgoing>();
  /** When each began, and connected; an invitation leaves it once it has ended. */
  readonly #times = new Map<Outgoing, { startedAt: number; connectedAt?: number }>();

  constructor(
    private readonly nextId: () => number,
    /** An invitation the user started has ended, answered (connectedAt) or not: the conversation history logs it. */
    private readonly ended: (outgoing: Outgoing, startedAt: number, connectedAt: number | undefined) => void = () => {},
  ) {}

  /** A new invitation of the application, Connecting: its `started` event goes out. */
  create(app: LocalApplication, kind: Outgoing['kind'], fields: OutgoingFields): Outgoing {
    const outgoing: Outgoing = {
      kind,
      app,
      path: `${app.path}/communication/invitations/${this.nextId()}`,
      state: 'Connecting',
      threadId: newId(),
      ...fields,
    };
    this.#invitations.set(outgoing.path, outgoing);
    this.#times.set(outgoing, { startedAt: Date.now() });
    this.push(outgoing, { ...refs(outgoing), type: 'started', _embedded: { [`${kind}Invitation`]: invitationJson(outgoing) } });
    return outgoing;
  }

  /** Events of the invitation and its conversation to its application, in the invitation's flavour. */
  push(outgoing: Outgoing, ...events: ServiceEvent[]): void {
    outgoing.app.events.push(...events.map((event) => eventIn(outgoing.flavour ?? 'ucwa', event)));
  }

  invitation(app: LocalApplication, path: string): Outgoing | undefined {
    const outgoing = this.#invitations.get(path);
    return outgoing?.app === app ? outgoing : undefined;
  }

  /** The meeting join whose conversation this is. */
  conversation(app: LocalApplication, path: string): Outgoing | undefined {
    const outgoing = this.#conversations.get(path);
    return outgoing?.app === app ? outgoing : undefined;
  }

  /** The kinds of the invitations connected now (audioVideo, phoneAudio, onlineMeeting, …). */
  connectedKinds(): Set<string> {
    return new Set([...this.#invitations.values()].filter((outgoing) => outgoing.state === 'Connected').map((outgoing) => outgoing.kind));
  }

  conversations(): Iterable<Outgoing> {
    return this.#conversations.values();
  }

  opensConversation(outgoing: Outgoing): void {
    this.#conversations.set(outgoing.conversationPath, outgoing);
  }

  /** It connected: the events that lead up to it (read once connected), then updated and completed Success. */
  connected(outgoing: Outgoing, before: () => ServiceEvent[] = () => []): void {
    outgoing.state = 'Connected';
    const times = this.#times.get(outgoing);
    if (times) times.connectedAt = Date.now();
    this.push(outgoing, ...before(), updatedEvent(outgoing), { ...refs(outgoing), type: 'completed', status: 'Success' });
  }

  fail(outgoing: Outgoing, reason: FailureReason): void {
    if (outgoing.state !== 'Connecting') return;
    this.release(outgoing);
    outgoing.state = 'Failed';
    this.push(outgoing, { ...refs(outgoing), type: 'completed', status: 'Failure', reason });
  }

  /** It no longer waits or plays: its no-answer timer, its place in the lobby and its media go. */
  release(outgoing: Outgoing): void {
    const times = this.#times.get(outgoing);
    // A meeting's audio and video, its chat and the user's phone in it are part of the meeting, not conversations of their own.
    const ownConversation = ![...this.#invitations.values()].some((other) => [other.audioVideo, other.messaging, other.phoneAudio].includes(outgoing));
    if (times && this.#times.delete(outgoing) && ownConversation) this.ended(outgoing, times.startedAt, times.connectedAt);
    clearTimeout(outgoing.timer);
    for (const reply of outgoing.chat?.replies ?? []) clearTimeout(reply);
    outgoing.meeting?.waiting.delete(outgoing);
    void outgoing.media?.peer.close();
  }

  /** The user left the meeting (DELETE on its conversation): whatever was pending is dropped, audio/video and the user's phone too. */
  leave(outgoing: Outgoing): void {
    const dropped = [outgoing, outgoing.audioVideo, outgoing.messaging, outgoing.phoneAudio].filter((one) => one !== undefined);
    // All released before any is forgotten: release tells the meeting's parts from conversations of their own.
    for (const one of dropped) this.release(one);
    for (const one of dropped) {
      one.state = 'Failed';
      this.#invitations.delete(one.path);
    }
    this.#conversations.delete(outgoing.conversationPath);
  }

  /** The application went away: its invitations go with it. */
  forget(app: LocalApplication): void {
    const gone = [...this.#invitations.values()].filter((outgoing) => outgoing.app === app);
    for (const outgoing of gone) this.release(outgoing);
    for (const outgoing of gone) {
      this.#invitations.delete(outgoing.path);
      this.#conversations.delete(outgoing.conversationPath);
    }
  }

  async stop(): Promise<void> {
    const invitations = [...this.#invitations.values()];
    for (const outgoing of invitations) this.release(outgoing);
    await Promise.all(invitations.map((outgoing) => outgoing.media?.peer.close()));
  }

  /** Long inactivity: the server drops every conversation without a word (see the service's resume). */
  tearDownSilently(): void {
    for (const outgoing of this.#invitations.values()) {
      this.release(outgoing);
      outgoing.state = 'Failed';
    }
  }
}
