// The one contract between the main process and the renderer: commands go in (here), snapshots come out
// (snapshots.ts), with the person's settings (settings.ts). Schemas validate every command in main
// (main/ipc); the renderer only imports the types.
import * as z from './zod/zod.js';
import { settingsChangeSchema } from './settings.js';
import type { AppSnapshot, ChatLine } from './snapshots.js';
import { MAX_SIMULTANEOUS_DELAY_S, UNANSWERED_DELAY_RANGE_S } from './forwarding.js';
import type { HistoryEntry } from './history.js';
import { MAX_HISTORY_QUERY_LENGTH } from './history.js';
import { CHOSEN_AVAILABILITIES, MAX_LOCATION_LENGTH, MAX_NOTE_LENGTH, type ContactCard, type PeopleSearchResult } from './people.js';
import { PARTICIPANT_ACTIONS } from './meetings.js';

export { IPC_CHANNELS } from './channels.js';
export { DO_NOT_DISTURB, FEATURES, isSafeShortcut, SIGN_IN_METHODS, START_AT_LOGIN, TEL_E164, type Feature, type SignInMethod } from './settingsValues.js';
export { DEFAULT_SETTINGS, settingsChangeSchema, settingsSchema, type DeviceChoice, type Settings, type SettingsChange } from './settings.js';
export type * from './snapshots.js';
export { AVAILABILITIES, CHOSEN_AVAILABILITIES, MAX_SEARCH_LENGTH } from './people.js';
export type * from './people.js';
export { contactLabel, readableNumber } from './forwarding.js';
export type * from './forwarding.js';
export type * from './history.js';
export type * from './serverHistory.js';
export { MAX_ROSTER_SHOWN, PARTICIPANT_ACTIONS } from './meetings.js';
export type * from './meetings.js';

/** Generous bound for an SDP body; real offers and answers are a few kilobytes. */
export const MAX_SDP_LENGTH = 64 * 1024;

const callId = z.string().regex(/^[A-Za-z0-9_-]{1,64}$/);
/** A Recent entry (its id) a call or conversation continues: it goes through the server log's continue link where it has one. */
const historyEntryId = z.string().regex(/^[A-Za-z0-9_-]{1,64}$/);

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

/** Whom a contact card is of: a SIP address or an E.164 number. */
const contactUri = z.string().regex(/^(sip:[^\s@<>"]{1,256}@[A-Za-z0-9.-]{1,253}|tel:\+\d{7,15})$/);

/** A sign-in address: user@domain, with or without `sip:`. */
const signInAddress = z.string().regex(/^(sip:)?[^\s@<>"]{1,256}@[A-Za-z0-9.-]{1,253}$/i);

const forwardingTarget = z.string().min(1).max(256);
const simultaneousDelay = z.number().int().min(0).max(MAX_SIMULTANEOUS_DELAY_S);
const unansweredDelay = z.number().int().min(UNANSWERED_DELAY_RANGE_S[0]).max(UNANSWERED_DELAY_RANGE_S[1]);

/** What a person may choose (setForwarding); `target` as typed (an address or a number with its country code) or a contact's URI. */
const forwardingChoiceSchema = z.discriminatedUnion('kind', [
  z.strictObject({ kind: z.literal('off') }),
  z.strictObject({ kind: z.literal('forward'), to: z.enum(['contact', 'delegates', 'voicemail']), target: forwardingTarget.optional() }),
  z.strictObject({
    kind: z.literal('simultaneous'),
    to: z.enum(['contact', 'delegates', 'team']),
    target: forwardingTarget.optional(),
    delaySeconds: simultaneousDelay.optional(),
  }),
  z.strictObject({
    kind: z.literal('unanswered'),
    to: z.enum(['none', 'contact', 'voicemail']),
    target: forwardingTarget.optional(),
    delaySeconds: unansweredDelay.optional(),
  }),
  z.strictObject({ kind: z.literal('period'), workHoursOnly: z.boolean() }),
]);

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
  /**
   * Calls someone: `to` as the person typed it (a SIP address, name@domain or a phone number with its
   * country code; the core refuses anything else with a sentence), with the window's offer. The reply
   * carries the new call's id; the callee's answer comes in its snapshot (`remoteAnswer`).
   */
  z.strictObject({
    type: z.literal('startCall'),
    to: z.string().min(1).max(2048),
    video: z.boolean(),
    sdp: z.string().min(1).max(MAX_SDP_LENGTH),
    continueFrom: historyEntryId.optional(),
  }),
  /**
   * Calls someone via the person's own phone (startPhoneAudio): the server rings their phone, then `to`
   * (as for startCall, refused with a sentence before anything is sent). No media in the app. `continueFrom`:
   * the Recent entry called back, through its server log's continuePhoneAudio where it has one.
   */
  z.strictObject({ type: z.literal('callViaWork'), to: z.string().min(1).max(2048), continueFrom: historyEntryId.optional() }),
  /** The window cannot use the callee's answer to its offer (unparsable, no common codec, no DTLS): the call ends, saying why. */
  z.strictObject({ type: z.literal('abandonCall'), callId, problem: z.string().min(1).max(300) }),
  z.strictObject({ type: z.literal('cancel'), callId }),
  z.strictObject({ type: z.literal('hangUp'), callId }),
  z.strictObject({ type: z.literal('leave'), callId }),
  z.strictObject({ type: z.literal('sendMessage'), callId, text: z.string().min(1).max(8000) }),
  /** Starts an IM conversation: `to` as the person typed it (an address), `text` its first message. The reply carries its id. */
  z.strictObject({
    type: z.literal('startMessaging'),
    to: z.string().min(1).max(2048),
    text: z.string().min(1).max(8000),
    continueFrom: historyEntryId.optional(),
  }),
  /** The person is typing in a conversation (the core tells the other side at most every few seconds). */
  z.strictObject({ type: z.literal('typing'), callId }),
  z.strictObject({ type: z.literal('joinMeeting'), uri: meetingUri, subject: z.string().max(250).optional() }),
  /** Meet now: starts a meeting the person organises and joins it; the reply carries its id. */
  z.strictObject({ type: z.literal('startMeeting'), subject: z.string().max(250).optional() }),
  z.strictObject({ type: z.literal('addParticipant'), callId, to: sipUri }),
  /** A new offer for a connected call's media (hold, resume); the result carries the answer. */
  z.strictObject({ type: z.literal('renegotiate'), callId, sdp: z.string().min(1).max(MAX_SDP_LENGTH) }),
  /** The renderer's answer to the other side's new offer (`renegotiationOffer`). */
  z.strictObject({ type: z.literal('answerRenegotiation'), callId, offerId: callId, sdp: z.string().min(1).max(MAX_SDP_LENGTH) }),
  /** The renderer cannot take the other side's new offer. */
  z.strictObject({ type: z.literal('dismissRenegotiation'), callId, offerId: callId, reason: z.enum(DISMISS_REASONS) }),
  /** A leader's action on a meeting participant (admit, reject, eject, promote, mute), where the roster offers it. */
  z.strictObject({ type: z.literal('actOnParticipant'), callId, participantId: z.string().regex(/^p\d{1,9}$/), action: z.enum(PARTICIPANT_ACTIONS) }),
  /** Mutes the meeting's audience and keeps them muted (the audience mute lock), or lets them unmute again. */
  z.strictObject({ type: z.literal('lockAudience'), callId, locked: z.boolean() }),
  /** Joins a meeting's audio from the person's own phone (addPhoneAudio): the server calls it, then puts it in the meeting. */
  z.strictObject({ type: z.literal('joinMeetingByPhone'), callId }),
  /** Hangs up the person's phone in a meeting (stopPhoneAudio), or stops the meeting calling it; the meeting goes on. */
  z.strictObject({ type: z.literal('stopMeetingPhone'), callId }),
  /** The person unmutes after the meeting muted them, where it lets them. */
  z.strictObject({ type: z.literal('unmuteInMeeting'), callId }),
  /** Adds audio and video to a meeting the user is in, with the renderer's own SDP offer. */
  z.strictObject({
    type: z.literal('addMeetingMedia'),
    callId,
    sdp: z.string().min(1).max(MAX_SDP_LENGTH),
    /** Join with the microphone muted, the camera off (addAudioVideo's joinAudioMuted, joinVideoMuted). */
    audioMuted: z.boolean().optional(),
    videoMuted: z.boolean().optional(),
  }),
  z.strictObject({ type: z.literal('startTestCall'), video: z.boolean() }),
  /** The ring window's content height in CSS pixels, with that many cards: the desktop sizes the window to it. */
  z.strictObject({ type: z.literal('fitRingWindow'), height: z.number().int().min(0).max(10_000), cards: z.number().int().min(0).max(100) }),
  z.strictObject({ type: z.literal('updateSettings'), change: settingsChangeSchema }),
  /** Searches the directory as the person types; the reply carries what it found (`search`). Too long, empty or only punctuation sends nothing. */
  z.strictObject({ type: z.literal('searchPeople'), query: z.string().max(1000) }),
  /** The contact card of the person at `uri` (contact, note, location, photo); the reply carries it. */
  z.strictObject({ type: z.literal('getContactCard'), uri: contactUri }),
  z.strictObject({ type: z.literal('setAvailability'), availability: z.enum(CHOSEN_AVAILABILITIES) }),
  /** The person has seen Recent: its missed calls stop counting on the badge (and are marked as read on the server). */
  z.strictObject({ type: z.literal('seenMissedCalls') }),
  /** The personal note and the location; empty clears them (location_ref: at most 60 characters). */
  z.strictObject({ type: z.literal('setNote'), text: z.string().max(MAX_NOTE_LENGTH) }),
  z.strictObject({ type: z.literal('setLocation'), text: z.string().max(MAX_LOCATION_LENGTH) }),
  /** Where calls go (off, forward immediately, simultaneous ring, unanswered calls, work hours only); refused when the administrator locked it. */
  z.strictObject({ type: z.literal('setForwarding'), choice: forwardingChoiceSchema }),
  /** Calls the voicemail address the server gives (policies' voicemailUri) with the window's offer; the reply carries the call's id. */
  z.strictObject({ type: z.literal('callVoicemail'), sdp: z.string().min(1).max(MAX_SDP_LENGTH) }),
  /** Searches the history by name or number; the reply carries the newest entries found (`history`). */
  z.strictObject({ type: z.literal('searchHistory'), query: z.string().max(MAX_HISTORY_QUERY_LENGTH) }),
  /** Reads the next page of the server's older logs into the history (Recent scrolled to its end, a search); the reply says whether there may be more (`moreHistory`). */
  z.strictObject({ type: z.literal('readOlderHistory') }),
  /** A past IM conversation's messages, as the server keeps them (its log's transcript), in the reply (`transcript`); never kept by the app. */
  z.strictObject({ type: z.literal('getTranscript'), entryId: historyEntryId }),
  /** Forgets every entry of the history. */
  z.strictObject({ type: z.literal('clearHistory') }),
]);

export type Command = z.infer<typeof commandSchema>;
export type ForwardingChoice = z.infer<typeof forwardingChoiceSchema>;

/** What the ring page measured (fitRingWindow): its content's height with that many cards. */
export type RingContentReport = Omit<Extract<Command, { type: 'fitRingWindow' }>, 'type'>;
export type CommandType = Command['type'];
export type DeclineReason = (typeof DECLINE_REASONS)[number];
export type DismissReason = (typeof DISMISS_REASONS)[number];

export type CommandError = {
  code: 'InvalidCommand' | 'UntrustedSender' | 'UnknownCall' | 'IllegalAction' | 'Unavailable' | 'ServerError';
  message: string;
};

/**
 * `answerSdp`: the other side's answer to a `renegotiate` offer; `callId`: the call `startCall` placed, the
 * conversation `startMessaging` started; `search`: the people `searchPeople` found; `card`: the contact card `getContactCard` asked for;
 * `history`: the entries `searchHistory` found, newest first.
 */
export type CommandResult =
  | {
      ok: true;
      snapshot: AppSnapshot;
      answerSdp?: string;
      callId?: string;
      search?: PeopleSearchResult;
      card?: ContactCard;
      history?: HistoryEntry[];
      moreHistory?: boolean;
      transcript?: ChatLine[];
    }
  | { ok: false; error: CommandError };

/** What `window.softphone` offers the renderer: nothing else crosses the bridge. */
export type SoftphoneApi = {
  send(command: Command): Promise<CommandResult>;
  onSnapshot(listener: (snapshot: AppSnapshot) => void): () => void;
};
