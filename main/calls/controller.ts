import type { CallAction, CallSnapshot, DeclineReason, DismissReason } from '../../preload/shared/contract.js';
import type { UcwaSession } from '../ucwa/client.js';
import { HttpError, MalformedError, reportingServerProblems, UcwaError } from '../ucwa/errors.js';
import type { EventBatch } from '../ucwa/events.js';
import { newId } from '../ucwa/ids.js';
import { parseInvitation } from '../ucwa/invitations.js';
import type { RequestBody } from '../ucwa/http.js';
import { AwaitedAnswers } from './awaitedAnswers.js';
import type { Call } from './call.js';
import { CallBook } from './callBook.js';
import { CallEvents } from './callEvents.js';
import { messageTargetOf, type CallTarget } from './callTargets.js';
import { ConversationMessaging } from './conversationMessaging.js';
import { EarlyEvents } from './earlyEvents.js';
import { InvitationStarts } from './invitationStarts.js';
import { Redials, type Redial } from './redials.js';
import { inTurns } from './inTurns.js';
import { RenegotiationFailedError, UnavailableActionError } from './errors.js';
import { Meetings } from './meetings.js';
import type { JoinMuted } from './meetingMedia.js';
import { readRenegotiation } from './renegotiation.js';
import { RingLimit } from './ringLimit.js';

export type CallsOptions = {
  onChange(): void;
  onProblem(error: UcwaError): void;
  onEnded?(ended: CallSnapshot): void;
  outgoingTimeoutMs?: number;
};

type ActRequest = { body?: RequestBody; query?: Record<string, string> };
/**
 * Keeps the invitations of one signed-in application: applies event batches in order, performs the user's
 * actions on the server, and tells its listener whenever a snapshot would differ. The calls are kept in
 * a CallBook and the events read by CallEvents.
 */
export class CallsController {
  readonly #book: CallBook;
  readonly #early = new EarlyEvents();
  readonly #awaited = new AwaitedAnswers();
  readonly #limit: RingLimit;
  readonly #events: CallEvents;
  readonly #starts: InvitationStarts;
  readonly #messaging: ConversationMessaging;
  readonly #meetings: Meetings;

  constructor(
    private readonly session: UcwaSession,
    private readonly options: CallsOptions,
  ) {
    this.#book = new CallBook(options);
    this.#limit = new RingLimit({ session, onProblem: (error) => options.onProblem(error) });
    const parts = { session, book: this.#book, early: this.#early, redials: new Redials(), ...options };
    // In a meeting, its chat is joined at once, as Skype for Business clients do.
    this.#events = new CallEvents({ ...parts, awaited: this.#awaited, limit: this.#limit, onMeetingConnected: (call) => this.#meetings.joined(call) });
    this.#starts = new InvitationStarts({ ...parts, events: this.#events });
    this.#messaging = new ConversationMessaging(session, this.#events, options.onProblem);
    this.#meetings = new Meetings({ ...parts, events: this.#events, messaging: this.#messaging });
  }

  snapshot(): { calls: CallSnapshot[] } {
    return { calls: this.#book.snapshot() };
  }

  conversationOf(callId: string): string | undefined {
    return this.#book.get(callId).conversationHref;
  }

  /** Applies a batch's events in order, in turns (inTurns.ts): a batch may hold thousands. */
  async handleBatch(batch: EventBatch): Promise<void> {
    await inTurns(batch.events, (event) => reportingServerProblems(this.#events.handle(event), (error) => this.options.onProblem(error)));
    this.#limit.batchDone();
  }

  /** After a resync: cached state may be stale, so every live call's invitation is fetched again. */
  async resync(): Promise<void> {
    for (const call of this.#book.live()) {
      try {
        const { url, json } = await this.session.getJson(call.invitationUrl.href);
        call.updated(parseInvitation(call.kind, json, url));
      } catch (error) {
        if (!(error instanceof UcwaError)) throw error;
        if (error instanceof HttpError && error.status === 404) call.finish('failed', undefined, 'It ended while the connection was interrupted.');
        else this.options.onProblem(error);
      }
    }
    this.#book.retireEnded();
  }

  /** The application was recreated: its calls and invitations no longer exist on the server. */
  applicationReplaced(): void {
    for (const call of this.#book.live()) call.finish('failed', undefined, 'The connection to the server was lost.');
    this.#book.retireEnded();
  }

  /** Stops the timers; the calls themselves end with the application. */
  dispose(): void {
    this.#book.dispose();
    this.#awaited.failAll(new RenegotiationFailedError('The app is signing out.'));
  }

  /** `processedOfferId`: the Content-ID of the multipart offer's part the answer answers. */
  answer(callId: string, sdp: string, processedOfferId?: string): Promise<void> {
    return this.#act(this.#book.get(callId), 'answer', { body: { sdp }, ...(processedOfferId !== undefined && { query: { processedOfferId } }) });
  }

  /** Early media: an answer that does not accept the call yet. */
  provisionalAnswer(callId: string, sdp: string, processedOfferId?: string): Promise<void> {
    return this.#act(this.#book.get(callId), 'provisionalAnswer', { body: { sdp }, ...(processedOfferId !== undefined && { query: { processedOfferId } }) });
  }

  answerOnPhone(callId: string): Promise<void> {
    return this.#act(this.#book.get(callId), 'answerOnPhone');
  }

  accept(callId: string): Promise<void> {
    return this.#act(this.#book.get(callId), 'accept');
  }

  /** `problem`: why the app declines it by itself (the call then failed, saying so), rather than the person. */
  async decline(callId: string, reason: DeclineReason = 'Local', problem?: string): Promise<void> {
    const call = this.#book.get(callId);
    await this.#act(call, 'decline', { body: { json: { reason } } }, problem === undefined ? undefined : { problem });
    call.finish('declined');
    this.#book.retireEnded();
  }

  /** Declines, then starts an IM conversation with the caller with `text` as its first message. */
  async declineWithMessage(callId: string, text: string): Promise<string> {
    const call = this.#book.get(callId);
    const to = call.invitation.from.uri;
    if (!this.session.communication.has('startMessaging') || !to) throw new UnavailableActionError('The server does not offer instant messages');
    await this.decline(callId, 'Local');
    return this.#starts.messaging(to, call.invitation.subject, text);
  }

  /** `problem`: why the app cancels by itself (the call then failed, saying so), rather than the person. */
  async cancel(callId: string, problem?: string, code?: string): Promise<void> {
    const call = this.#book.get(callId);
    await this.#act(call, 'cancel', {}, problem === undefined ? undefined : { problem, ...(code !== undefined && { code }) });
    call.finish('cancelled');
    this.#book.retireEnded();
  }

  /** The callee's answer to a call placed here cannot be used: the app ends it, ringing or connected, saying why (with the documented `code`, where known). */
  abandon(callId: string, problem: string, code?: string): Promise<void> {
    return this.#book.get(callId).legalActions().includes('cancel') ? this.cancel(callId, problem, code) : this.hangUp(callId, problem, code);
  }

  /** `problem`: why the app hangs up by itself (the call then failed, saying so, with `code`), rather than the person. */
  async hangUp(callId: string, problem?: string, code?: string): Promise<void> {
    const call = this.#book.get(callId);
    const modalityHref = call.beginAction('hangUp');
    if (problem !== undefined) call.endingBecause(problem, code);
    const [modality, stopRel] = call.kind === 'phoneAudioInvitation' ? ['phoneAudio', 'stopPhoneAudio'] : ['audioVideo', 'stopAudioVideo'];
    await this.#guard(call, 'hangUp', async () => {
      const resource = await this.#events.follow(modalityHref, call.invitationUrl, modality);
      const stop = resource.links.get(stopRel);
      if (stop === undefined) throw new MalformedError(`${modality}._links.${stopRel}`, 'missing');
      await this.session.post(stop, resource.url);
    });
    call.finish('hungUp');
    this.#book.retireEnded();
  }

  /** Leaves a meeting (DELETE on its conversation) or ends an IM conversation (stopMessaging). */
  async leave(callId: string): Promise<void> {
    const call = this.#book.get(callId);
    const conversationHref = call.beginAction('leave');
    await this.#guard(call, 'leave', () =>
      call.kind === 'messagingInvitation' ? this.#messaging.end(call, conversationHref) : this.session.remove(conversationHref, call.invitationUrl),
    );
    call.finish('left');
    this.#book.retireEnded();
  }

  /** An IM conversation with what the person typed (an address), `text` its first message; resolves with its id. `via`: see InvitationStarts.messaging. */
  async startMessaging(to: string, text: string, via?: string): Promise<string> {
    return this.#starts.messaging(messageTargetOf(to), '', text, via);
  }

  /** A call to what the person typed, with the renderer's offer; resolves with its id. `redial`, `replacing`, `via`: see InvitationStarts.audioVideo. */
  startAudioVideo(to: string | CallTarget, offerSdp: string, video: boolean, how: { redial?: Redial; replacing?: string; via?: string } = {}): Promise<string> {
    return this.#starts.audioVideo(to, offerSdp, video, how);
  }

  /** Call via work: the server rings `phoneNumber`, then `to`; resolves with the call's id. `via`: see InvitationStarts.phoneAudio. */
  startPhoneAudio(to: string, phoneNumber: string, via?: string): Promise<string> {
    return this.#starts.phoneAudio(to, phoneNumber, via);
  }

  /** joinOnlineMeeting: the invitation stays Connecting while in the lobby, Connected once admitted. */
  joinMeeting(uriOrLink: string, subject = ''): Promise<string> {
    return this.#starts.joinMeeting(uriOrLink, subject);
  }

  /** Meet now (startOnlineMeeting): a new meeting the user organises, joined at once; resolves with its id. */
  startMeeting(subject = ''): Promise<string> {
    return this.#starts.meetNow(subject);
  }

  addParticipant(callId: string, to: string): Promise<string> {
    return this.#starts.addParticipant(this.#book.get(callId), to);
  }

  /** Adds the person's audio and video to a meeting they are in, with the renderer's offer (see Meetings). */
  addMeetingMedia(callId: string, offerSdp: string, muted: JoinMuted): Promise<void> {
    return this.#meetings.addMedia(this.#book.get(callId), offerSdp, muted);
  }

  /** Joins a meeting's audio from the person's phone at `phoneNumber` (see Meetings). */
  joinMeetingByPhone(callId: string, phoneNumber: string): Promise<void> {
    return this.#meetings.addPhone(this.#book.get(callId), phoneNumber);
  }

  stopMeetingPhone(callId: string): Promise<void> {
    return this.#meetings.stopPhone(this.#book.get(callId));
  }

  /**
   * A new offer for a connected call's media (hold, resume) through its audioVideoSession's
   * renegotiations; resolves with the other side's answer, from the 201 or from a later event.
   */
  async renegotiate(callId: string, offerSdp: string): Promise<string> {
    const call = this.#book.get(callId);
    const href = call.beginAction('renegotiate');
    const created = await this.#guard(call, 'renegotiate', () => this.session.create(href, call.invitationUrl, { sdp: offerSdp }, { operationId: newId() }));
    call.actionDone('renegotiate');
    return readRenegotiation(created.json).answerSdp ?? this.#answerByEvent(created.url);
  }

  async #answerByEvent(url: URL): Promise<string> {
    const answer = this.#awaited.wait(url);
    for (const early of this.#early.take(url)) await this.#events.renegotiation(early);
    return answer;
  }

  /** The renderer's answer to the other side's new offer. */
  async answerRenegotiation(callId: string, offerId: string, sdp: string): Promise<void> {
    const offer = this.#takeRemoteOffer(callId, offerId);
    await this.session.post(offer.answerHref, offer.url, { body: { sdp } });
  }

  /** The renderer cannot take the other side's new offer. */
  async dismissRenegotiation(callId: string, offerId: string, reason: DismissReason): Promise<void> {
    const offer = this.#takeRemoteOffer(callId, offerId);
    if (offer.dismissHref === undefined) throw new UnavailableActionError('The server offers no way to refuse this offer');
    await this.session.post(offer.dismissHref, offer.url, { body: { json: { reason } } });
  }

  #takeRemoteOffer(callId: string, offerId: string) {
    const offer = this.#book.get(callId).takeRemoteOffer(offerId);
    this.options.onChange();
    return offer;
  }

  /** `ending`: the app's own reason for a decline or cancel (and its code), kept however the end arrives. */
  async #act(call: Call, action: CallAction, request: ActRequest = {}, ending?: { problem: string; code?: string }): Promise<void> {
    const href = call.beginAction(action);
    if (ending !== undefined) call.endingBecause(ending.problem, ending.code);
    const sessionContext = call.invitation.sessionContext;
    const withContext = action === 'answer' || action === 'provisionalAnswer' || action === 'accept';
    await this.#guard(call, action, () =>
      this.session.post(href, call.invitationUrl, {
        ...request,
        query: { ...request.query, ...(withContext && sessionContext !== undefined && { sessionContext }) },
      }),
    );
    call.actionDone(action);
    this.options.onChange();
  }

  /**
   * A failed action leaves the call as it was, unless the server says the invitation is gone. Early media
   * is the exception: it is optional and may still be on its way when the person answers, so its 404 must
   * not end a call being answered; if the invitation really went, its events say so.
   */
  async #guard<T>(call: Call, action: CallAction, request: () => Promise<T>): Promise<T> {
    try {
      return await request();
    } catch (error) {
      call.actionFailed(action);
      if (action !== 'provisionalAnswer' && error instanceof HttpError && (error.status === 404 || error.status === 410)) {
        call.finish('failed', undefined, 'It no longer exists on the server.');
        this.#book.retireEnded();
      }
      throw error;
    }
  }

  /** sendMessage in an IM conversation or a meeting's chat; the message comes back as an event. */
  sendMessage(callId: string, text: string): Promise<void> {
    return this.#messaging.send(this.#book.get(callId), text);
  }

  /** The person types in a conversation: the other side hears it (setIsTyping, throttled). */
  typing(callId: string): Promise<void> {
    return this.#messaging.typing(this.#book.get(callId));
  }
}
