import { z } from 'zod';
import type { CallAction, CallSnapshot, DeclineReason, DismissReason } from '../../preload/shared/contract.js';
import type { UcwaSession } from '../ucwa/client.js';
import { encodeBase64DataUri } from '../ucwa/dataUri.js';
import { HttpError, MalformedError, UcwaError } from '../ucwa/errors.js';
import type { EventBatch, UcwaEvent } from '../ucwa/events.js';
import { newId } from '../ucwa/ids.js';
import { describeReason } from '../ucwa/reasons.js';
import { isInvitationKind, parseInvitation, type InvitationKind } from '../ucwa/invitations.js';
import type { RequestBody } from '../ucwa/http.js';
import { linksSchema, parseWith, readLinks, type Links } from '../ucwa/resources.js';
import { Call, CONTACT_RELS } from './call.js';
import { meetingUriOf } from './meetingLinks.js';
import { MeetingMedia } from './meetingMedia.js';
import { readRenegotiation } from './renegotiation.js';
import { parseMessage } from './messages.js';

const RECENT_LIMIT = 20;
/** UCWA fails an unanswered outgoing invitation after about 30 s; past this, we stop waiting ourselves. */
const OUTGOING_TIMEOUT_MS = 35_000;
/** Messages kept per conversation; older ones drop off. */
const MESSAGES_KEPT = 500;
/** How long the other side has to answer a new offer whose answer the server reports by event. */
const RENEGOTIATION_TIMEOUT_MS = 30_000;
/** Events that arrived before the POST creating their invitation returned. */
const EARLY_EVENTS_KEPT = 50;

const stateSchema = z.looseObject({ state: z.string().max(64).optional(), _links: linksSchema.optional() });
const contactSchema = z.looseObject({ name: z.string().max(256).optional(), uri: z.string().max(256).optional() });

export class UnknownCallError extends Error {
  override name = 'UnknownCallError';
}

/** The other side did not take a new offer for the call's media (hold, resume). */
export class RenegotiationFailedError extends Error {
  override name = 'RenegotiationFailedError';
}

/** The server did not offer what the user asked for (no link, or not in this state). */
export class UnavailableActionError extends Error {
  override name = 'UnavailableActionError';
}

export type CallsOptions = {
  onChange(): void;
  onProblem(error: UcwaError): void;
  outgoingTimeoutMs?: number;
};

/**
 * Keeps the invitations of one signed-in application: applies event batches in order, performs the user's
 * actions on the server, and tells its listener whenever a snapshot would differ.
 */
export class CallsController {
  readonly #calls = new Map<string, Call>();
  readonly #byInvitation = new Map<string, Call>();
  readonly #timers = new Map<string, NodeJS.Timeout>();
  /** Events about invitations this app is creating, by invitation href, until the POST returns. */
  readonly #earlyEvents = new Map<string, UcwaEvent[]>();
  /** The meetings whose audio and video each outgoing audioVideoInvitation carries, by its href. */
  readonly #mediaInvitations = new Map<string, Call>();
  /** New offers of ours whose answer the server will report by event, by renegotiation href. */
  readonly #awaitedAnswers = new Map<string, (outcome: { answerSdp: string } | { error: Error }) => void>();
  #recent: CallSnapshot[] = [];

  constructor(
    private readonly session: UcwaSession,
    private readonly options: CallsOptions,
  ) {}

  snapshot(): { calls: CallSnapshot[]; recent: CallSnapshot[] } {
    return { calls: [...this.#calls.values()].map((call) => call.snapshot()), recent: [...this.#recent] };
  }

  async handleBatch(batch: EventBatch): Promise<void> {
    for (const event of batch.events) {
      try {
        await this.#handleEvent(event);
      } catch (error) {
        if (!(error instanceof UcwaError)) throw error;
        this.options.onProblem(error);
      }
    }
  }

  /** After a resync: cached state may be stale, so every live call's invitation is fetched again. */
  async resync(): Promise<void> {
    for (const call of [...this.#calls.values()]) {
      try {
        const { url, json } = await this.session.getJson(call.invitationUrl.href);
        call.invitation = parseInvitation(call.kind, json, url);
      } catch (error) {
        if (!(error instanceof UcwaError)) throw error;
        if (error instanceof HttpError && error.status === 404) call.finish('failed', undefined, 'It ended while the connection was interrupted.');
        else this.options.onProblem(error);
      }
    }
    this.#retireEnded();
  }

  /** The application was recreated: its calls and invitations no longer exist on the server. */
  applicationReplaced(): void {
    for (const call of this.#calls.values()) call.finish('failed', undefined, 'The connection to the server was lost.');
    this.#retireEnded();
  }

  /** Stops the timers; the calls themselves end with the application. */
  dispose(): void {
    for (const timer of this.#timers.values()) clearTimeout(timer);
    this.#timers.clear();
    for (const settle of [...this.#awaitedAnswers.values()]) settle({ error: new RenegotiationFailedError('The app is signing out.') });
  }

  /** `processedOfferId`: the Content-ID of the multipart offer's part the answer answers. */
  answer(callId: string, sdp: string, processedOfferId?: string): Promise<void> {
    return this.#act(this.#call(callId), 'answer', { body: { sdp }, ...(processedOfferId !== undefined && { query: { processedOfferId } }) });
  }

  /** Early media: an answer that does not accept the call yet. */
  provisionalAnswer(callId: string, sdp: string, processedOfferId?: string): Promise<void> {
    return this.#act(this.#call(callId), 'provisionalAnswer', { body: { sdp }, ...(processedOfferId !== undefined && { query: { processedOfferId } }) });
  }

  answerOnPhone(callId: string): Promise<void> {
    return this.#act(this.#call(callId), 'answerOnPhone');
  }

  accept(callId: string): Promise<void> {
    return this.#act(this.#call(callId), 'accept');
  }

  /** `problem`: why the app declines it by itself (the call then failed, saying so), rather than the person. */
  async decline(callId: string, reason: DeclineReason = 'Local', problem?: string): Promise<void> {
    const call = this.#call(callId);
    await this.#act(call, 'decline', { body: { json: { reason } } }, problem);
    call.finish('declined');
    this.#retireEnded();
  }

  /** Declines, then starts an IM conversation with the caller with `text` as its first message. */
  async declineWithMessage(callId: string, text: string): Promise<string> {
    const call = this.#call(callId);
    const href = this.session.communication.get('startMessaging');
    const to = call.invitation.from.uri;
    if (href === undefined || !to) throw new UnavailableActionError('The server does not offer instant messages');
    await this.decline(callId, 'Local');
    const created = await this.session.create(href, this.session.base, {
      json: {
        to,
        operationId: newId(),
        importance: 'Normal',
        subject: call.invitation.subject,
        _links: { message: { href: encodeBase64DataUri('text/plain', text) } },
      },
    });
    return this.#startOutgoing('messagingInvitation', created);
  }

  async cancel(callId: string): Promise<void> {
    const call = this.#call(callId);
    await this.#act(call, 'cancel');
    call.finish('cancelled');
    this.#retireEnded();
  }

  /** `problem`: why the app hangs up by itself (the call then failed, saying so), rather than the person. */
  async hangUp(callId: string, problem?: string): Promise<void> {
    const call = this.#call(callId);
    const audioVideoHref = call.beginAction('hangUp');
    if (problem !== undefined) call.endingBecause(problem);
    await this.#guard(call, 'hangUp', async () => {
      const audioVideo = await this.#follow(audioVideoHref, call.invitationUrl, 'audioVideo');
      const stop = audioVideo.links.get('stopAudioVideo');
      if (stop === undefined) throw new MalformedError('audioVideo._links.stopAudioVideo', 'missing');
      await this.session.post(stop, audioVideo.url);
    });
    call.finish('hungUp');
    this.#retireEnded();
  }

  /** Leaves a meeting or an IM conversation: DELETE on its conversation. */
  async leave(callId: string): Promise<void> {
    const call = this.#call(callId);
    const conversationHref = call.beginAction('leave');
    await this.#guard(call, 'leave', () => this.session.remove(conversationHref, call.invitationUrl));
    call.finish('left');
    this.#retireEnded();
  }

  /** joinOnlineMeeting: the invitation stays Connecting while in the lobby, Connected once admitted. */
  async joinMeeting(uriOrLink: string, subject = ''): Promise<string> {
    const onlineMeetingUri = meetingUriOf(uriOrLink);
    const href = this.session.communication.get('joinOnlineMeeting');
    if (href === undefined) throw new UnavailableActionError('The server does not offer joining meetings');
    const created = await this.session.create(href, this.session.base, {
      json: {
        onlineMeetingUri,
        operationId: newId(),
        importance: 'Normal',
        subject,
        threadId: newId(),
        ...(this.session.anonymousDisplayName !== undefined && { anonymousDisplayName: this.session.anonymousDisplayName }),
      },
    });
    return this.#startOutgoing('onlineMeetingInvitation', created);
  }

  /** addParticipant on the call's conversation: the outcome comes within about 30 s. */
  async addParticipant(callId: string, to: string): Promise<string> {
    const call = this.#call(callId);
    if (call.phase !== 'connected' || !call.conversationHref) throw new UnavailableActionError('Participants can be added to a connected call only');
    const conversation = await this.#follow(call.conversationHref, call.invitationUrl, 'conversation');
    const href = conversation.links.get('addParticipant');
    if (href === undefined) throw new UnavailableActionError('The server does not offer adding participants to this call');
    const created = await this.session.create(href, conversation.url, { json: { to, operationId: newId() } });
    return this.#startOutgoing('participantInvitation', created);
  }

  /**
   * addAudioVideo on a meeting's audioVideo resource with the renderer's offer; the meeting's answer
   * comes back in an audioVideoNegotiation event, then the invitation completes.
   */
  async addMeetingMedia(callId: string, offerSdp: string): Promise<void> {
    const call = this.#call(callId);
    const meetingUri = call.invitation.onlineMeetingUri;
    if (call.kind !== 'onlineMeetingInvitation' || call.phase !== 'connected' || !call.conversationHref || meetingUri === undefined) {
      throw new UnavailableActionError('Audio and video can be added to a meeting you are in only');
    }
    if (call.meetingMedia?.live) throw new UnavailableActionError('Your audio and video are already in the meeting');
    const conversation = await this.#follow(call.conversationHref, call.invitationUrl, 'conversation');
    const audioVideoHref = conversation.links.get('audioVideo');
    const audioVideo = audioVideoHref === undefined ? undefined : await this.#follow(audioVideoHref, conversation.url, 'audioVideo');
    const href = audioVideo?.links.get('addAudioVideo');
    if (audioVideo === undefined || href === undefined) throw new UnavailableActionError('The meeting does not take audio and video now');
    const created = await this.session.create(href, audioVideo.url, {
      json: {
        operationId: newId(),
        to: meetingUri,
        sessionContext: newId(),
        joinAudioMuted: false,
        joinVideoMuted: false,
        _links: { mediaOffer: { href: encodeBase64DataUri('application/sdp', offerSdp) } },
      },
    });
    const media = new MeetingMedia(created.url);
    if (call.meetingMedia) this.#mediaInvitations.delete(call.meetingMedia.invitationUrl.href);
    call.meetingMedia = media;
    this.#mediaInvitations.set(created.url.href, call);
    for (const early of this.#takeEarlyEvents(created.url)) await this.#applyMediaEvent(media, early);
    this.options.onChange();
  }

  /**
   * A new offer for a connected call's media (hold, resume) through its audioVideoSession's
   * renegotiations; resolves with the other side's answer, from the 201 or from a later event.
   */
  async renegotiate(callId: string, offerSdp: string): Promise<string> {
    const call = this.#call(callId);
    const href = call.beginAction('renegotiate');
    const created = await this.#guard(call, 'renegotiate', () => this.session.create(href, call.invitationUrl, { sdp: offerSdp }, { operationId: newId() }));
    call.actionDone('renegotiate');
    return readRenegotiation(created.json).answerSdp ?? this.#answerByEvent(created.url);
  }

  async #answerByEvent(url: URL): Promise<string> {
    const answer = new Promise<string>((resolve, reject) => {
      const timer = setTimeout(() => settle({ error: new RenegotiationFailedError('The other side did not answer in time.') }), RENEGOTIATION_TIMEOUT_MS);
      timer.unref();
      const settle = (outcome: { answerSdp: string } | { error: Error }) => {
        clearTimeout(timer);
        this.#awaitedAnswers.delete(url.href);
        if ('answerSdp' in outcome) resolve(outcome.answerSdp);
        else reject(outcome.error);
      };
      this.#awaitedAnswers.set(url.href, settle);
    });
    for (const early of this.#takeEarlyEvents(url)) await this.#onRenegotiation(early);
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
    const call = this.#call(callId);
    const offer = call.remoteOffer;
    if (offer?.id !== offerId) throw new UnavailableActionError('That offer no longer waits for an answer');
    call.remoteOffer = undefined;
    this.options.onChange();
    return offer;
  }

  /** GETs a resource and reads its links. */
  async #follow(href: string, base: URL, what: string): Promise<{ url: URL; links: Links }> {
    const { url, json } = await this.session.getJson(href, base);
    return { url, links: readLinks(parseWith(stateSchema, json, what)._links) };
  }

  /** `endingBecause`: the app's own reason for a decline, kept however the end arrives. */
  async #act(call: Call, action: CallAction, request: { body?: RequestBody; query?: Record<string, string> } = {}, endingBecause?: string): Promise<void> {
    const href = call.beginAction(action);
    if (endingBecause !== undefined) call.endingBecause(endingBecause);
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
        this.#retireEnded();
      }
      throw error;
    }
  }

  #startOutgoing(kind: InvitationKind, created: { url: URL; json: unknown }): string {
    const call = new Call(newId(), parseInvitation(kind, created.json, created.url), created.url);
    this.#track(call);
    const early = this.#takeEarlyEvents(created.url).find((event) => event.type === 'completed');
    if (early) call.completed(early.status, early.reason);
    if (kind !== 'onlineMeetingInvitation' && call.phase === 'connecting') {
      const timer = setTimeout(() => void this.#giveUp(call), this.options.outgoingTimeoutMs ?? OUTGOING_TIMEOUT_MS);
      timer.unref();
      this.#timers.set(call.id, timer);
    }
    this.#retireEnded();
    return call.id;
  }

  /**
   * The server should have failed it by now: it ends here as timed out, then is cancelled on the server
   * (whose own `completed` would otherwise call it cancelled by the user).
   */
  async #giveUp(call: Call): Promise<void> {
    if (call.phase !== 'connecting') return;
    const cancel = call.legalActions().includes('cancel') ? call.invitation.links.get('cancel') : undefined;
    call.finish('failed', { code: 'LocalFailure', subcode: 'Timeout' });
    this.#retireEnded();
    if (cancel === undefined) return;
    try {
      await this.session.post(cancel, call.invitationUrl);
    } catch (error) {
      if (!(error instanceof UcwaError)) throw error;
      this.options.onProblem(error);
    }
  }

  #call(callId: string): Call {
    const call = this.#calls.get(callId);
    if (!call) throw new UnknownCallError(`No active call ${callId}`);
    return call;
  }

  #track(call: Call): void {
    this.#calls.set(call.id, call);
    this.#byInvitation.set(call.invitationUrl.href, call);
  }

  async #handleEvent(event: UcwaEvent): Promise<void> {
    if (event.sender.rel === 'communication' && isInvitationKind(event.rel)) {
      await this.#onInvitationEvent(event.rel, event);
    } else if (event.rel === 'audioVideoRenegotiation') {
      await this.#onRenegotiation(event);
    } else if (event.rel === 'audioVideoNegotiation' && event.sender.rel === 'audioVideoInvitation') {
      await this.#onMediaEvent(new URL(event.sender.href, this.session.base), event);
    } else if ((event.rel === 'audioVideo' || event.rel === 'messaging') && event.type === 'updated') {
      await this.#onModalityUpdated(event);
    } else if (event.rel === 'message' && event.sender.rel === 'messaging') {
      await this.#onMessage(event);
    } else if (event.rel === 'conversation' && event.type === 'deleted') {
      this.#callInConversation(event.href)?.disconnectedByServer(event.reason);
      this.#retireEnded();
    } else if (event.rel === 'conversation' && event.type === 'updated') {
      await this.#onConversationUpdated(event);
    }
  }

  async #onInvitationEvent(kind: InvitationKind, event: UcwaEvent): Promise<void> {
    const url = new URL(event.href, this.session.base);
    if (kind === 'audioVideoInvitation' && this.#mediaInvitations.has(url.href)) return this.#onMediaEvent(url, event);
    const known = this.#byInvitation.get(url.href);
    if (event.type === 'completed') {
      if (!known) return this.#keepEarlyEvent(url, event);
      known.completed(event.status, event.reason);
      this.#retireEnded();
      return;
    }
    const invitation = parseInvitation(kind, event.embedded ?? (await this.session.getJson(event.href)).json, url);
    if (known) {
      known.invitation = invitation;
      this.options.onChange();
      return;
    }
    if (event.type !== 'started' || invitation.direction !== 'Incoming') return;
    const call = new Call(newId(), invitation, url);
    this.#track(call);
    this.options.onChange();
    void this.#lookUpContacts(call);
  }

  /** Fetches the names of the contacts the ring mentions; the ring shows without them meanwhile. */
  async #lookUpContacts(call: Call): Promise<void> {
    for (const rel of CONTACT_RELS) {
      const href = call.invitation.links.get(rel);
      if (href === undefined) continue;
      try {
        const contact = parseWith(contactSchema, (await this.session.getJson(href, call.invitationUrl)).json, rel);
        const name = contact.name ?? contact.uri?.replace(/^sip:/, '');
        if (name === undefined || call.phase === 'ended') continue;
        call.contactNames[rel] = name;
        this.options.onChange();
      } catch (error) {
        if (!(error instanceof UcwaError)) throw error;
        this.options.onProblem(error);
      }
    }
  }

  #keepEarlyEvent(invitationUrl: URL, event: UcwaEvent): void {
    this.#earlyEvents.set(invitationUrl.href, [...(this.#earlyEvents.get(invitationUrl.href) ?? []), event].slice(-EARLY_EVENTS_KEPT));
    for (const key of this.#earlyEvents.keys()) {
      if (this.#earlyEvents.size <= EARLY_EVENTS_KEPT) break;
      this.#earlyEvents.delete(key);
    }
  }

  #takeEarlyEvents(invitationUrl: URL): UcwaEvent[] {
    const events = this.#earlyEvents.get(invitationUrl.href) ?? [];
    this.#earlyEvents.delete(invitationUrl.href);
    return events;
  }

  /** An event of a meeting's audio/video invitation (its negotiation, its completion). */
  async #onMediaEvent(invitationUrl: URL, event: UcwaEvent): Promise<void> {
    const media = this.#mediaInvitations.get(invitationUrl.href)?.meetingMedia;
    if (media?.invitationUrl.href !== invitationUrl.href) return this.#keepEarlyEvent(invitationUrl, event);
    await this.#applyMediaEvent(media, event);
    this.options.onChange();
  }

  /**
   * A renegotiation event: the answer to an offer of ours, or the other side's new offer (`started`,
   * Incoming), or the end of one (`completed`).
   */
  async #onRenegotiation(event: UcwaEvent): Promise<void> {
    const url = new URL(event.href, this.session.base);
    const awaited = this.#awaitedAnswers.get(url.href);
    if (awaited && event.status === 'Failure') return awaited({ error: new RenegotiationFailedError(describeReason(event.reason)) });
    const offered = [...this.#calls.values()].find((call) => call.remoteOffer?.url.href === url.href);
    if (offered && event.type === 'completed') {
      offered.remoteOffer = undefined;
      return this.options.onChange();
    }
    // Ours, before the POST that made it returned: kept for its answer.
    if (!awaited && event.type !== 'started') return this.#keepEarlyEvent(url, event);
    const renegotiation = readRenegotiation(event.embedded ?? (await this.#getRenegotiation(event.href, awaited)));
    if (awaited) {
      if (renegotiation.answerSdp !== undefined) awaited({ answerSdp: renegotiation.answerSdp });
      else if (event.type === 'completed') awaited({ error: new RenegotiationFailedError('The other side did not answer the new offer.') });
      return;
    }
    const conversation = renegotiation.links.get('conversation');
    const call = conversation === undefined ? undefined : this.#callInConversation(new URL(conversation, url).href);
    const answer = renegotiation.links.get('answer');
    const dismiss = renegotiation.links.get('dismiss');
    if (renegotiation.direction !== 'Incoming' || call?.phase !== 'connected' || renegotiation.offerSdp === undefined || answer === undefined) return;
    call.remoteOffer = {
      id: newId(),
      url,
      offerSdp: renegotiation.offerSdp,
      answerHref: new URL(answer, url).href,
      dismissHref: dismiss === undefined ? undefined : new URL(dismiss, url).href,
    };
    this.options.onChange();
  }

  /** A renegotiation the event did not embed; if it cannot be read, the offer awaiting it fails now rather than at the timeout. */
  async #getRenegotiation(href: string, awaited: ((outcome: { error: Error }) => void) | undefined): Promise<unknown> {
    try {
      return (await this.session.getJson(href)).json;
    } catch (error) {
      awaited?.({ error: new RenegotiationFailedError('The server lost the new offer before its answer could be read.') });
      throw error;
    }
  }

  async #applyMediaEvent(media: MeetingMedia, event: UcwaEvent): Promise<void> {
    if (event.rel === 'audioVideoNegotiation') media.negotiated(event.embedded ?? (await this.session.getJson(event.href)).json);
    else if (event.type === 'completed') media.completed(event.status, event.reason);
  }

  /** A message in a conversation we hold: the call whose messaging link the event comes from. */
  async #onMessage(event: UcwaEvent): Promise<void> {
    const messaging = new URL(event.sender.href, this.session.base).href;
    const call = [...this.#calls.values()].find((c) => {
      const href = c.invitation.links.get('messaging');
      return href !== undefined && new URL(href, c.invitationUrl).href === messaging;
    });
    // A message is an operation: it may be reported more than once, and a failed send is no message.
    if (!call || event.status === 'Failure' || call.messageHrefs.has(event.href)) return;
    const line = parseMessage(event.embedded ?? (await this.session.getJson(event.href)).json);
    call.messageHrefs.add(event.href);
    for (const old of call.messageHrefs) {
      if (call.messageHrefs.size <= MESSAGES_KEPT) break;
      call.messageHrefs.delete(old);
    }
    call.messages.push(line);
    if (call.messages.length > MESSAGES_KEPT) call.messages.splice(0, call.messages.length - MESSAGES_KEPT);
    this.options.onChange();
  }

  /** sendMessage on the conversation's messaging resource; the message comes back as an event. */
  async sendMessage(callId: string, text: string): Promise<void> {
    const call = this.#call(callId);
    const messagingHref = call.invitation.links.get('messaging');
    if (call.phase !== 'connected' || messagingHref === undefined) throw new UnavailableActionError('Messages can be sent in a connected IM conversation only');
    const messaging = await this.#follow(messagingHref, call.invitationUrl, 'messaging');
    const href = messaging.links.get('sendMessage');
    if (href === undefined) throw new UnavailableActionError('The conversation does not take messages now');
    await this.session.post(href, messaging.url, { body: { text, contentType: 'text/plain' }, query: { operationId: newId() } });
  }

  async #onModalityUpdated(event: UcwaEvent): Promise<void> {
    const call = this.#callInConversation(event.sender.href);
    if (!call) return;
    const json = event.embedded ?? (await this.session.getJson(event.href)).json;
    const modality = parseWith(stateSchema, json, event.rel);
    if (modality.state === 'Connected' && event.rel === 'audioVideo' && call.kind === 'audioVideoInvitation') {
      return this.#learnSession(call, readLinks(modality._links).get('audioVideoSession'), new URL(event.href, this.session.base));
    }
    if (modality.state !== 'Disconnected') return;
    // A meeting goes on without its audio and video; a call ends with them.
    if (call.kind === 'onlineMeetingInvitation') {
      call.meetingMedia?.end('The meeting’s audio and video ended.');
      this.options.onChange();
      return;
    }
    call.disconnectedByServer(event.reason);
    this.#retireEnded();
  }

  /** A connected call's audioVideoSession tells whether the server takes new offers (hold, resume). */
  async #learnSession(call: Call, sessionHref: string | undefined, base: URL): Promise<void> {
    if (sessionHref === undefined || call.learntLinks.has('renegotiations')) return;
    const session = await this.#follow(sessionHref, base, 'audioVideoSession');
    const renegotiations = session.links.get('renegotiations');
    if (renegotiations === undefined) return;
    call.learntLinks.set('renegotiations', new URL(renegotiations, session.url).href);
    this.options.onChange();
  }

  async #onConversationUpdated(event: UcwaEvent): Promise<void> {
    const call = this.#callInConversation(event.href);
    if (!call) return;
    const json = event.embedded ?? (await this.session.getJson(event.href)).json;
    const inLobby = parseWith(stateSchema, json, 'conversation').state === 'InLobby';
    if (call.inLobby !== inLobby && call.phase === 'connecting') {
      call.inLobby = inLobby;
      this.options.onChange();
    }
  }

  #callInConversation(href: string): Call | undefined {
    const target = new URL(href, this.session.base).href;
    for (const call of this.#calls.values()) {
      const conversation = call.conversationHref;
      if (conversation !== undefined && new URL(conversation, call.invitationUrl).href === target) return call;
    }
    return undefined;
  }

  /** Moves ended calls to the recent list and tells the listener. */
  #retireEnded(): void {
    for (const call of [...this.#calls.values()]) {
      if (call.phase !== 'ended') continue;
      this.#calls.delete(call.id);
      this.#byInvitation.delete(call.invitationUrl.href);
      if (call.meetingMedia) this.#mediaInvitations.delete(call.meetingMedia.invitationUrl.href);
      clearTimeout(this.#timers.get(call.id));
      this.#timers.delete(call.id);
      this.#recent = [call.snapshot(), ...this.#recent].slice(0, RECENT_LIMIT);
    }
    this.options.onChange();
  }
}
