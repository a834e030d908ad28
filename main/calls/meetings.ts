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
    const { session, book, early, events } = this.options;
    const meetingUri = call.invitation.onlineMeetingUri;
    if (call.kind !== 'onlineMeetingInvitation' || call.phase !== 'connected' || !call.conversationHref || meetingUri === undefined) {
      throw new UnavailableActionError('Audio and video can be added to a meeting you are in only');
    }
    if (call.meetingMedia?.live) throw new UnavailableActionError('Your audio and video are already in the meeting');
    const conversation = await events.follow(call.conversationHref, call.invitationUrl, 'conversation');
    const audioVideoHref = conversation.links.get('audioVideo');
    const audioVideo = audioVideoHref === undefined ? undefined : await events.follow(audioVideoHref, conversation.url, 'audioVideo');
    const href = audioVideo?.links.get('addAudioVideo');
    if (audioVideo === undefined || href === undefined) throw new UnavailableActionError('The meeting does not take audio and video now');
    const created = await session.create(href, audioVideo.url, { json: addAudioVideoBody(meetingUri, offerSdp, muted) });
    const media = new MeetingMedia(created.url);
    book.mediaAdded(call, media);
    for (const event of early.take(created.url)) await events.applyMediaEvent(media, event);
    this.options.onChange();
  }

  /**
   * Joins the meeting's audio from the person's own phone (the conversation's phoneAudio → addPhoneAudio):
   * the server calls `phoneNumber`, then puts it in the meeting; the invitation's events say how it went.
   */
  async addPhone(call: Call, phoneNumber: string): Promise<void> {
    const { session, book, early, events } = this.options;
    const meetingUri = call.invitation.onlineMeetingUri;
    if (call.kind !== 'onlineMeetingInvitation' || call.phase !== 'connected' || !call.conversationHref || meetingUri === undefined) {
      throw new UnavailableActionError('Only a meeting you are in can be joined by phone');
    }
    if (call.meetingPhone?.live) throw new UnavailableActionError('Your phone is already in the meeting');
    const conversation = await events.follow(call.conversationHref, call.invitationUrl, 'conversation');
    const phoneAudioHref = conversation.links.get('phoneAudio');
    const phoneAudio = phoneAudioHref === undefined ? undefined : await events.follow(phoneAudioHref, conversation.url, 'phoneAudio');
    const href = phoneAudio?.links.get('addPhoneAudio');
    if (phoneAudio === undefined || href === undefined) throw new UnavailableActionError('The meeting cannot call your phone');
    const created = await session.create(href, phoneAudio.url, { json: addPhoneAudioBody(meetingUri, phoneNumber) });
    const phone = new MeetingPhone(created.url, phoneNumber);
    book.phoneAdded(call, phone);
    for (const event of early.take(created.url)) await events.applyMediaEvent(phone, event);
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
