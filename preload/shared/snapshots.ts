// What the core shows the windows: the app's snapshot, its account and its calls. Types only.
import type { ForwardingSnapshot } from './forwarding.js';
import type { HistorySnapshot } from './history.js';
import type { MeetingRoster } from './meetings.js';
import type { PeopleSnapshot } from './people.js';
import type { MissedSnapshot } from './serverHistory.js';
import type { Settings } from './settings.js';
import type { Feature, SignInMethod } from './settingsValues.js';

/** The app's windows: the main window, and the ring window (index.html#ring), which is sent only what it shows. */
export type WindowRole = 'main' | 'ring';

export type AccountSnapshot = {
  /** signedOut: a configured server waits for the person to sign in. */
  state: 'signedOut' | 'signingIn' | 'signedIn' | 'failed';
  /** The signed-in user's SIP URI, once known. */
  user?: string;
  /** Where the app is connected: the embedded local service or a configured server. */
  server: 'local' | 'remote';
  /** A sentence for the user when sign-in failed. */
  problem?: string;
  /** With a server the administrator configured: how the person signs in, and the last address used. */
  signIn?: { method: SignInMethod; address?: string; canRemember: boolean };
};

export type Importance = 'Normal' | 'Urgent' | 'Emergency' | 'Low' | 'High';

/**
 * Where a call is in its life, as a person sees it: incoming ones ring, then are answered; outgoing ones
 * (a call, a meeting join, an added participant) are connecting, in the lobby or waiting for the other
 * side; a call rings out once the callee's phone rings (or their early media plays).
 */
export type CallPhase = 'ringing' | 'answering' | 'connecting' | 'ringingOut' | 'connected' | 'ended';

/** What kind of invitation started it; `phoneAudio`: a call via the person's phone (no media in the app). */
export type CallKind = 'audioVideo' | 'messaging' | 'onlineMeeting' | 'participant' | 'phoneAudio';

/** The moves the user may make now: only these are offered, and only these are accepted. */
export type CallAction =
  | 'answer'
  | 'provisionalAnswer'
  | 'answerOnPhone'
  | 'accept'
  | 'acceptAndBridge'
  | 'startAdhocMeeting'
  | 'decline'
  | 'cancel'
  | 'hangUp'
  | 'leave'
  /** Offer new media for a connected call: hold and resume (the server offers renegotiation). */
  | 'renegotiate';

export type CallEnd = {
  /**
   * missed: the caller gave up or the invitation expired before anyone answered;
   * joined: an invited participant joined the conversation.
   */
  outcome: 'missed' | 'answeredElsewhere' | 'declined' | 'hungUp' | 'left' | 'remoteHungUp' | 'failed' | 'cancelled' | 'joined';
  code?: string;
  subcode?: string;
  /** A sentence for the user. */
  message: string;
};

/** Names (or addresses) of the people around a call, as far as the server told them. */
export type CallContext = {
  /** Whom a call placed here is for, by name. */
  to?: string;
  delegator?: string;
  onBehalfOf?: string;
  forwardedBy?: string;
  transferredBy?: string;
  privateLine: boolean;
  joinAudioMuted: boolean;
  joinVideoMuted: boolean;
};

/** The audio and video of a meeting the user is in: the client offered, the meeting answers. */
export type MeetingMediaSnapshot = {
  phase: 'connecting' | 'connected' | 'ended';
  /** The meeting's SDP answer to the client's offer, once it came. */
  answerSdp?: string;
  connectedAt?: number;
  /** Why it ended, when it did not end by leaving. */
  problem?: string;
};

/** The person's own phone joined to a meeting (addPhoneAudio): the server calls it, then puts it in the meeting. */
export type MeetingPhoneSnapshot = { phase: 'calling' | 'connected' | 'ended'; number: string; problem?: string };

/**
 * How phone callers join a meeting (phoneDialInInformation): numbers as the server gives them (`tel:` URIs or
 * text); `tollNumber` and `tollFreeNumbers` are the Audio Conference Provider's, `regions` the server's own.
 */
export type DialIn = { conferenceId?: string; tollNumber?: string; tollFreeNumbers: string[]; regions: DialInRegion[]; region?: string };

/** One of the server's own dial-in numbers and the region it serves. */
export type DialInRegion = { number: string; name?: string };

/** A meeting's join link (https only), conference ID and organiser, as its onlineMeeting gives them; `dialIn` where it links phoneDialInInformation. */
export type MeetingInfo = { joinUrl?: string; conferenceId?: string; organizerName?: string; dialIn?: DialIn };

/**
 * A message's text as the core keeps it: one longer than the app keeps is cut, ends in an ellipsis and is
 * marked `shortened`.
 */
export type MessageText = { text: string; shortened?: true };

/** One instant message; HTML is as the sender wrote it and must be sanitised before display. `from`: who wrote an incoming one in a meeting. */
export type ChatLine = { direction: 'Incoming' | 'Outgoing'; format: 'plain' | 'html'; at: number; from?: string } & MessageText;

export type CallSnapshot = {
  id: string;
  kind: CallKind;
  direction: 'Incoming' | 'Outgoing';
  phase: CallPhase;
  actions: CallAction[];
  /** An outgoing meeting join waiting in the lobby. */
  inLobby: boolean;
  /** The UCWA invitation state as the server last reported it. */
  invitationState: string;
  caller: { name: string; uri: string };
  /** Whom an outgoing invitation is for (the added participant, the meeting). */
  to?: string;
  subject: string;
  importance: Importance;
  /** The decoded mediaOffer SDP, when the invitation carries one. */
  offerSdp?: string;
  /** The first message of a messaging invitation, as plain text or HTML (to be sanitised before display). */
  firstMessage?: { format: 'plain' | 'html' } & MessageText;
  /** The last messages of a connected IM conversation, oldest first (the first message is `firstMessage`). */
  messages?: ChatLine[];
  /** A call via the person's phone: that phone, which the server rings first. */
  phoneNumber?: string;
  /** Someone else in a connected IM conversation is typing (typingParticipants). */
  othersTyping?: true;
  /** The meeting an onlineMeetingInvitation is about. */
  meetingUri?: string;
  /** The audio and video added to a meeting the user is in. */
  meetingMedia?: MeetingMediaSnapshot;
  /** The person's own phone in a meeting they are in, once they chose to join by phone. */
  meetingPhone?: MeetingPhoneSnapshot;
  /** What the server says of a meeting the user is in (onlineMeeting), for its info panel. */
  meetingInfo?: MeetingInfo;
  /** The meeting's chat is open (its messaging connected): `messages` and `sendMessage` as in an IM conversation. */
  meetingChat?: true;
  /** The callee's answer to the offer of a call placed here: early media's (provisional) while it rings out, then the final one. */
  remoteAnswer?: { sdp: string; provisional: boolean };
  /** A call placed here in the Skype for Business dialect: the media bridge made the offer, and the call is audio only. */
  dialect?: 'skypeForBusiness';
  /** What the call view says of the dialect: a video call to someone who takes only the Skype for Business dialect went through as audio only. */
  dialectNote?: string;
  /** A new offer from the other side of a connected call (they hold or resume), to be answered. */
  renegotiationOffer?: { id: string; sdp: string };
  /** The other side holds a call whose new offers the core answers itself (a Skype for Business call through the media bridge). */
  heldByRemote?: boolean;
  /** On whose behalf the call comes, who forwarded or transferred it, whether it rings a private line. */
  context?: CallContext;
  /** Set once the person chose to answer (from the ring window), until the call stops ringing. */
  answerChoice?: { video: boolean };
  /** Why the last attempt to answer here failed; the call still rings and can be answered again. */
  answerProblem?: string;
  startedAt: number;
  connectedAt?: number;
  end?: CallEnd & { endedAt: number };
  /** An ended audio or video call: whom to call back, and whether it was a video call. */
  callBack?: CallBack;
  /** How the invitations to add someone to this call ended, oldest first (the newest 10). */
  addedOutcomes?: AddedOutcome[];
};

/** An invitation to add someone to a call that ended: its id, when it was sent, and how it ended as a sentence. */
export type AddedOutcome = { id: string; startedAt: number; message: string };

/** A new call to the other person of a past call (a sip: or tel: URI the Call field would take), with video where the call had it. */
export type CallBack = { address: string; video: boolean };

export type AppSnapshot = {
  /**
   * Grows by one each time the snapshot's content changes: a window skips a snapshot whose revision it
   * has applied already (the reply to every command carries the current snapshot, changed or not).
   */
  revision: number;
  account: AccountSnapshot;
  /** Calls that are ringing, being answered or connected. */
  calls: CallSnapshot[];
  /** The lasting history's newest entries (Home's Recent), and why it is not being kept, if it is not. */
  history: HistorySnapshot;
  /** Search, presence and the contact list. */
  people: PeopleSnapshot;
  /** The roster of each meeting the person is in, by the meeting's call id (the main window's only). */
  rosters?: Record<string, MeetingRoster>;
  /** Missed calls not seen yet and unread voicemails: the badge on Home, the tray and the taskbar. */
  missed: MissedSnapshot;
  /** Whether a test call can be placed (only with the embedded local service). */
  canStartTestCall: boolean;
  /** Which calls the server lets this app place (startAudio or startAudioVideo; video needs startAudioVideo). */
  canCall: { audio: boolean; video: boolean };
  /** Whether the server offers calls via the person's phone (startPhoneAudio): their phone rings first, then the callee's. */
  canCallViaWork: boolean;
  /** The phone the person is reached on and that a call via their phone rings, and who set it. */
  myPhone?: MyPhone;
  /** Whether the server offers instant messages (startMessaging): a call may be declined with one. */
  canStartMessaging: boolean;
  /** Whether the server offers Meet now (startOnlineMeeting). */
  canStartMeeting?: true;
  /** Where calls go (me/callForwardingSettings), where the server offers it. */
  forwarding?: ForwardingSnapshot;
  /** Whether the server gives a voicemail address to call (policies' voicemailUri). */
  canCallVoicemail?: boolean;
  /** The person's settings, with the administrator's values over them. */
  settings: Settings;
  /** A link another application opened (a web page, a document), waiting for the person's word. */
  linkRequest?: LinkRequest;
  /** What the administrator's policy decides: features turned off, settings locked, why a policy file was ignored. */
  policy: { features: Record<Feature, boolean>; locked: (keyof Settings)[]; problem?: string };
};

/** The person's own phone as a tel: URI: set by the administrator, typed in Settings, or listed by the server for their account. */
export type MyPhone = { number: string; from: 'administrator' | 'settings' | 'account' };

/**
 * A sip:, tel:, conf: or meeting link: a meeting to join, someone to call (`address`, a sip: or tel: URI),
 * or a link refused with the reason. Any web page can open such a link, so nothing happens without the person.
 */
export type LinkRequest =
  | { id: string; kind: 'joinMeeting'; uri: string }
  /** `callBack`: the person chose Call back on a missed call's notification, so the main window places it at once, without asking again. */
  | { id: string; kind: 'call'; address: string; callBack?: true }
  | { id: string; kind: 'refused'; problem: string };
