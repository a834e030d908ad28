// What happens in a meeting the user is in, beyond joining it: once they are in, its chat is joined and
// its facts are read (onlineMeeting: join link, conference ID, organiser; phoneDialInInformation); and their audio and video are
// added on request (addAudioVideo), or the person's own phone (addPhoneAudio).
import type { DialIn } from '../../preload/shared/contract.js';
import type { UcwaSession } from '../ucwa/client.js';
import { reportingServerProblems, type UcwaError } from '../ucwa/errors.js';
import type { Call } from './call.js';
import type { CallBook } from './callBook.js';
import type { CallEvents } from './callEvents.js';
import type { ConversationMessaging } from './conversationMessaging.js';
import type { EarlyEvents } from './earlyEvents.js';
import { UnavailableActionError } from './errors.js';
import { addAudioVideoBody, MeetingMedia, type JoinMuted } from './meetingMedia.js';
import { addPhoneAudioBody, MeetingPhone } from './meetingPhone.js';
import { readDialIn, readOnlineMeeting } from './onlineMeeting.js';

const NOT_IN_A_MEETING = 'Only a meeting you are in can take your audio and video or your phone';

export type MeetingsOptions = {
  session: UcwaSession;
  book: CallBook;
  early: EarlyEvents;
  events: CallEvents;
  messaging: ConversationMessaging;
  onChange(): void;
  onProblem(error: UcwaError): void;
};

export class Meetings {
  /** Meetings whose addPhoneAudio is on its way: the phone is set on the call only once the POST returns. */
  readonly #phoneRequested = new WeakSet<Call>();

  constructor(private readonly options: MeetingsOptions) {}

  /** The user is in the meeting now: its chat and its facts, each where the server offers them; the meeting goes on without them. */
  joined(call: Call): void {
    void this.options.messaging.joinChat(call);
    void reportingServerProblems(this.#readFacts(call), this.options.onProblem);
  }

  /**
   * addAudioVideo with the renderer's offer, saying whether the person joins muted or with the camera off;
   * the meeting's answer comes in an audioVideoNegotiation event, then the invitation completes.
   */
  async addMedia(call: Call, offerSdp: string, muted: JoinMuted): Promise<void> {
    if (call.meetingMedia?.live) throw new UnavailableActionError('Your audio and video are already in the meeting');
    const created = await this.#add(call, 'audioVideo', 'The meeting does not take audio and video now', (uri) => addAudioVideoBody(uri, offerSdp, muted));
    const media = new MeetingMedia(created.url);
    this.options.book.mediaAdded(call, media);
    await this.#applyEarly(media);
  }

  /**
   * Joins the meeting's audio from the person's own phone (the conversation's phoneAudio → addPhoneAudio):
   * the server calls `phoneNumber`, then puts it in the meeting; the invitation's events say how it went.
   */
  async addPhone(call: Call, phoneNumber: string): Promise<void> {
    if (call.meetingPhone?.live) throw new UnavailableActionError('Your phone is already in the meeting');
    if (this.#phoneRequested.has(call)) throw new UnavailableActionError('The meeting is already calling your phone');
    this.#phoneRequested.add(call);
    try {
      const created = await this.#add(call, 'phoneAudio', 'The meeting cannot call your phone', (uri) => addPhoneAudioBody(uri, phoneNumber));
      const phone = new MeetingPhone(created.url, phoneNumber);
      this.options.book.phoneAdded(call, phone);
      await this.#applyEarly(phone);
    } finally {
      this.#phoneRequested.delete(call);
    }
  }

  /**
   * Hangs up the person's phone in the meeting, or stops the meeting calling it (the phoneAudio's
   * stopPhoneAudio); its events end it, and the meeting goes on.
   */
  async stopPhone(call: Call): Promise<void> {
    const phone = call.meetingPhone;
    if (!phone?.live) throw new UnavailableActionError('Your phone is not in the meeting');
    const stop = await this.#modalityLink(call, 'phoneAudio', 'stopPhoneAudio');
    if (stop === undefined) throw new UnavailableActionError('The meeting cannot hang up your phone now');
    // Asked before the POST: its events may come before it returns.
    phone.stopping(true);
    try {
      await this.options.session.post(stop.href, stop.base);
    } catch (error) {
      phone.stopping(false);
      throw error;
    }
  }

  /** POSTs `body(meetingUri)` to the meeting conversation's `modality` → add link (addAudioVideo, addPhoneAudio), or refuses with `unavailable`. */
  async #add(call: Call, modality: 'audioVideo' | 'phoneAudio', unavailable: string, body: (meetingUri: string) => object): Promise<{ url: URL }> {
    const meetingUri = call.invitation.onlineMeetingUri;
    if (call.phase !== 'connected' || meetingUri === undefined) throw new UnavailableActionError(NOT_IN_A_MEETING);
    const add = await this.#modalityLink(call, modality, modality === 'audioVideo' ? 'addAudioVideo' : 'addPhoneAudio');
    if (add === undefined) throw new UnavailableActionError(unavailable);
    return this.options.session.create(add.href, add.base, { json: body(meetingUri) });
  }

  /** The meeting conversation's `modality` → `rel` link and the URL it is relative to, where the meeting offers it. */
  async #modalityLink(call: Call, modality: 'audioVideo' | 'phoneAudio', rel: string): Promise<{ href: string; base: URL } | undefined> {
    const { events } = this.options;
    if (call.kind !== 'onlineMeetingInvitation' || !call.conversationHref) throw new UnavailableActionError(NOT_IN_A_MEETING);
    const conversation = await events.follow(call.conversationHref, call.invitationUrl, 'conversation');
    const modalityHref = conversation.links.get(modality);
    const resource = modalityHref === undefined ? undefined : await events.follow(modalityHref, conversation.url, modality);
    const href = resource?.links.get(rel);
    return resource === undefined || href === undefined ? undefined : { href, base: resource.url };
  }

  /** The events of the new invitation that came before its POST returned. */
  async #applyEarly(joined: MeetingMedia | MeetingPhone): Promise<void> {
    for (const event of this.options.early.take(joined.invitationUrl)) await this.options.events.applyMediaEvent(joined, event);
    this.options.onChange();
  }

  /** The conversation's onlineMeeting and its dial-in numbers, what the info panel shows; a dial-in problem is reported and loses nothing else. */
  async #readFacts(call: Call): Promise<void> {
    if (call.conversationHref === undefined) return;
    const conversation = await this.options.events.follow(call.conversationHref, call.invitationUrl, 'conversation');
    const href = conversation.links.get('onlineMeeting');
    if (href === undefined || call.phase !== 'connected') return;
    const meeting = await this.options.session.getJson(href, conversation.url);
    const { info, dialInHref } = readOnlineMeeting(meeting.json);
    const dialIn = dialInHref === undefined ? undefined : await this.#readDialIn(dialInHref, meeting.url);
    if (call.phase !== 'connected') return;
    call.meetingInfo = { ...info, ...(dialIn && { dialIn }) };
    this.options.onChange();
  }

  /** phoneDialInInformation, or nothing when it cannot be read (reported). */
  async #readDialIn(href: string, base: URL): Promise<DialIn | undefined> {
    let dialIn: DialIn | undefined;
    const reading = async () => {
      dialIn = readDialIn((await this.options.session.getJson(href, base)).json);
    };
    await reportingServerProblems(reading(), this.options.onProblem);
    return dialIn;
  }
}
