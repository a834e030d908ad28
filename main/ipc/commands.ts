// Every command a window may send, each declared once: the policy features it needs (it is refused when
// one is off) and what it does. Its schema is the contract's (preload/shared/contract.ts); the compiler
// holds this table to the contract's command types, so a new command is one schema and one entry here.
import type {
  AppSnapshot,
  ChatLine,
  Command,
  CommandType,
  ContactCard,
  Feature,
  HistoryEntry,
  PeopleSearchResult,
  RingContentReport,
} from '../../preload/shared/contract.js';
import type { Core } from '../core/core.js';
import { carriesVideo } from '../policy/features.js';

export type CommandContext = {
  core: Core;
  /** The ring window's size, passed to the desktop around the core. */
  fitRingWindow(report: RingContentReport): void;
};

/** What a command's reply carries besides the snapshot. */
export type CommandOutcome =
  | { answerSdp: string }
  | { callId: string }
  | { search: PeopleSearchResult }
  | { card: ContactCard }
  | { history: HistoryEntry[] }
  | { moreHistory: boolean }
  | { transcript: ChatLine[] | undefined };

type CommandOf<T extends CommandType> = Extract<Command, { type: T }>;

type CommandEntry<T extends CommandType> = {
  needs?: (command: CommandOf<T>, snapshot: AppSnapshot) => Feature[];
  /** Runs it; what it resolves with goes into the reply (a renegotiation's answer). */
  run: (context: CommandContext, command: CommandOf<T>) => void | Promise<void> | Promise<CommandOutcome>;
};

/** For commands whose work yields something the window does not need: the reply carries the snapshot only. */
const done = async (work: Promise<unknown>): Promise<void> => {
  await work;
};

const videoIfCarried = ({ sdp }: { sdp: string }): Feature[] => (carriesVideo(sdp) ? ['video'] : []);

export const COMMANDS: { [T in CommandType]: CommandEntry<T> } = {
  getSnapshot: { run: () => undefined },
  signIn: { run: ({ core }, { type: _type, ...entry }) => core.signIn(entry) },
  signOut: { run: ({ core }) => core.signOut() },
  answerLinkRequest: {
    needs: ({ accept }, snapshot) => (accept && snapshot.linkRequest?.kind === 'joinMeeting' ? ['meetings'] : []),
    run: ({ core }, { id, accept }) => core.answerLinkRequest(id, accept),
  },
  answer: { needs: videoIfCarried, run: ({ core }, { callId, sdp }) => core.answer(callId, sdp) },
  provisionalAnswer: {
    needs: (command) => ['earlyMedia', ...videoIfCarried(command)],
    run: ({ core }, { callId, sdp }) => core.provisionalAnswer(callId, sdp),
  },
  chooseAnswer: { needs: ({ video }) => (video ? ['video'] : []), run: ({ core }, { callId, video }) => core.chooseAnswer(callId, video) },
  answerFailed: { run: ({ core }, { callId, problem }) => core.answerFailed(callId, problem) },
  answerOnPhone: { needs: () => ['answerOnPhone'], run: ({ core }, { callId }) => core.calls.answerOnPhone(callId) },
  accept: {
    needs: ({ callId }, snapshot) => {
      const kind = snapshot.calls.find((call) => call.id === callId)?.kind;
      return kind === 'messaging' ? ['messaging'] : kind === 'onlineMeeting' ? ['meetings'] : [];
    },
    run: ({ core }, { callId }) => core.calls.accept(callId),
  },
  decline: { run: ({ core }, { callId, reason }) => core.calls.decline(callId, reason) },
  declineWithMessage: {
    needs: () => ['declineWithMessage', 'messaging'],
    run: ({ core }, { callId, text }) => done(core.calls.declineWithMessage(callId, text)),
  },
  startCall: {
    needs: ({ video }) => (video ? ['video'] : []),
    run: async ({ core }, { to, sdp, video, continueFrom }) => ({
      callId: await core.startCall(to, sdp, video, await core.continueVia(continueFrom, video ? 'video' : 'audio')),
    }),
  },
  callViaWork: {
    run: async ({ core }, { to, continueFrom }) => ({ callId: await core.callViaWork(to, continueFrom) }),
  },
  abandonCall: { run: ({ core }, { callId, problem }) => core.calls.abandon(callId, problem) },
  cancel: { run: ({ core }, { callId }) => core.calls.cancel(callId) },
  hangUp: { run: ({ core }, { callId }) => core.calls.hangUp(callId) },
  leave: { run: ({ core }, { callId }) => core.calls.leave(callId) },
  sendMessage: { needs: () => ['messaging'], run: ({ core }, { callId, text }) => core.calls.sendMessage(callId, text) },
  startMessaging: {
    needs: () => ['messaging'],
    run: async ({ core }, { to, text, continueFrom }) => ({
      callId: await core.calls.startMessaging(to, text, await core.continueVia(continueFrom, 'message')),
    }),
  },
  typing: { needs: () => ['messaging'], run: ({ core }, { callId }) => core.calls.typing(callId) },
  joinMeeting: { needs: () => ['meetings'], run: ({ core }, { uri, subject }) => done(core.calls.joinMeeting(uri, subject)) },
  startMeeting: { needs: () => ['meetings'], run: async ({ core }, { subject }) => ({ callId: await core.calls.startMeeting(subject) }) },
  addParticipant: { needs: () => ['addParticipant'], run: ({ core }, { callId, to }) => done(core.calls.addParticipant(callId, to)) },
  renegotiate: { needs: videoIfCarried, run: async ({ core }, { callId, sdp }) => ({ answerSdp: await core.renegotiate(callId, sdp) }) },
  answerRenegotiation: {
    needs: videoIfCarried,
    run: ({ core }, { callId, offerId, sdp }) => core.calls.answerRenegotiation(callId, offerId, sdp),
  },
  dismissRenegotiation: { run: ({ core }, { callId, offerId, reason }) => core.calls.dismissRenegotiation(callId, offerId, reason) },
  actOnParticipant: { needs: () => ['meetings'], run: ({ core }, { callId, participantId, action }) => core.meetings.act(callId, participantId, action) },
  lockAudience: { needs: () => ['meetings'], run: ({ core }, { callId, locked }) => core.meetings.lockAudience(callId, locked) },
  joinMeetingByPhone: {
    needs: () => ['meetings'],
    run: ({ core }, { callId }) => core.calls.joinMeetingByPhone(callId, core.myPhoneNumber('join meetings by phone')),
  },
  stopMeetingPhone: { needs: () => ['meetings'], run: ({ core }, { callId }) => core.calls.stopMeetingPhone(callId) },
  unmuteInMeeting: { needs: () => ['meetings'], run: ({ core }, { callId }) => core.meetings.unmute(callId) },
  addMeetingMedia: {
    needs: ({ sdp }) => (carriesVideo(sdp) ? ['meetings', 'video'] : ['meetings']),
    run: ({ core }, { callId, sdp, audioMuted = false, videoMuted = false }) => core.calls.addMeetingMedia(callId, sdp, { audioMuted, videoMuted }),
  },
  startTestCall: { needs: ({ video }) => (video ? ['testCall', 'video'] : ['testCall']), run: ({ core }, { video }) => done(core.startTestCall(video)) },
  fitRingWindow: { run: (context, { height, cards }) => context.fitRingWindow({ height, cards }) },
  updateSettings: { run: ({ core }, { change }) => core.updateSettings(change) },
  searchPeople: { run: async ({ core }, { query }) => ({ search: await core.people.search(query) }) },
  getContactCard: { run: async ({ core }, { uri }) => ({ card: await core.people.cards.card(uri) }) },
  setAvailability: { run: ({ core }, { availability }) => core.people.me.setAvailability(availability) },
  seenMissedCalls: { run: ({ core }) => core.conversationLogs.seen() },
  setNote: { run: ({ core }, { text }) => core.people.me.setNote(text) },
  setLocation: { run: ({ core }, { text }) => core.people.me.setLocation(text) },
  setForwarding: { needs: () => ['forwarding'], run: ({ core }, { choice }) => core.forwarding.set(choice) },
  callVoicemail: { run: async ({ core }, { sdp }) => ({ callId: await core.startCall(core.forwarding.voicemailTarget(), sdp, false) }) },
  searchHistory: { run: async ({ core }, { query }) => ({ history: core.history.search(query) }) },
  clearHistory: { run: ({ core }) => core.history.clear() },
  getTranscript: { run: async ({ core }, { entryId }) => ({ transcript: await core.conversationLogs.transcript(core.history.serverHrefOf(entryId)) }) },
  readOlderHistory: { run: async ({ core }) => ({ moreHistory: (await core.conversationLogs.readOlder()) !== false }) },
};

/** The table's entry for a command, typed for that command. */
export function commandEntry<T extends CommandType>(command: CommandOf<T>): CommandEntry<T> {
  return COMMANDS[command.type as T];
}
