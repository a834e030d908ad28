// The one contract between the main process and the renderer: commands go in, snapshots come out.
// Schemas validate every command in main (main/ipc); the renderer only imports the types.
import { z } from 'zod';
import { DO_NOT_DISTURB, isSafeShortcut, START_AT_LOGIN, type Feature } from './settingsValues.js';

export { IPC_CHANNELS } from './channels.js';
export { DO_NOT_DISTURB, FEATURES, isSafeShortcut, START_AT_LOGIN, type Feature } from './settingsValues.js';

/** Generous bound for an SDP body; real offers and answers are a few kilobytes. */
export const MAX_SDP_LENGTH = 64 * 1024;

const callId = z.string().regex(/^[A-Za-z0-9_-]{1,64}$/);

/** UCWA CallDeclineReason values (decline_ref / CallDeclineReason_ref). */
export const DECLINE_REASONS = [
  'Unknown',
  'Local',
  'Global',
  'MediaAllocationFailure',
  'EncryptionMismatch',
  'IPv6NotSupported',
  'MediaConnectivityFailure',
  'CodecMismatch',
  'UnsupportedMedia',
  'InvalidMediaOffer',
  'InsufficientBandwidth',
  'InsufficientBandwidthRerouteOverPstn',
] as const;

/** Why a new offer from the other side is refused (dismiss_ref). */
export const DISMISS_REASONS = [
  'Conflict',
  'EncryptionMismatch',
  'InsufficientBandwidth',
  'InvalidMediaOffer',
  'IPv6NotSupported',
  'MediaAllocationFailure',
  'UnsupportedMedia',
  'Unknown',
] as const;

const meetingUri = z.string().regex(/^(sip:|conf:|https:\/\/)[^\s<>"]{1,2040}$/i);
const sipUri = z.string().regex(/^sip:[^\s@<>"]{1,256}@[A-Za-z0-9.-]{1,253}$/);

/** A device the person chose, by id and label: ids change across restarts, labels mostly do not. */
const deviceChoice = z.strictObject({ id: z.string().max(512), label: z.string().max(512) });

export const settingsSchema = z.strictObject({
  microphone: deviceChoice.optional(),
  camera: deviceChoice.optional(),
  speaker: deviceChoice.optional(),
  ringer: deviceChoice.optional(),
  /** Ring on the default speaker as well as on the ring device. */
  ringAlsoOnDefault: z.boolean(),
  /** off; silence: calls ring without sound or notification; decline: calls are declined at once. */
  doNotDisturb: z.enum(DO_NOT_DISTURB),
  /** The system-wide shortcut that answers the newest ringing call; none when unset. */
  answerShortcut: z.string().max(64).refine(isSafeShortcut, 'not a shortcut with two modifiers and one key').optional(),
  /** Settings files from before this setting existed start with it off. */
  startAtLogin: z.enum(START_AT_LOGIN).default('off'),
});

/**
 * A change to some settings, merged by the core into what it holds, so two quick changes never undo
 * each other. `null` puts a device back to the system default and removes the shortcut.
 */
export const settingsChangeSchema = z.strictObject({
  microphone: deviceChoice.nullable().optional(),
  camera: deviceChoice.nullable().optional(),
  speaker: deviceChoice.nullable().optional(),
  ringer: deviceChoice.nullable().optional(),
  ringAlsoOnDefault: z.boolean().optional(),
  doNotDisturb: z.enum(DO_NOT_DISTURB).optional(),
  answerShortcut: settingsSchema.shape.answerShortcut.unwrap().nullable().optional(),
  startAtLogin: z.enum(START_AT_LOGIN).optional(),
});
export type SettingsChange = z.infer<typeof settingsChangeSchema>;

export type Settings = z.infer<typeof settingsSchema>;
export type DeviceChoice = z.infer<typeof deviceChoice>;
export const DEFAULT_SETTINGS: Settings = { ringAlsoOnDefault: false, doNotDisturb: 'off', answerShortcut: 'CommandOrControl+Shift+A', startAtLogin: 'off' };

/** A sign-in address: user@domain, with or without `sip:`. */
const signInAddress = z.string().regex(/^(sip:)?[^\s@<>"]{1,256}@[A-Za-z0-9.-]{1,253}$/i);

/** How people sign in to a server their administrator configured. */
export const SIGN_IN_METHODS = ['password', 'windows'] as const;
export type SignInMethod = (typeof SIGN_IN_METHODS)[number];

export const commandSchema = z.discriminatedUnion('type', [
  z.strictObject({ type: z.literal('getSnapshot') }),
  /** Signs in to the configured server; `remember` keeps the sign-in in the OS keychain. */
  z.strictObject({
    type: z.literal('signIn'),
    address: signInAddress,
    username: z.string().max(256).optional(),
    password: z.string().min(1).max(256).optional(),
    remember: z.boolean(),
  }),
  /** Signs out and forgets the remembered sign-in. */
  z.strictObject({ type: z.literal('signOut') }),
  /** The person's word on a link another application opened (`linkRequest`): go ahead, or not. */
  z.strictObject({ type: z.literal('answerLinkRequest'), id: callId, accept: z.boolean() }),
  z.strictObject({
    type: z.literal('answer'),
    callId,
    sdp: z.string().min(1).max(MAX_SDP_LENGTH),
  }),
  z.strictObject({
    type: z.literal('provisionalAnswer'),
    callId,
    sdp: z.string().min(1).max(MAX_SDP_LENGTH),
  }),
  /** The person's choice in the ring window; the window that prepared the media answers with it. */
  z.strictObject({ type: z.literal('chooseAnswer'), callId, video: z.boolean() }),
  /** The window holding the media could not answer: the choice is withdrawn and the reason shown. */
  z.strictObject({ type: z.literal('answerFailed'), callId, problem: z.string().max(300) }),
  z.strictObject({ type: z.literal('answerOnPhone'), callId }),
  z.strictObject({ type: z.literal('accept'), callId }),
  z.strictObject({
    type: z.literal('decline'),
    callId,
    reason: z.enum(DECLINE_REASONS).optional(),
  }),
  /** Decline, then start an IM conversation with the caller carrying a short message. */
  z.strictObject({ type: z.literal('declineWithMessage'), callId, text: z.string().min(1).max(500) }),
  z.strictObject({ type: z.literal('cancel'), callId }),
  z.strictObject({ type: z.literal('hangUp'), callId }),
  z.strictObject({ type: z.literal('leave'), callId }),
  z.strictObject({ type: z.literal('sendMessage'), callId, text: z.string().min(1).max(8000) }),
  z.strictObject({ type: z.literal('joinMeeting'), uri: meetingUri, subject: z.string().max(250).optional() }),
  z.strictObject({ type: z.literal('addParticipant'), callId, to: sipUri }),
  /** A new offer for a connected call's media (hold, resume); the result carries the answer. */
  z.strictObject({ type: z.literal('renegotiate'), callId, sdp: z.string().min(1).max(MAX_SDP_LENGTH) }),
  /** The renderer's answer to the other side's new offer (`renegotiationOffer`). */
  z.strictObject({ type: z.literal('answerRenegotiation'), callId, offerId: callId, sdp: z.string().min(1).max(MAX_SDP_LENGTH) }),
  /** The renderer cannot take the other side's new offer. */
  z.strictObject({ type: z.literal('dismissRenegotiation'), callId, offerId: callId, reason: z.enum(DISMISS_REASONS) }),
  /** Adds audio and video to a meeting the user is in, with the renderer's own SDP offer. */
  z.strictObject({ type: z.literal('addMeetingMedia'), callId, sdp: z.string().min(1).max(MAX_SDP_LENGTH) }),
  z.strictObject({ type: z.literal('startTestCall'), video: z.boolean() }),
  /** The ring window's content height in CSS pixels, with that many cards: the desktop sizes the window to it. */
  z.strictObject({ type: z.literal('fitRingWindow'), height: z.number().int().min(0).max(10_000), cards: z.number().int().min(0).max(100) }),
  z.strictObject({ type: z.literal('updateSettings'), change: settingsChangeSchema }),
]);

export type Command = z.infer<typeof commandSchema>;

/** What the ring page measured (fitRingWindow): its content's height with that many cards. */
export type RingContentReport = Omit<Extract<Command, { type: 'fitRingWindow' }>, 'type'>;
export type CommandType = Command['type'];
export type DeclineReason = (typeof DECLINE_REASONS)[number];
export type DismissReason = (typeof DISMISS_REASONS)[number];

export type CommandError = {
  code: 'InvalidCommand' | 'UntrustedSender' | 'UnknownCall' | 'IllegalAction' | 'Unavailable' | 'ServerError';
  message: string;
};

/** `answerSdp`: the other side's answer to a `renegotiate` offer. */
export type CommandResult = { ok: true; snapshot: AppSnapshot; answerSdp?: string } | { ok: false; error: CommandError };

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
 * (a meeting join, an added participant) are connecting, in the lobby or waiting for the other side.
 */
export type CallPhase = 'ringing' | 'answering' | 'connecting' | 'connected' | 'ended';

/** What kind of invitation started it. */
export type CallKind = 'audioVideo' | 'messaging' | 'onlineMeeting' | 'participant';

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

/** Names (or addresses) of the people around an incoming call, as far as the server told them. */
export type CallContext = {
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

/** One instant message; HTML is as the sender wrote it and must be sanitised before display. */
export type ChatLine = { direction: 'Incoming' | 'Outgoing'; format: 'plain' | 'html'; text: string; at: number };

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
  firstMessage?: { format: 'plain' | 'html'; text: string };
  /** The messages of a connected IM conversation, oldest first (the first message is `firstMessage`). */
  messages?: ChatLine[];
  /** The meeting an onlineMeetingInvitation is about. */
  meetingUri?: string;
  /** The audio and video added to a meeting the user is in. */
  meetingMedia?: MeetingMediaSnapshot;
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
};

export type AppSnapshot = {
  /**
   * Grows by one each time the snapshot's content changes: a window skips a snapshot whose revision it
   * has applied already (the reply to every command carries the current snapshot, changed or not).
   */
  revision: number;
  account: AccountSnapshot;
  /** Calls that are ringing, being answered or connected. */
  calls: CallSnapshot[];
  /** Calls that have ended, newest first. */
  recent: CallSnapshot[];
  /** Whether a test call can be placed (only with the embedded local service). */
  canStartTestCall: boolean;
  /** Whether the server offers instant messages (startMessaging): a call may be declined with one. */
  canStartMessaging: boolean;
  /** The person's settings, with the administrator's values over them. */
  settings: Settings;
  /** A link another application opened (a web page, a document), waiting for the person's word. */
  linkRequest?: LinkRequest;
  /** What the administrator's policy decides: features turned off, settings locked, why a policy file was ignored. */
  policy: { features: Record<Feature, boolean>; locked: (keyof Settings)[]; problem?: string };
};

/**
 * A sip:, tel:, conf: or meeting link: a meeting to join, someone to call (not possible yet), or a link
 * refused with the reason. Any web page can open such a link, so nothing happens without the person.
 */
export type LinkRequest =
  { id: string; kind: 'joinMeeting'; uri: string } | { id: string; kind: 'call'; address: string } | { id: string; kind: 'refused'; problem: string };

/** What `window.softphone` offers the renderer: nothing else crosses the bridge. */
export type SoftphoneApi = {
  send(command: Command): Promise<CommandResult>;
  onSnapshot(listener: (snapshot: AppSnapshot) => void): () => void;
};
