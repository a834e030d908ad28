// The shapes of the user's past conversations as UCWA documents them: conversationLogs (links to each
// conversationLog), conversationLog (type, status, direction, creationTime, modalities, the recipient
// embedded, the continue links and markAsRead), conversationLogTranscripts and missedItems.
import { contactHref, formEncode, type Person } from './resources.js';

export type ConversationLogType = 'AudioLog' | 'VideoLog' | 'MessageLog' | 'ConferenceLog';

/** The continue links (conversationLog_ref): each starts a new conversation with the log's recipient. */
export const CONTINUE_LINKS = ['continueAudioVideo', 'continueAudio', 'continuePhoneAudio', 'continueMessaging'] as const;
export type ContinueLink = (typeof CONTINUE_LINKS)[number];

/** One past conversation of the user's, as the service keeps it. */
export type LoggedConversation = {
  id: number;
  type: ConversationLogType;
  status: 'Missed' | 'Archived';
  direction: 'Incoming' | 'Outgoing';
  who: Person;
  subject: string;
  modalities: string[];
  /** When it began (ms since the epoch) and how long it was connected, in seconds. */
  startedAt: number;
  durationSeconds?: number;
  onlineMeetingUri?: string;
  /** An IM conversation's messages, oldest first. */
  messages: Array<{ from: 'them' | 'me'; text: string; at: number }>;
  read: boolean;
};

const logsPath = (appPath: string) => `${appPath}/communication/conversationLogs`;
export const logPath = (appPath: string, id: number) => `${logsPath(appPath)}/${id}`;
export const missedItemsPath = (appPath: string) => `${appPath}/communication/missedItems`;

/** UCWA's JSON dates: `/Date(ms)/`. */
const ucwaDate = (ms: number) => `/Date(${ms})/`;

/** The links communication offers for them while conversation history is on. */
export function historyLinks(appPath: string) {
  return { conversationLogs: { href: logsPath(appPath) }, missedItems: { href: missedItemsPath(appPath) } };
}

/** GET conversationLogs: a link to each of the newest `listed`, newest first. */
export function conversationLogs(appPath: string, listed: readonly LoggedConversation[]) {
  return {
    rel: 'conversationLogs',
    _links: { self: { href: logsPath(appPath) }, conversationLog: listed.map((log) => ({ href: logPath(appPath, log.id) })) },
  };
}

/** What can continue a log: calls for everyone, messaging only with a SIP address. */
function continueLinks(self: string, who: Person): Partial<Record<ContinueLink, { href: string }>> {
  const rels = CONTINUE_LINKS.filter((rel) => rel !== 'continueMessaging' || who.uri.startsWith('sip:'));
  return Object.fromEntries(rels.map((rel) => [rel, { href: `${self}/${rel}` }]));
}

export function conversationLog(appPath: string, log: LoggedConversation) {
  const self = logPath(appPath, log.id);
  const contact = contactHref(appPath, log.who);
  return {
    rel: 'conversationLog',
    creationTime: ucwaDate(log.startedAt),
    direction: log.direction,
    importance: 'Normal',
    modalities: log.modalities,
    ...(log.onlineMeetingUri && { onlineMeetingUri: log.onlineMeetingUri }),
    ...(log.messages[0] && { previewMessage: log.messages[0].text.slice(0, 100) }),
    status: log.status,
    subject: log.subject,
    threadId: `thread${log.id}`,
    totalRecipientsCount: 1,
    type: log.type,
    _links: {
      self: { href: self },
      ...continueLinks(self, log.who),
      conversationLogTranscripts: { href: `${self}/conversationLogTranscripts` },
      ...(!log.read && { markAsRead: { href: `${self}/markAsRead` } }),
    },
    _embedded: {
      conversationLogRecipient: [
        {
          rel: 'conversationLogRecipient',
          displayName: log.who.name,
          sipUri: log.who.uri,
          _links: {
            self: { href: `${self}/conversationLogRecipient` },
            contact: { href: contact },
            contactPresence: { href: `${contact}/contactPresence` },
          },
        },
      ],
    },
  };
}

/** A call's one audio transcript with its duration (seconds, as text), or an IM conversation's messages. */
export function conversationLogTranscripts(appPath: string, log: LoggedConversation) {
  const self = `${logPath(appPath, log.id)}/conversationLogTranscripts`;
  const transcript = (index: number, at: number, from: 'them' | 'me', embedded: Record<string, unknown>) => ({
    rel: 'conversationLogTranscript',
    timeStamp: ucwaDate(at),
    _links: {
      self: { href: `${self}/${index}` },
      ...(from === 'me' ? { me: { href: `${appPath}/me` } } : { contact: { href: contactHref(appPath, log.who) } }),
    },
    _embedded: embedded,
  });
  const audio =
    log.type === 'MessageLog'
      ? []
      : [
          transcript(0, log.startedAt, log.direction === 'Incoming' ? 'them' : 'me', {
            audioTranscript: {
              rel: 'audioTranscript',
              duration: String(log.durationSeconds ?? 0),
              status: log.status === 'Missed' ? 'Missed' : 'Connected',
              _links: { self: { href: `${self}/0/audioTranscript` } },
            },
          }),
        ];
  const messages = log.messages.map((message, index) =>
    transcript(index + 1, message.at, message.from, {
      messageTranscript: {
        rel: 'messageTranscript',
        _links: {
          self: { href: `${self}/${index + 1}/messageTranscript` },
          plainMessage: { href: `data:text/plain;charset=utf-8,${formEncode(message.text)}` },
        },
      },
    }),
  );
  return { rel: 'conversationLogTranscripts', _links: { self: { href: self } }, _embedded: { conversationLogTranscript: [...audio, ...messages] } };
}

/** GET missedItems: the counts for badges; the service keeps no voicemail. */
export function missedItems(appPath: string, logs: readonly LoggedConversation[]) {
  const missed = logs.filter((log) => log.status === 'Missed');
  return {
    rel: 'missedItems',
    conversationLogsCount: logs.length,
    conversationLogsNotifications: 'Enabled',
    missedConversationsCount: missed.length,
    unreadMissedConversationsCount: missed.filter((log) => !log.read).length,
    unreadVoicemailsCount: 0,
    voiceMailsCount: 0,
    _links: { self: { href: missedItemsPath(appPath) } },
  };
}
