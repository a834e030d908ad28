// What the event channel tells about calls: invitations started, updated and completed, the other side's
// new offers and the answers to ours, a meeting's audio and video, messages, modalities and conversations.
import * as z from '../../preload/shared/zod/zod.js';
import type { UcwaSession } from '../ucwa/client.js';
import { UcwaError } from '../ucwa/errors.js';
import type { UcwaEvent } from '../ucwa/events.js';
import { newId } from '../ucwa/ids.js';
import { isInvitationKind, parseInvitation, type InvitationKind } from '../ucwa/invitations.js';
import { describeReason } from '../ucwa/reasons.js';
import { linksSchema, parseWith, readLinks, resolveHref, type Links } from '../ucwa/resources.js';
import type { AnswerOutcome, AwaitedAnswers } from './awaitedAnswers.js';
import { Call, CONTACT_RELS, type ContactRel } from './call.js';
import type { CallBook } from './callBook.js';
import type { EarlyEvents } from './earlyEvents.js';
import { RenegotiationFailedError } from './errors.js';
import type { MeetingMedia } from './meetingMedia.js';
import type { MeetingPhone } from './meetingPhone.js';
import { readMessage } from './messages.js';
import { readNegotiation } from './negotiation.js';
import { readRenegotiation } from './renegotiation.js';
import type { Redials } from './redials.js';
import type { RingLimit } from './ringLimit.js';

export const stateSchema = z.looseObject({ state: z.string().max(64).optional(), _links: linksSchema.optional() });
const contactSchema = z.looseObject({ name: z.string().max(256).optional(), uri: z.string().max(256).optional() });

export type CallEventsOptions = {
  session: UcwaSession;
  book: CallBook;
  early: EarlyEvents;
  awaited: AwaitedAnswers;
  limit: RingLimit;
  redials: Redials;
  onChange(): void;
  onProblem(error: UcwaError): void;
  /** The user is in a meeting now (out of the lobby, or let in at once). */
  onMeetingConnected?(call: Call): void;
};

export class CallEvents {
  constructor(private readonly options: CallEventsOptions) {}

  async handle(event: UcwaEvent): Promise<void> {
    const { session, book } = this.options;
    if (event.in?.rel === 'typingParticipants') {
      this.#onTyping(event);
    } else if (event.sender.rel === 'communication' && isInvitationKind(event.rel)) {
      await this.#onInvitationEvent(event.rel, event);
    } else if (event.rel === 'audioVideoRenegotiation') {
      await this.renegotiation(event);
    } else if (event.rel === 'audioVideoNegotiation' && event.sender.rel === 'audioVideoInvitation') {
      await this.#onMediaEvent(new URL(event.sender.href, session.base), event);
    } else if ((event.rel === 'audioVideo' || event.rel === 'messaging' || event.rel === 'phoneAudio') && event.type === 'updated') {
      await this.#onModalityUpdated(event);
    } else if (event.rel === 'message' && event.sender.rel === 'messaging') {
      await this.#onMessage(event);
    } else if (event.rel === 'conversation' && event.type === 'deleted') {
      book.inConversation(event.href, session.base)?.disconnectedByServer(event.reason);
      book.retireEnded();
    } else if (event.rel === 'conversation' && event.type === 'updated') {
      await this.#onConversationUpdated(event);
    }
  }

  /**
   * A renegotiation event: the answer to an offer of ours, or the other side's new offer (`started`,
   * Incoming), or the end of one (`completed`).
   */
  async renegotiation(event: UcwaEvent): Promise<void> {
    const { session, book, early, awaited: answers } = this.options;
    const url = new URL(event.href, session.base);
    const awaited = answers.settler(url);
    if (awaited && event.status === 'Failure') return awaited({ error: new RenegotiationFailedError(describeReason(event.reason)) });
    const offered = book.live().find((call) => call.remoteOffer?.url.href === url.href);
    if (offered && event.type === 'completed') {
      offered.remoteOfferEnded();
      return this.options.onChange();
    }
    // Ours, before the POST that made it returned: kept for its answer.
    if (!awaited && event.type !== 'started') return early.keep(url, event);
    const renegotiation = readRenegotiation(event.embedded ?? (await this.#getRenegotiation(event.href, awaited)));
    if (awaited) {
      if (renegotiation.answerSdp !== undefined) awaited({ answerSdp: renegotiation.answerSdp });
      else if (event.type === 'completed') awaited({ error: new RenegotiationFailedError('The other side did not answer the new offer.') });
      return;
    }
    const conversation = renegotiation.links.get('conversation');
    const call = conversation === undefined ? undefined : book.inConversation(conversation, url);
    const answer = renegotiation.links.get('answer');
    const dismiss = renegotiation.links.get('dismiss');
    if (renegotiation.direction !== 'Incoming' || call?.phase !== 'connected' || renegotiation.offerSdp === undefined || answer === undefined) return;
    call.offered({
      id: newId(),
      url,
      offerSdp: renegotiation.offerSdp,
      answerHref: resolveHref(answer, url).href,
      dismissHref: dismiss === undefined ? undefined : resolveHref(dismiss, url).href,
    });
    this.options.onChange();
  }

  /** An event of a meeting's audio and video (their negotiation, their completion) or of the person's phone joined to it (its completion). */
  async applyMediaEvent(media: MeetingMedia | MeetingPhone, event: UcwaEvent): Promise<void> {
    if (event.rel === 'audioVideoNegotiation' && 'negotiated' in media)
      media.negotiated(event.embedded ?? (await this.options.session.getJson(event.href)).json);
    else if (event.type === 'completed') media.completed(event.status, event.reason);
  }

  /** GETs a resource and reads its links. */
  async follow(href: string, base: URL, what: string): Promise<{ url: URL; links: Links }> {
    const { url, json } = await this.options.session.getJson(href, base);
    return { url, links: readLinks(parseWith(stateSchema, json, what)._links) };
  }

  async #onInvitationEvent(kind: InvitationKind, event: UcwaEvent): Promise<void> {
    const { session, book, early, limit } = this.options;
    const url = new URL(event.href, session.base);
    if ((kind === 'audioVideoInvitation' || kind === 'phoneAudioInvitation') && book.byMediaInvitation(url)) return this.#onMediaEvent(url, event);
    if (limit.owns(url, event.type === 'completed')) return;
    const known = book.byInvitation(url);
    if (event.type === 'completed') {
      if (!known) return early.keep(url, event);
      const end = () => {
        known.completed(event.status, event.reason);
        book.retireEnded();
        if (known.kind === 'onlineMeetingInvitation' && known.phase === 'connected') this.options.onMeetingConnected?.(known);
      };
      if (!this.options.redials.take(known, event.status, event.reason, end)) end();
      return;
    }
    const invitation = parseInvitation(kind, event.embedded ?? (await session.getJson(event.href)).json, url);
    if (known) {
      known.updated(invitation);
      this.options.onChange();
      return;
    }
    // An invitation of ours whose POST has not returned yet: what it says is applied once it has.
    if (invitation.direction === 'Outgoing') return early.keep(url, event);
    // An incoming call to the person's phone rings that phone, which answers it: nothing to ring here.
    if (event.type !== 'started' || kind === 'phoneAudioInvitation') return;
    if (!limit.admits(book.ringing())) return limit.turnAway(invitation, url);
    const call = new Call(newId(), invitation, url);
    book.track(call);
    this.options.onChange();
    void this.lookUpContacts(call, CONTACT_RELS);
  }

  /** Fetches the names of the contacts the call links to (those the ring mentions, whom a call is for); it shows without them meanwhile. */
  async lookUpContacts(call: Call, rels: readonly ContactRel[]): Promise<void> {
    for (const rel of rels) {
      const href = call.invitation.links.get(rel);
      if (href === undefined) continue;
      try {
        const contact = parseWith(contactSchema, (await this.options.session.getJson(href, call.invitationUrl)).json, rel);
        const name = contact.name ?? contact.uri?.replace(/^sip:/, '');
        if (name === undefined || call.phase === 'ended') continue;
        call.contactNamed(rel, name);
        this.options.onChange();
      } catch (error) {
        if (!(error instanceof UcwaError)) throw error;
        this.options.onProblem(error);
      }
    }
  }

  /** An event of a meeting's audio/video invitation (its negotiation, its completion). */
  async #onMediaEvent(invitationUrl: URL, event: UcwaEvent): Promise<void> {
    const call = this.options.book.byInvitation(invitationUrl);
    if (call?.kind === 'audioVideoInvitation' && event.rel === 'audioVideoNegotiation') {
      const answer = readNegotiation(event.embedded ?? (await this.options.session.getJson(event.href)).json);
      if (answer) call.negotiated(answer);
      return this.options.onChange();
    }
    const meeting = this.options.book.byMediaInvitation(invitationUrl);
    const media = [meeting?.meetingMedia, meeting?.meetingPhone].find((joined) => joined?.invitationUrl.href === invitationUrl.href);
    if (media === undefined) return this.options.early.keep(invitationUrl, event);
    await this.applyMediaEvent(media, event);
    this.options.onChange();
  }

  /** A renegotiation the event did not embed; if it cannot be read, the offer awaiting it fails now rather than at the timeout. */
  async #getRenegotiation(href: string, awaited: ((outcome: AnswerOutcome) => void) | undefined): Promise<unknown> {
    try {
      return (await this.options.session.getJson(href)).json;
    } catch (error) {
      awaited?.({ error: new RenegotiationFailedError('The server lost the new offer before its answer could be read.') });
      throw error;
    }
  }

  /** Someone in a conversation started typing (added to its typingParticipants) or stopped (deleted). */
  #onTyping(event: UcwaEvent): void {
    const { session, book } = this.options;
    const call = book.inConversation(event.sender.href, session.base);
    if (!call || (event.type !== 'added' && event.type !== 'deleted')) return;
    if (call.typing.changed(new URL(event.href, session.base).href, event.type === 'added')) this.options.onChange();
  }

  /** A message in a conversation we hold: the call whose messaging link the event comes from. */
  async #onMessage(event: UcwaEvent): Promise<void> {
    const { session, book } = this.options;
    const call = book.linkedAt(event.sender.href, session.base, (c) => c.messagingHref);
    // A message is an operation: it may be reported more than once, and a failed send is no message.
    if (!call || event.status === 'Failure' || call.chat.has(event.href)) return;
    const url = new URL(event.href, session.base);
    const { line, sender } = readMessage(event.embedded ?? (await session.getJson(url.href)).json);
    // In a meeting, several people write: each incoming message says who.
    const from =
      call.kind === 'onlineMeetingInvitation' && line.direction === 'Incoming' && sender !== undefined ? await this.#senderName(call, sender, url) : undefined;
    if (line.direction === 'Incoming') call.typing.stopped();
    call.chat.received(event.href, from === undefined ? line : { ...line, from });
    this.options.onChange();
  }

  /** The name of a meeting participant who wrote (read once per meeting); a message shows without it if it cannot be read. */
  async #senderName(call: Call, sender: string, message: URL): Promise<string | undefined> {
    try {
      const url = resolveHref(sender, message);
      const known = call.chat.senderName(url.href);
      if (known !== undefined) return known;
      const participant = parseWith(contactSchema, (await this.options.session.getJson(url.href)).json, 'participant');
      const name = participant.name ?? participant.uri?.replace(/^sip:/, '');
      if (name !== undefined) call.chat.learntSender(url.href, name);
      return name;
    } catch (error) {
      if (!(error instanceof UcwaError)) throw error;
      this.options.onProblem(error);
      return undefined;
    }
  }

  async #onModalityUpdated(event: UcwaEvent): Promise<void> {
    const { session, book } = this.options;
    const call = book.inConversation(event.sender.href, session.base);
    if (!call) return;
    const json = event.embedded ?? (await session.getJson(event.href)).json;
    const modality = parseWith(stateSchema, json, event.rel);
    if (modality.state === 'Connected' && event.rel === 'audioVideo' && call.kind === 'audioVideoInvitation') {
      return this.#learnSession(call, readLinks(modality._links).get('audioVideoSession'), new URL(event.href, session.base));
    }
    if (call.kind === 'onlineMeetingInvitation' && event.rel === 'messaging') return this.#meetingChat(call, modality.state, event.href);
    if (modality.state !== 'Disconnected') return;
    // A meeting goes on without its audio and video; a call ends with them.
    if (call.kind === 'onlineMeetingInvitation') {
      if (event.rel === 'phoneAudio') call.meetingPhone?.end();
      else call.meetingMedia?.end('The meeting’s audio and video ended.');
      this.options.onChange();
      return;
    }
    call.disconnectedByServer(event.reason);
    book.retireEnded();
  }

  /** A meeting's chat (its messaging modality) connected, and its messages can be sent there; or it ended, and the meeting goes on. */
  #meetingChat(call: Call, state: string | undefined, messagingHref: string): void {
    const open = state === 'Connected';
    if (open === call.knows('messaging')) return;
    if (open) call.learnt('messaging', resolveHref(messagingHref, this.options.session.base).href);
    else call.forget('messaging');
    this.options.onChange();
  }

  /** A connected call's audioVideoSession tells whether the server takes new offers (hold, resume). */
  async #learnSession(call: Call, sessionHref: string | undefined, base: URL): Promise<void> {
    if (sessionHref === undefined || call.knows('renegotiations')) return;
    const session = await this.follow(sessionHref, base, 'audioVideoSession');
    const renegotiations = session.links.get('renegotiations');
    if (renegotiations === undefined) return;
    call.learnt('renegotiations', resolveHref(renegotiations, session.url).href);
    this.options.onChange();
  }

  async #onConversationUpdated(event: UcwaEvent): Promise<void> {
    const { session, book } = this.options;
    const call = book.inConversation(event.href, session.base);
    if (!call) return;
    const json = event.embedded ?? (await session.getJson(event.href)).json;
    const inLobby = parseWith(stateSchema, json, 'conversation').state === 'InLobby';
    if (call.lobby(inLobby)) this.options.onChange();
  }
}
