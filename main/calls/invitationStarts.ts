// Invitations this app starts: a call, a meeting join, an added participant, an IM conversation. Each
// becomes a call that is connecting until the server completes it; one the server never completes is given up.
import type { UcwaSession } from '../ucwa/client.js';
import { encodeBase64DataUri } from '../ucwa/dataUri.js';
import { reportingServerProblems, type UcwaError } from '../ucwa/errors.js';
import { newId } from '../ucwa/ids.js';
import { parseInvitation, type InvitationKind } from '../ucwa/invitations.js';
import { Call } from './call.js';
import { asCallTarget, callTargetOf, type CallTarget } from './callTargets.js';
import type { CallBook } from './callBook.js';
import type { CallEvents } from './callEvents.js';
import type { EarlyEvents } from './earlyEvents.js';
import { UnavailableActionError } from './errors.js';
import { meetingUriOf } from './meetingLinks.js';
import type { Redial, Redials } from './redials.js';
import { startLink } from './startLinks.js';

/** UCWA fails an unanswered outgoing invitation after about 30 s; past this, we stop waiting ourselves. */
const OUTGOING_TIMEOUT_MS = 35_000;

export type InvitationStartsOptions = {
  session: UcwaSession;
  book: CallBook;
  early: EarlyEvents;
  events: CallEvents;
  redials: Redials;
  onProblem(error: UcwaError): void;
  outgoingTimeoutMs?: number;
};

export class InvitationStarts {
  constructor(private readonly options: InvitationStartsOptions) {}

  /**
   * A call to what the person typed (refused with a CallTargetError before anything is sent when it is no
   * address or number), with the renderer's offer; the answer comes back by audioVideoNegotiation. With
   * `redial`, a callee's refusal of the offer's dialect goes to it instead of ending the call; with
   * `replacing` (a call's id), the call is that one placed again, under its id. With `via` (an absolute
   * href: a conversation log's continueAudioVideo or continueAudio), it is posted there instead of to the
   * start link, with the three fields their pages document (the callee is the log's).
   */
  async audioVideo(
    to: string | CallTarget,
    offerSdp: string,
    video: boolean,
    { redial, replacing, via }: { redial?: Redial; replacing?: string; via?: string } = {},
  ): Promise<string> {
    const { session } = this.options;
    const target = asCallTarget(to);
    const replaced = replacing === undefined ? undefined : this.options.book.get(replacing);
    const unavailable = video ? 'The server does not offer video calls to this app' : 'The server does not offer calls to this app';
    const offers = { operationId: newId(), sessionContext: newId(), _links: { mediaOffer: { href: encodeBase64DataUri('application/sdp', offerSdp) } } };
    const created = await this.#postStartOrContinue(startLink(session.communication, video), via, unavailable, offers, {
      to: target.uri,
      subject: '',
      importance: 'Normal',
      threadId: newId(),
      joinAudioMuted: false,
      joinVideoMuted: false,
    });
    return this.#start('audioVideoInvitation', created, { video, ...(redial && { redial }), ...(replaced && { replacing: replaced }) });
  }

  /**
   * Call via work (startPhoneAudio): the server rings the person's `phoneNumber`, then `to`; no media here.
   * What the person typed is refused with a CallTargetError before anything is sent. `via`: a past
   * conversation's continuePhoneAudio link, posted to instead of startPhoneAudio with the two fields its
   * page documents (the callee is the log's).
   */
  async phoneAudio(to: string, phoneNumber: string, via?: string): Promise<string> {
    const target = callTargetOf(to);
    const created = await this.#postStartOrContinue(
      this.options.session.communication.get('startPhoneAudio'),
      via,
      'The server does not offer calls via your phone',
      { operationId: newId(), phoneNumber },
      { to: target.uri, importance: 'Normal', subject: '', threadId: newId() },
    );
    return this.#start('phoneAudioInvitation', created);
  }

  /**
   * startMessaging: an IM conversation with `to`, with `text` as its first message. `via`: a conversation
   * log's continueMessaging, posted to with the two fields its page documents (whom and the subject are the log's).
   */
  async messaging(to: string, subject: string, text: string, via?: string): Promise<string> {
    const created = await this.#postStartOrContinue(
      this.options.session.communication.get('startMessaging'),
      via,
      'The server does not offer instant messages',
      { operationId: newId(), _links: { message: { href: encodeBase64DataUri('text/plain', text) } } },
      { to, importance: 'Normal', subject },
    );
    return this.#start('messagingInvitation', created);
  }

  /** joinOnlineMeeting: the invitation stays Connecting while in the lobby, Connected once admitted. */
  async joinMeeting(uriOrLink: string, subject: string): Promise<string> {
    const { session } = this.options;
    const onlineMeetingUri = meetingUriOf(uriOrLink);
    const created = await this.#post(session.communication.get('joinOnlineMeeting'), 'The server does not offer joining meetings', {
      onlineMeetingUri,
      operationId: newId(),
      importance: 'Normal',
      subject,
      threadId: newId(),
      ...(session.anonymousDisplayName !== undefined && { anonymousDisplayName: session.anonymousDisplayName }),
    });
    return this.#start('onlineMeetingInvitation', created);
  }

  /** startOnlineMeeting (Meet now): a new ad-hoc meeting, joined at once; others come in by addParticipant. */
  async meetNow(subject: string): Promise<string> {
    const created = await this.#post(this.options.session.communication.get('startOnlineMeeting'), 'The server does not offer starting meetings', {
      operationId: newId(),
      importance: 'Normal',
      subject,
      threadId: newId(),
    });
    return this.#start('onlineMeetingInvitation', created);
  }

  /** addParticipant on the call's conversation: the outcome comes within about 30 s. */
  async addParticipant(call: Call, to: string): Promise<string> {
    if (call.phase !== 'connected' || !call.conversationHref) throw new UnavailableActionError('Participants can be added to a connected call only');
    const conversation = await this.options.events.follow(call.conversationHref, call.invitationUrl, 'conversation');
    const href = conversation.links.get('addParticipant');
    if (href === undefined) throw new UnavailableActionError('The server does not offer adding participants to this call');
    const created = await this.options.session.create(href, conversation.url, { json: { to, operationId: newId() } });
    return this.#start('participantInvitation', created);
  }

  /**
   * POSTs `documented` (what a conversation log's continue link documents) to `via`, that link, or with
   * `startOnly` (whom, the subject, ...) to `start`, the start link: a continue link's callee is the log's.
   */
  #postStartOrContinue(
    start: string | undefined,
    via: string | undefined,
    unavailable: string,
    documented: Record<string, unknown>,
    startOnly: Record<string, unknown>,
  ): Promise<{ url: URL; json: unknown }> {
    return via === undefined ? this.#post(start, unavailable, { ...documented, ...startOnly }) : this.#post(via, unavailable, documented);
  }

  /** POSTs `json` to one of `communication`'s start links, or refuses with `unavailable` where the server gives none. */
  #post(href: string | undefined, unavailable: string, json: Record<string, unknown>): Promise<{ url: URL; json: unknown }> {
    if (href === undefined) throw new UnavailableActionError(unavailable);
    return this.options.session.create(href, this.options.session.base, { json });
  }

  /** Tracks the new invitation, then applies the events that came before its POST returned (its answer among them). */
  async #start(
    kind: InvitationKind,
    created: { url: URL; json: unknown },
    { video = false, redial, replacing }: { video?: boolean; redial?: Redial; replacing?: Call } = {},
  ): Promise<string> {
    const { book, early, events } = this.options;
    const call = new Call(replacing?.id ?? newId(), parseInvitation(kind, created.json, created.url), created.url);
    call.placedWithVideo = video;
    if (replacing) book.replace(replacing, call);
    else book.track(call);
    if (redial) this.options.redials.set(call, redial);
    if (kind === 'audioVideoInvitation' || kind === 'phoneAudioInvitation' || kind === 'messagingInvitation') void events.lookUpContacts(call, ['to']);
    for (const event of early.take(created.url)) await this.#reported(events.handle(event));
    if (kind !== 'onlineMeetingInvitation' && (call.phase === 'connecting' || call.phase === 'ringingOut')) {
      // A call via work rings two phones one after the other: the person's, then the callee's.
      const legs = kind === 'phoneAudioInvitation' ? 2 : 1;
      book.giveUpAfter(call, legs * (this.options.outgoingTimeoutMs ?? OUTGOING_TIMEOUT_MS), () => void this.#giveUp(call));
    }
    book.retireEnded();
    return call.id;
  }

  /**
   * The server should have failed it by now: it ends here as timed out, then is cancelled on the server
   * (whose own `completed` would otherwise call it cancelled by the user).
   */
  async #giveUp(call: Call): Promise<void> {
    if (call.phase !== 'connecting' && call.phase !== 'ringingOut') return;
    const cancel = call.legalActions().includes('cancel') ? call.invitation.links.get('cancel') : undefined;
    call.finish('failed', { code: 'LocalFailure', subcode: 'Timeout' });
    this.options.book.retireEnded();
    if (cancel !== undefined) await this.#reported(this.options.session.post(cancel, call.invitationUrl));
  }

  /** The server's problems are reported, not thrown: the call already exists and goes on. */
  #reported(request: Promise<unknown>): Promise<void> {
    return reportingServerProblems(request, (error) => this.options.onProblem(error));
  }
}
