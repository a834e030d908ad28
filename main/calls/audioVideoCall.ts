import type { CallEnd, CallPhase, CallSnapshot, Importance } from '../../preload/contract.js';
import type { Invitation } from '../ucwa/invitations.js';
import { describeReason, type Reason } from '../ucwa/reasons.js';

const IMPORTANCE: readonly Importance[] = ['Normal', 'Urgent', 'Emergency', 'Low', 'High'];

export class IllegalActionError extends Error {
  override name = 'IllegalActionError';
}

/**
 * One audio/video call and its legal moves. The server's events drive it (invitation completed,
 * modality disconnected); the user's actions move it only where the current phase allows.
 *
 *   ringing ──answer──► answering ──completed Success──► connected ──hang up / remote hang up──► ended
 *      │                    └──────completed Failure─────────────────────────────────────────► ended (failed)
 *      ├──decline──► ended (declined)
 *      └──completed Failure (caller gave up, timeout)──► ended (missed)
 */
export class AudioVideoCall {
  #phase: CallPhase = 'ringing';
  #connectedAt: number | undefined;
  #end: (CallEnd & { endedAt: number }) | undefined;
  /** What the user asked for and the server has not yet confirmed: events may overtake the POST's answer. */
  #pendingAction: 'answer' | 'decline' | 'hangUp' | undefined;

  constructor(
    readonly id: string,
    public invitation: Invitation,
    readonly invitationUrl: URL,
    private readonly now: () => number = Date.now,
    readonly startedAt = now(),
  ) {}

  get phase(): CallPhase {
    return this.#phase;
  }

  get conversationHref(): string | undefined {
    return this.invitation.links.get('conversation');
  }

  /** Throws unless `action` is legal now; records it as pending and returns the href to post to. */
  beginAction(action: 'answer' | 'decline' | 'hangUp'): string {
    const legal = { answer: ['ringing'], decline: ['ringing'], hangUp: ['answering', 'connected'] }[action];
    if (!legal.includes(this.#phase)) throw new IllegalActionError(`Cannot ${action} a call that is ${this.#phase}`);
    const rel = { answer: 'acceptWithAnswer', decline: 'decline', hangUp: 'audioVideo' }[action];
    const href = this.invitation.links.get(rel);
    if (href === undefined) throw new IllegalActionError(`The server offers no ${rel} for this call`);
    this.#pendingAction = action;
    return href;
  }

  /** The server refused the pending action: the call stays as it was. */
  actionFailed(): void {
    this.#pendingAction = undefined;
  }

  answered(): void {
    this.#pendingAction = undefined;
    if (this.#phase === 'ringing') this.#phase = 'answering';
  }

  completed(status: 'Success' | 'Failure' | undefined, reason: Reason | undefined): void {
    if (this.#phase === 'ended') return;
    if (status === 'Success') {
      this.#phase = 'connected';
      this.#connectedAt = this.now();
      return;
    }
    const declined = this.#pendingAction === 'decline' || (reason?.code === 'LocalFailure' && reason.subcode === 'Declined');
    this.finish(declined ? 'declined' : this.#phase === 'ringing' ? 'missed' : 'failed', reason);
  }

  /** The modality went to Disconnected or the conversation was deleted. */
  disconnectedByServer(reason?: Reason): void {
    if (this.#phase === 'ended') return;
    if (this.#pendingAction === 'hangUp') return this.finish('hungUp');
    this.finish(this.#phase === 'ringing' ? 'missed' : this.#phase === 'connected' ? 'remoteHungUp' : 'failed', reason);
  }

  finish(outcome: CallEnd['outcome'], reason?: Reason, message?: string): void {
    if (this.#phase === 'ended') return;
    this.#phase = 'ended';
    this.#pendingAction = undefined;
    this.#end = {
      outcome,
      ...(reason?.code !== undefined && { code: reason.code }),
      ...(reason?.subcode !== undefined && { subcode: reason.subcode }),
      message: message ?? endMessage(outcome, reason),
      endedAt: this.now(),
    };
  }

  snapshot(): CallSnapshot {
    const inv = this.invitation;
    return {
      id: this.id,
      kind: 'audioVideo',
      direction: inv.direction,
      phase: this.#phase,
      invitationState: inv.state,
      caller: { name: inv.from.name, uri: inv.from.uri },
      subject: inv.subject,
      importance: IMPORTANCE.find((i) => i === inv.importance) ?? 'Normal',
      ...(inv.offerSdp !== undefined && this.#phase !== 'ended' && { offerSdp: inv.offerSdp }),
      startedAt: this.startedAt,
      ...(this.#connectedAt !== undefined && { connectedAt: this.#connectedAt }),
      ...(this.#end && { end: { ...this.#end } }),
    };
  }
}

function endMessage(outcome: CallEnd['outcome'], reason: Reason | undefined): string {
  switch (outcome) {
    case 'declined':
      return 'You declined the call.';
    case 'hungUp':
      return 'You hung up.';
    case 'remoteHungUp':
      return 'The other person hung up.';
    case 'missed':
      return reason?.code ? describeReason(reason) : 'You missed this call.';
    case 'failed':
      return describeReason(reason);
  }
}
