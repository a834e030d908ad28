import type { MeetingPhoneSnapshot } from '../../preload/shared/contract.js';
import { newId } from '../ucwa/ids.js';
import { describeReason, type Reason } from '../ucwa/reasons.js';

/** What the person is told when their own phone, rung first, did not take the meeting's call. */
const YOUR_PHONE: Record<string, string> = { Declined: 'Your phone declined the meeting’s call.', Timeout: 'Your phone did not answer the meeting’s call.' };

/** addPhoneAudio's body: the server rings `phoneNumber` (the person's own phone), then puts it into the meeting at `meetingUri`. */
export function addPhoneAudioBody(meetingUri: string, phoneNumber: string) {
  return { operationId: newId(), to: meetingUri, phoneNumber };
}

/**
 * The person's own phone joined to a meeting they are in (the conversation's phoneAudio → addPhoneAudio,
 * phoneAudioInvitation_ref): the server rings that phone first, and once it answers the invitation goes to
 * the meeting. No media passes through the app.
 *
 *   calling ──completed Success──► connected ──phoneAudio Disconnected──► ended
 *      └──completed Failure──► ended (with the reason, also where a Disconnected ended it first)
 *
 * The person may hang it up (stopPhoneAudio) in either phase: it then ends without a problem.
 */
export class MeetingPhone {
  #phase: MeetingPhoneSnapshot['phase'] = 'calling';
  #problem: string | undefined;
  /** The person hung it up (stopPhoneAudio): how the invitation then ends is no problem of theirs. */
  #stopped = false;

  constructor(
    readonly invitationUrl: URL,
    readonly number: string,
  ) {}

  get live(): boolean {
    return this.#phase !== 'ended';
  }

  /** The invitation's outcome; it may come after the phoneAudio's Disconnected, and then still says why the phone did not join. */
  completed(status: 'Success' | 'Failure' | undefined, reason: Reason | undefined): void {
    if (status === 'Success') {
      if (this.live) this.#phase = 'connected';
      return;
    }
    if (this.#stopped) return this.end();
    const problem = YOUR_PHONE[reason?.subcode ?? ''] ?? describeReason(reason);
    if (this.live) this.end(problem);
    else this.#problem ??= problem;
  }

  /** Whether the person has asked to hang it up (false again where that request failed): the events that follow end it. */
  stopping(asked: boolean): void {
    this.#stopped = asked;
  }

  end(problem?: string): void {
    if (!this.live) return;
    this.#phase = 'ended';
    this.#problem = problem;
  }

  snapshot(): MeetingPhoneSnapshot {
    return { phase: this.#phase, number: this.number, ...(this.#problem !== undefined && { problem: this.#problem }) };
  }
}
