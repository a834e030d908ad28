// An outgoing invitation of the local service (a meeting join, its audio and video, an added participant,
// a new IM conversation): what the service keeps of it, and its resources and events as the
// onlineMeetingInvitation, audioVideoInvitation, audioVideoNegotiation and participantInvitation pages show them.
import type { IncomingMessage, ServerResponse } from 'node:http';
import * as z from '../../preload/shared/zod/zod.js';
import type { ServiceEvent } from './eventQueue.js';
import { resourceIn, type Flavour } from './flavour.js';
import type { LocalApplication } from './localApplication.js';
import type { AnsweringEndpoint, AnsweringMedia } from './answeringPeer.js';
import * as invitations from './invitationResources.js';
import type { MeetingRoster } from './meetingRoster.js';
import type { MeetingChatView } from './meetingChat.js';
import type { MeetingPhoneView } from './meetingPhones.js';
import type { MessageLog } from './messages.js';
import type { AudioVideoSession } from './renegotiations.js';
import * as shapes from './resources.js';
import type { FailureReason, Person } from './resources.js';

/** How a person the user adds to a call responds; `silent`: the server never reports an outcome. */
export type InviteeResponse = 'accept' | 'decline' | 'ignore' | 'silent';

/**
 * `conferenceKey`: lets anonymous guests get a token for the meeting (urn:microsoft.rtc:anonmeeting);
 * `organizer`: the user leads the meeting (the roster's leader links are theirs); `dialIn`: false for a
 * meeting without dial-in numbers, or the numbers its phoneDialInInformation gives instead of the made-up ones.
 */
export type MeetingOptions = { subject?: string; lobby?: boolean; conferenceKey?: string; organizer?: boolean; dialIn?: boolean | DialInNumbers };

/** What a meeting's phoneDialInInformation says, as a test sets it: the Audio Conference Provider's numbers and the server's own regions. */
export type DialInNumbers = { tollNumber?: string; tollFreeNumbers?: string[]; regions?: { name: string; number: string }[] };

/** A meeting people join by URI; the test is its organiser and lets lobby joiners in or not. */
export type Meeting = {
  readonly uri: string;
  /** How many joiners wait in the lobby. */
  readonly waiting: number;
  /** The user's audio/video in the meeting once connected (addAudioVideo), until it stops. */
  readonly media: AnsweringEndpoint | undefined;
  /** The meeting's chat, as the user is in it. */
  readonly chat: MeetingChatView;
  /** The user's own phone, as the meeting called it (addPhoneAudio). */
  readonly phone: MeetingPhoneView;
  /** Its join link (onlineMeeting's joinUrl) and the conference ID phone callers dial. */
  readonly joinUrl: string | undefined;
  readonly conferenceId: string;
  admitAll(): void;
  denyAll(): void;
  /** The meeting's scripted people, and what the user did to them as a leader. */
  readonly roster: MeetingRoster;
  /** How the user asked to join its audio and video, each addAudioVideo in turn (joinAudioMuted, joinVideoMuted). */
  readonly mediaJoins: readonly MediaJoin[];
};

export type MediaJoin = { joinAudioMuted: boolean; joinVideoMuted: boolean };

/** A request on the communication resources of an application. */
export type CommunicationRequest = { app: LocalApplication; path: string; method: string; request: IncomingMessage; response: ServerResponse; url: URL };

export type OutgoingOptions = {
  nextId(): number;
  /** The signed-in user, as a meeting's localParticipant names them. */
  user: Person;
  /** How long an invitee who does not respond is waited for (UCWA: about 30 s). */
  ringTimeoutMs: number;
  /** How long a callee who answers lets it ring first (and the chat callee types before it answers). */
  answerAfterMs: number;
  /** The rels of IM conversations the user starts: plain or `ms:rtc:saas:`. */
  messagingFlavour: Flavour;
  /** An invitation the user started has ended (see OutgoingLedger). */
  ended?: (outgoing: Outgoing, startedAt: number, connectedAt: number | undefined) => void;
};

export type Outgoing = {
  kind: 'onlineMeeting' | 'participant' | 'messaging' | 'audioVideo' | 'phoneAudio';
  app: LocalApplication;
  path: string;
  conversationPath: string;
  state: 'Connecting' | 'Connected' | 'Failed';
  operationId: string;
  threadId: string;
  subject: string;
  to: string;
  meeting?: MeetingRoom;
  /** A meeting join's latest audio/video invitation (addAudioVideo), until stopAudioVideo ends it. */
  audioVideo?: Outgoing;
  /** A meeting join's chat invitation (addMessaging), until stopMessaging ends it. */
  messaging?: Outgoing;
  /** A meeting join's latest invitation of the user's own phone (addPhoneAudio). */
  phoneAudio?: Outgoing;
  media?: AudioVideoMedia;
  timer?: NodeJS.Timeout;
  /** A call to a callee whose phone rings (the invitation says Alerting while it connects). */
  alerting?: boolean;
  /** A call via work: the user's own phone, rung before the callee's. */
  phoneNumber?: string;
  /** Whom a call is for, when they are in the directory: the invitation links them as its `to` contact. */
  callee?: Person;
  /** A connected call's media session, where the user renegotiates (hold, resume). */
  session?: AudioVideoSession;
  /** An IM conversation's first message, as the user sent it with startMessaging. */
  message?: string;
  /** The rels an IM conversation's resources and events go in. */
  flavour?: Flavour;
  /** A connected IM conversation or a meeting's chat: its messages, and what the other side does with them. */
  chat?: OutgoingChat;
};

/** `echo`: the other person answers each message (after showing they type); `typingNotices`: the user's setIsTyping posts. */
export type OutgoingChat = { log: MessageLog; echo: boolean; typingNotices: number; replies: Set<NodeJS.Timeout> };

/**
 * An audio/video invitation's media: the meeting's media server or the callee answering the user's offer;
 * `early` while the answer is early media's (mediaProvisionalAnswer).
 */
export type AudioVideoMedia = {
  peer: AnsweringMedia;
  sessionContext: string;
  early?: boolean;
  /** What the callee answers with instead of its peer's answer (one the user cannot take). */
  answerSdp?: string;
};

/** `conferenceId`: what phone callers dial in with; `organizerName`: the organiser's name, where known (the user's, for Meet now). */
export type MeetingRoom = {
  uri: string;
  subject: string;
  lobby: boolean;
  conferenceKey?: string;
  conferenceId: string;
  organizerName?: string;
  /** Whether phone callers can dial in (its onlineMeeting links phoneDialInInformation), and with which numbers where a test set them. */
  dialIn: boolean | DialInNumbers;
  waiting: Set<Outgoing>;
  roster: MeetingRoster;
  mediaJoins: MediaJoin[];
};

/** The operationId every request that starts an invitation carries. */
export const operationIdSchema = z.string().min(1).max(50);

export const DENIED: FailureReason = { code: 'Forbidden', subcode: 'Denied', message: 'The lobby participant was denied from the conference.' };
export const CANCELED: FailureReason = { code: 'LocalFailure', subcode: 'Canceled', message: 'The invitation was cancelled by the local user.' };
export const UNSUPPORTED_MEDIA: FailureReason = { code: 'RemoteFailure', subcode: 'UnsupportedMediaType', message: 'Unsupported media.' };
/** How the invitation fails when the callee takes only the Skype for Business dialect (SDES) and the offer is another (the documented ErrorSubcode). */
export const ENCRYPTION_MISMATCH: FailureReason = {
  code: 'RemoteFailure',
  subcode: 'MediaEncryptionMismatch',
  message: 'The remote party supports only SDES-SRTP media encryption.',
};

/** The callee refuses the offer: the invitation fails with `reason`. */
export class CalleeRefusal extends Error {
  constructor(readonly reason: FailureReason) {
    super(reason.message);
    this.name = 'CalleeRefusal';
  }
}

export const OUTCOMES: Record<'decline' | 'ignore' | 'unknown', FailureReason> = {
  decline: { code: 'RemoteFailure', subcode: 'Declined', message: 'The outgoing invitation was declined.' },
  ignore: { code: 'RemoteFailure', subcode: 'Timeout', message: 'The remote party did not respond in time.' },
  unknown: { code: 'NotFound', subcode: 'DestinationNotFound', message: 'The destination could not be found.' },
};

export function refs(outgoing: Outgoing): Pick<ServiceEvent, 'sender' | 'link'> {
  return {
    sender: { rel: 'communication', href: `${outgoing.app.path}/communication` },
    link: { rel: `${outgoing.kind}Invitation`, href: outgoing.path },
  };
}

export function updatedEvent(outgoing: Outgoing): ServiceEvent {
  return { ...refs(outgoing), type: 'updated', _embedded: { [`${outgoing.kind}Invitation`]: invitationJson(outgoing) } };
}

export function conversationEvent(outgoing: Outgoing): ServiceEvent {
  const { conversationPath } = outgoing;
  return {
    sender: { rel: 'communication', href: `${outgoing.app.path}/communication` },
    link: { rel: 'conversation', href: conversationPath },
    type: 'updated',
    _embedded: {
      conversation: shapes.conversation(conversationPath, conversationState(outgoing), outgoing.threadId, outgoing.subject, {
        meeting: outgoing.kind === 'onlineMeeting',
      }),
    },
  };
}

/** The audioVideo modality of the conversation changed (it connected, or ended). */
export function audioVideoEvent(conversationPath: string, audioVideo: ReturnType<typeof shapes.audioVideo>): ServiceEvent {
  return {
    sender: { rel: 'conversation', href: conversationPath },
    link: { rel: 'audioVideo', href: `${conversationPath}/audioVideo` },
    type: 'updated',
    _embedded: { audioVideo },
  };
}

/** The messaging modality of the conversation changed (it connected, or ended). */
export function messagingEvent(conversationPath: string, state: string): ServiceEvent {
  return {
    sender: { rel: 'conversation', href: conversationPath },
    link: { rel: 'messaging', href: `${conversationPath}/messaging` },
    type: 'updated',
    _embedded: { messaging: shapes.messaging(conversationPath, state) },
  };
}

/** The answer to the user's offer, on the invitation's audioVideoNegotiation. */
export function negotiationEvent(invitation: Outgoing, media: AudioVideoMedia): ServiceEvent {
  return {
    sender: { rel: 'audioVideoInvitation', href: invitation.path },
    link: { rel: 'audioVideoNegotiation', href: `${invitation.path}/audioVideoNegotiation` },
    type: 'updated',
    _embedded: { audioVideoNegotiation: negotiationJson(invitation, media) },
  };
}

export function audioVideoJson(meetingCall: Outgoing) {
  const state = audioVideoState(meetingCall);
  return shapes.audioVideo(meetingCall.conversationPath, state, { addable: meetingCall.state === 'Connected' && state === 'Disconnected' });
}

export function audioVideoState(meetingCall: Outgoing): 'Disconnected' | 'Connecting' | 'Connected' {
  const state = meetingCall.audioVideo?.state;
  return state === 'Connecting' || state === 'Connected' ? state : 'Disconnected';
}

export function negotiationJson(invitation: Outgoing, media: AudioVideoMedia) {
  return shapes.audioVideoNegotiation(invitation.path, invitation.conversationPath, media.sessionContext, media.answerSdp ?? media.peer.answerSdp, media.early);
}

export function conversationState(outgoing: Outgoing): string {
  if (outgoing.state === 'Connected') return 'Conferenced';
  if (outgoing.state === 'Failed') return 'Disconnected';
  return outgoing.meeting?.waiting.has(outgoing) ? 'InLobby' : 'Conferencing';
}

export function invitationJson(outgoing: Outgoing) {
  const json = invitations.outgoingInvitation(`${outgoing.kind}Invitation`, {
    href: outgoing.path,
    appPath: outgoing.app.path,
    conversationPath: outgoing.conversationPath,
    // (inference) InvitationState's Alerting: the callee's phone rings.
    state: outgoing.state === 'Connecting' && outgoing.alerting ? 'Alerting' : outgoing.state,
    operationId: outgoing.operationId,
    threadId: outgoing.threadId,
    subject: outgoing.subject,
    to: outgoing.to,
    ...(outgoing.kind === 'onlineMeeting' && { onlineMeetingUri: outgoing.to }),
    ...(outgoing.phoneNumber !== undefined && { phoneNumber: outgoing.phoneNumber }),
    ...(outgoing.callee && { toHref: shapes.contactHref(outgoing.app.path, outgoing.callee) }),
    ...(outgoing.message && { message: outgoing.message }),
  });
  return resourceIn(outgoing.flavour ?? 'ucwa', json);
}
