import type { CallAction, CallEnd, CallKind, CallPhase, CallSnapshot, Importance, MeetingInfo } from '../../preload/shared/contract.js';
import type { Invitation, InvitationKind } from '../ucwa/invitations.js';
import type { Reason } from '../ucwa/reasons.js';
import { ACTION_RULES, actionRel, isLegal } from './actions.js';
import { ChatLog } from './chatLog.js';
import { endMessage } from './endMessages.js';
import { keptText } from './messages.js';
import { IllegalActionError, UnavailableActionError } from './errors.js';
import type { MeetingMedia } from './meetingMedia.js';
import type { MeetingPhone } from './meetingPhone.js';
import type { RemoteAnswer } from './negotiation.js';
import type { RemoteOffer } from './renegotiation.js';
import { Typing } from './typing.js';

const IMPORTANCE: readonly Importance[] = ['Normal', 'Urgent', 'Emergency', 'Low', 'High'];
const KIND: Record<InvitationKind, CallKind> = {
  audioVideoInvitation: 'audioVideo',
  messagingInvitation: 'messaging',
  onlineMeetingInvitation: 'onlineMeeting',
  participantInvitation: 'participant',
  phoneAudioInvitation: 'phoneAudio',
};
const ACCEPTS: readonly CallAction[] = ['answer', 'answerOnPhone', 'accept', 'acceptAndBridge'];

/** The invitation's links to contacts whose names the ring shows. */
export const CONTACT_RELS = ['onBehalfOf', 'forwardedBy', 'transferredBy'] as const;
/** Those, and whom a call placed here is for. */
export type ContactRel = (typeof CONTACT_RELS)[number] | 'to';

/**
 * One invitation and what it became: an audio/video call, an IM conversation, a meeting join, an added
 * participant. The server's events drive it; the user's actions move it only where ACTION_RULES allow.
 *
 *   incoming: ringing ──accept──► answering ──completed Success──► connected ──hang up / remote──► ended
 *                │ └─decline──► ended (declined)        └──completed Failure──► ended (failed)
 *                └──completed Failure (caller gave up, timeout; answered on another device)──► ended (missed, answeredElsewhere)
 *   outgoing: connecting (lobby) ─(a call: Alerting, early media)─► ringingOut ──completed Success──► connected (participant: ended, joined)
 *                └──completed Failure / cancel / no answer in ~30 s──► ended (failed, cancelled)
 */
export class Call {
  #phase: CallPhase;
  #connectedAt: number | undefined;
  #end: (CallEnd & { endedAt: number }) | undefined;
  /** What the user asked for and the server has not yet confirmed: events may overtake the POST's answer. */
  #pendingAction: CallAction | undefined;
  /** Why the app itself is declining or hanging up (the media bridge cannot carry the call), until it has. */
  #appEnding: { problem: string; code?: string } | undefined;
  #invitation: Invitation;
  #inLobby = false;
  /** A meeting's audio and video, once the user added them. */
  #meetingMedia: MeetingMedia | undefined;
  /** Links of the call's other resources, learnt from events (the audioVideoSession's renegotiations). */
  readonly #learntLinks = new Map<string, string>();
  /** The other side's pending new offer (they hold or resume). */
  #remoteOffer: RemoteOffer | undefined;
  /** A call placed here: the callee's answer to our offer, early media's first where they send one. */
  #remoteAnswer: RemoteAnswer | undefined;
  /** Names of the contacts the invitation links to (onBehalfOf, forwardedBy, transferredBy), once fetched. */
  readonly #contactNames: Partial<Record<ContactRel, string>> = {};
  /** An IM conversation's or a meeting chat's messages. */
  readonly chat = new ChatLog();
  /** An IM conversation's typing, both ways. */
  readonly typing = new Typing();
  /** A call placed here asked for video (an incoming call's offer says so itself). */
  placedWithVideo = false;
  /** The person's phone in a meeting, once they joined by phone. */
  meetingPhone: MeetingPhone | undefined;
  /** A meeting's facts (join link, conference ID, organiser), once read. */
  meetingInfo: MeetingInfo | undefined;

  constructor(
    readonly id: string,
    invitation: Invitation,
    readonly invitationUrl: URL,
    private readonly now: () => number = Date.now,
    readonly startedAt = now(),
  ) {
    this.#invitation = invitation;
    this.#phase = invitation.direction === 'Incoming' ? 'ringing' : 'connecting';
  }

  get invitation(): Invitation {
    return this.#invitation;
  }

  /** The server's newer view of the invitation (an update, or a fresh read after a resync). */
  updated(invitation: Invitation): void {
    this.#invitation = invitation;
    if (invitation.state === 'Alerting' && this.#phase === 'connecting') this.#phase = 'ringingOut';
  }

  /** The callee answered our offer (audioVideoNegotiation); with early media it rings out with media meanwhile. */
  negotiated(answer: RemoteAnswer): void {
    if (this.#phase === 'ended' || (this.#remoteAnswer?.provisional === false && answer.provisional)) return;
    this.#remoteAnswer = answer;
    if (answer.provisional && this.#phase === 'connecting') this.#phase = 'ringingOut';
  }

  get inLobby(): boolean {
    return this.#inLobby;
  }

  /** A meeting join went into the lobby or out of it; returns whether that changed anything. */
  lobby(inLobby: boolean): boolean {
    if (this.#inLobby === inLobby || this.#phase !== 'connecting') return false;
    this.#inLobby = inLobby;
    return true;
  }

  get meetingMedia(): MeetingMedia | undefined {
    return this.#meetingMedia;
  }

  /** The user added audio and video to the meeting; returns the earlier media it replaces, if any. */
  mediaAdded(media: MeetingMedia): MeetingMedia | undefined {
    const replaced = this.#meetingMedia;
    this.#meetingMedia = media;
    return replaced;
  }

  /** A link of another of the call's resources, learnt from an event. */
  learnt(rel: string, href: string): void {
    this.#learntLinks.set(rel, href);
  }

  knows(rel: string): boolean {
    return this.#learntLinks.has(rel);
  }

  get remoteOffer(): RemoteOffer | undefined {
    return this.#remoteOffer;
  }

  /** The other side made a new offer (they hold or resume), to be answered or dismissed. */
  offered(offer: RemoteOffer): void {
    this.#remoteOffer = offer;
  }

  /** The other side's offer the renderer answers or dismisses: it waits no more. */
  takeRemoteOffer(offerId: string): RemoteOffer {
    const offer = this.#remoteOffer;
    if (offer?.id !== offerId) throw new UnavailableActionError('That offer no longer waits for an answer');
    this.#remoteOffer = undefined;
    return offer;
  }

  /** The other side's offer ended on the server (answered, dismissed or withdrawn). */
  remoteOfferEnded(): void {
    this.#remoteOffer = undefined;
  }

  contactNamed(rel: ContactRel, name: string): void {
    this.#contactNames[rel] = name;
  }

  /** A link the call no longer has (a meeting's chat that ended). */
  forget(rel: string): void {
    this.#learntLinks.delete(rel);
  }

  /** The conversation's messaging resource: an IM conversation's own, or a meeting's once its chat connected. */
  get messagingHref(): string | undefined {
    return this.#link('messaging');
  }

  get kind(): InvitationKind {
    return this.invitation.kind;
  }

  get phase(): CallPhase {
    return this.#phase;
  }

  get conversationHref(): string | undefined {
    return this.invitation.links.get('conversation');
  }

  legalActions(): CallAction[] {
    return (Object.keys(ACTION_RULES) as CallAction[]).filter(
      (action) => isLegal(action, this.kind, this.invitation.direction, this.#phase) && this.#link(actionRel(action, this.kind)) !== undefined,
    );
  }

  #link(rel: string | undefined): string | undefined {
    return rel === undefined ? undefined : (this.#invitation.links.get(rel) ?? this.#learntLinks.get(rel));
  }

  /** Throws unless `action` is legal now; records it as pending and returns the href to post to. */
  beginAction(action: CallAction): string {
    if (!isLegal(action, this.kind, this.invitation.direction, this.#phase)) {
      throw new IllegalActionError(`Cannot ${action} a ${KIND[this.kind]} invitation that is ${this.#phase}`);
    }
    const rel = actionRel(action, this.kind);
    const href = this.#link(rel);
    if (href === undefined) throw new IllegalActionError(`The server offers no ${rel} for this call`);
    this.#pendingAction = action;
    return href;
  }

  /**
   * The server refused `action`: the call stays as it was. Another action begun meanwhile (an answer
   * overtaking an early-media answer still in flight) stays pending.
   */
  actionFailed(action: CallAction): void {
    if (this.#pendingAction === action) this.#pendingAction = undefined;
    this.#appEnding = undefined;
  }

  /**
   * The app declines or hangs up by itself, for `problem`: however the end arrives, the call failed, saying
   * so, with `code` (the documented reason, e.g. the media bridge's EncryptionMismatch) where there is one.
   */
  endingBecause(problem: string, code?: string): void {
    this.#appEnding = { problem, ...(code !== undefined && { code }) };
  }

  /** The server took `action`. */
  actionDone(action: CallAction): void {
    if (this.#pendingAction === action) this.#pendingAction = undefined;
    if (ACCEPTS.includes(action) && this.#phase === 'ringing') this.#phase = 'answering';
  }

  completed(status: 'Success' | 'Failure' | undefined, reason: Reason | undefined): void {
    if (this.#phase === 'ended') return;
    if (status === 'Success') {
      if (this.kind === 'participantInvitation') return this.finish('joined', reason);
      this.#phase = 'connected';
      this.#inLobby = false;
      this.#connectedAt = this.now();
      return;
    }
    const declined = this.#pendingAction === 'decline' || (reason?.code === 'LocalFailure' && reason.subcode === 'Declined');
    const cancelled = this.#pendingAction === 'cancel' || (reason?.code === 'LocalFailure' && reason.subcode === 'Canceled');
    const elsewhere = reason?.code === 'Informational' && reason.subcode === 'ConnectedElsewhere';
    this.finish(declined ? 'declined' : cancelled ? 'cancelled' : elsewhere ? 'answeredElsewhere' : this.#phase === 'ringing' ? 'missed' : 'failed', reason);
  }

  /** The modality went to Disconnected or the conversation was deleted. */
  disconnectedByServer(reason?: Reason): void {
    if (this.#phase === 'ended') return;
    if (this.#pendingAction === 'hangUp') return this.finish('hungUp');
    if (this.#pendingAction === 'leave') return this.finish('left');
    this.finish(this.#phase === 'ringing' ? 'missed' : this.#phase === 'connected' ? 'remoteHungUp' : 'failed', reason);
  }

  finish(outcome: CallEnd['outcome'], reason?: Reason, message?: string): void {
    if (this.#phase === 'ended') return;
    const phase = this.#phase;
    this.#phase = 'ended';
    this.#pendingAction = undefined;
    this.#inLobby = false;
    const appEnding = this.#appEnding;
    // The app's own code, where it has one, stands in for what the server said of the end it caused.
    const ownCode = appEnding?.code;
    this.#end = {
      outcome: appEnding === undefined ? outcome : 'failed',
      ...(ownCode !== undefined ? { code: ownCode } : reason?.code !== undefined && { code: reason.code }),
      ...(ownCode === undefined && reason?.subcode !== undefined && { subcode: reason.subcode }),
      message: appEnding?.problem ?? message ?? endMessage(outcome, reason, this.invitation, phase),
      endedAt: this.now(),
    };
  }

  snapshot(): CallSnapshot {
    const inv = this.#invitation;
    const live = this.#phase !== 'ended';
    const html = inv.message?.mediaType === 'text/html';
    return {
      id: this.id,
      kind: KIND[inv.kind],
      direction: inv.direction,
      phase: this.#phase,
      actions: this.legalActions(),
      inLobby: this.#inLobby,
      invitationState: inv.state,
      caller: { name: inv.from.name, uri: inv.from.uri },
      ...(inv.direction === 'Outgoing' && inv.to !== undefined && { to: inv.to }),
      subject: inv.subject,
      importance: IMPORTANCE.find((i) => i === inv.importance) ?? 'Normal',
      ...(inv.offerSdp !== undefined && live && { offerSdp: inv.offerSdp }),
      ...(inv.message && { firstMessage: { format: html ? 'html' : 'plain', ...keptText(inv.message.text) } }),
      ...(inv.onlineMeetingUri !== undefined && { meetingUri: inv.onlineMeetingUri }),
      ...(inv.phoneNumber !== undefined && { phoneNumber: inv.phoneNumber }),
      ...(this.#meetingMedia && live && { meetingMedia: this.#meetingMedia.snapshot() }),
      ...(this.meetingPhone && live && { meetingPhone: this.meetingPhone.snapshot() }),
      ...(this.#remoteOffer && live && { renegotiationOffer: { id: this.#remoteOffer.id, sdp: this.#remoteOffer.offerSdp } }),
      ...(this.#remoteAnswer && live && { remoteAnswer: { ...this.#remoteAnswer } }),
      ...(this.chat.lines.length > 0 && { messages: [...this.chat.lines] }),
      ...(inv.kind === 'onlineMeetingInvitation' && this.knows('messaging') && live && { meetingChat: true }),
      ...(this.meetingInfo && live && { meetingInfo: { ...this.meetingInfo } }),
      ...(this.typing.others && live && { othersTyping: true }),
      context: { ...inv.context, ...this.#contactNames },
      startedAt: this.startedAt,
      ...(this.#connectedAt !== undefined && { connectedAt: this.#connectedAt }),
      ...(this.#end && { end: { ...this.#end } }),
    };
  }
}
