import type { AddedOutcome, CallSnapshot } from '../../preload/shared/contract.js';
import type { Call } from './call.js';
import { callBackOf } from './callBacks.js';
import { resolveHref } from '../ucwa/resources.js';
import { UnknownCallError } from './errors.js';
import type { MeetingMedia } from './meetingMedia.js';
import type { MeetingPhone } from './meetingPhone.js';

/** How many outcomes of the invitations to add someone a call keeps (the newest). */
const ADDED_OUTCOMES_KEPT = 10;

/** `onEnded`: a call ended, as it was last (the lasting history keeps it). */
export type BookListener = { onChange(): void; onEnded?(ended: CallSnapshot): void };

/**
 * The calls of one signed-in application, found by id, invitation or conversation; ended ones are handed to the
 * listener, and an invitation to add someone to a call that ended is kept as an outcome of that call.
 */
export class CallBook {
  readonly #calls = new Map<string, Call>();
  readonly #byInvitation = new Map<string, Call>();
  /** The meetings whose audio and video each outgoing audioVideoInvitation carries, by its href. */
  readonly #byMediaInvitation = new Map<string, Call>();
  readonly #timers = new Map<string, NodeJS.Timeout>();
  /** How the invitations to add someone sent from a live call ended, by its id. */
  readonly #addedOutcomes = new Map<string, AddedOutcome[]>();

  constructor(private readonly listener: BookListener) {}

  snapshot(): CallSnapshot[] {
    return this.live().map((call) => {
      const addedOutcomes = this.#addedOutcomes.get(call.id);
      return { ...call.snapshot(), ...(addedOutcomes && { addedOutcomes: [...addedOutcomes] }) };
    });
  }

  live(): Call[] {
    return [...this.#calls.values()];
  }

  /** How many calls ring now. */
  ringing(): number {
    let ringing = 0;
    for (const call of this.#calls.values()) if (call.phase === 'ringing') ringing++;
    return ringing;
  }

  get(callId: string): Call {
    const call = this.#calls.get(callId);
    if (!call) throw new UnknownCallError(`No active call ${callId}`);
    return call;
  }

  track(call: Call): void {
    this.#calls.set(call.id, call);
    this.#byInvitation.set(call.invitationUrl.href, call);
  }

  /** `call` takes the place of `replaced`, which leaves without an end (a call placed again under its id). */
  replace(replaced: Call, call: Call): void {
    this.#byInvitation.delete(replaced.invitationUrl.href);
    clearTimeout(this.#timers.get(replaced.id));
    this.#timers.delete(replaced.id);
    this.track(call);
  }

  byInvitation(url: URL): Call | undefined {
    return this.#byInvitation.get(url.href);
  }

  /** The meeting whose audio/video invitation (or phone's phoneAudioInvitation) this is. */
  byMediaInvitation(url: URL): Call | undefined {
    return this.#byMediaInvitation.get(url.href);
  }

  /** The call whose conversation is at `href`. */
  inConversation(href: string, base: URL, which: (call: Call) => boolean = () => true): Call | undefined {
    return this.linkedAt(href, base, (call) => call.conversationHref, which);
  }

  /**
   * The live call whose link `linkOf` (relative to its invitation) is `href`; a link of a call's that no URL
   * parser takes is none.
   */
  linkedAt(href: string, base: URL, linkOf: (call: Call) => string | undefined, which: (call: Call) => boolean = () => true): Call | undefined {
    const target = resolveHref(href, base).href;
    return this.live().find((call) => {
      const link = linkOf(call);
      return link !== undefined && URL.parse(link, call.invitationUrl.href)?.href === target && which(call);
    });
  }

  /** The meeting's audio and video, whose invitation's events then find the meeting. */
  mediaAdded(call: Call, media: MeetingMedia): void {
    const replaced = call.mediaAdded(media);
    if (replaced) this.#byMediaInvitation.delete(replaced.invitationUrl.href);
    this.#byMediaInvitation.set(media.invitationUrl.href, call);
  }

  /** The person's phone joined to the meeting, whose invitation's events then find the meeting. */
  phoneAdded(call: Call, phone: MeetingPhone): void {
    if (call.meetingPhone) this.#byMediaInvitation.delete(call.meetingPhone.invitationUrl.href);
    call.meetingPhone = phone;
    this.#byMediaInvitation.set(phone.invitationUrl.href, call);
  }

  /** Gives up on the call after `ms` unless it ended before. */
  giveUpAfter(call: Call, ms: number, giveUp: () => void): void {
    const timer = setTimeout(giveUp, ms);
    timer.unref();
    this.#timers.set(call.id, timer);
  }

  /** Forgets ended calls and tells the listener; an added participant's outcome goes to the call it was added to. */
  retireEnded(): void {
    for (const call of this.live()) {
      if (call.phase !== 'ended') continue;
      if (call.kind === 'participantInvitation') this.#keepAddedOutcome(call);
      this.#calls.delete(call.id);
      this.#addedOutcomes.delete(call.id);
      this.#byInvitation.delete(call.invitationUrl.href);
      for (const joined of [call.meetingMedia, call.meetingPhone]) if (joined) this.#byMediaInvitation.delete(joined.invitationUrl.href);
      clearTimeout(this.#timers.get(call.id));
      this.#timers.delete(call.id);
      const callBack = callBackOf(call);
      const ended = { ...call.snapshot(), ...(callBack && { callBack }) };
      this.listener.onEnded?.(ended);
    }
    this.listener.onChange();
  }

  #keepAddedOutcome(invitation: Call): void {
    const conversation = invitation.conversationHref;
    const end = invitation.snapshot().end;
    if (conversation === undefined || !end) return;
    const addedTo = this.inConversation(conversation, invitation.invitationUrl, (call) => call.kind !== 'participantInvitation');
    if (!addedTo) return;
    const outcome = { id: invitation.id, startedAt: invitation.startedAt, message: end.message };
    this.#addedOutcomes.set(addedTo.id, [...(this.#addedOutcomes.get(addedTo.id) ?? []), outcome].slice(-ADDED_OUTCOMES_KEPT));
  }

  /** Stops the timers; the calls themselves end with the application. */
  dispose(): void {
    for (const timer of this.#timers.values()) clearTimeout(timer);
    this.#timers.clear();
  }
}
