import type { CallSnapshot } from '../../preload/shared/contract.js';
import type { Call } from './call.js';
import { callBackOf } from './callBacks.js';
import { UnknownCallError } from './errors.js';
import type { MeetingMedia } from './meetingMedia.js';
import type { MeetingPhone } from './meetingPhone.js';

const RECENT_LIMIT = 20;

/** `onEnded`: a call ended and went to the recent list, as it is there (the history keeps it). */
export type BookListener = { onChange(): void; onEnded?(ended: CallSnapshot): void };

/** The calls of one signed-in application, found by id, invitation or conversation; ended ones go to the recent list. */
export class CallBook {
  readonly #calls = new Map<string, Call>();
  readonly #byInvitation = new Map<string, Call>();
  /** The meetings whose audio and video each outgoing audioVideoInvitation carries, by its href. */
  readonly #byMediaInvitation = new Map<string, Call>();
  readonly #timers = new Map<string, NodeJS.Timeout>();
  #recent: CallSnapshot[] = [];

  constructor(private readonly listener: BookListener) {}

  snapshot(): { calls: CallSnapshot[]; recent: CallSnapshot[] } {
    return { calls: this.live().map((call) => call.snapshot()), recent: [...this.#recent] };
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
  inConversation(href: string, base: URL): Call | undefined {
    const target = new URL(href, base).href;
    return this.live().find((call) => {
      const conversation = call.conversationHref;
      return conversation !== undefined && new URL(conversation, call.invitationUrl).href === target;
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

  /** Moves ended calls to the recent list and tells the listener. */
  retireEnded(): void {
    for (const call of this.live()) {
      if (call.phase !== 'ended') continue;
      this.#calls.delete(call.id);
      this.#byInvitation.delete(call.invitationUrl.href);
      for (const joined of [call.meetingMedia, call.meetingPhone]) if (joined) this.#byMediaInvitation.delete(joined.invitationUrl.href);
      clearTimeout(this.#timers.get(call.id));
      this.#timers.delete(call.id);
      const callBack = callBackOf(call);
      const ended = { ...call.snapshot(), ...(callBack && { callBack }) };
      this.#recent = [ended, ...this.#recent].slice(0, RECENT_LIMIT);
      this.listener.onEnded?.(ended);
    }
    this.listener.onChange();
  }

  /** Stops the timers; the calls themselves end with the application. */
  dispose(): void {
    for (const timer of this.#timers.values()) clearTimeout(timer);
    this.#timers.clear();
  }
}
