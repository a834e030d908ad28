// The user's conversation history in the local service (conversationLogs_ref, conversationLog_ref,
// missedItems_ref): every incoming call, IM conversation and meeting invitation it rings the user with is
// logged once it ends, Missed (nobody answered, the caller gave up, no application was there) or
// Archived. Each new log is an `added` event, each change an `updated` one, and missedItems an `updated`
// event from communication, on every application's event channel; markAsRead and the continue links.
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { ServiceEvent } from './eventQueue.js';
import type { PlacedCall, RingRequest } from './incomingCall.js';
import type { LocalApplication } from './localApplication.js';
import type { OutgoingInvitations } from './outgoing.js';
import type { Outgoing } from './outgoingInvitation.js';
import {
  CONTINUE_LINKS,
  conversationLog,
  conversationLogs,
  conversationLogTranscripts,
  logPath,
  missedItems,
  missedItemsPath,
  type ContinueLink,
  type LoggedConversation,
} from './conversationLogResources.js';
import { readContinueBody } from './continueBodies.js';
import { appendKeepingNewest } from './keepNewest.js';
import { noContent, sendJson, ServiceError, type Continued } from './serviceHttp.js';

/** The most logs kept; older ones go. */
const LOGS_KEPT = 500;
/** conversationLogs' `limit`: its default and largest value. */
const DEFAULT_LIMIT = 50;
const MAX_LIMIT = 500;
/** Why an invitation failed that counts as missed rather than turned down. */
const MISSED_SUBCODES = new Set(['Missed', 'Canceled', 'TemporarilyUnavailable']);

/** A continue link the client followed, with the body it posted (only what the link's page documents). */
export type ContinuedLog = { readonly id: number; readonly link: ContinueLink; readonly received: Readonly<Record<string, unknown>> };

export type ConversationLogsOptions = {
  /** Whether conversation history is on (communication's conversationHistory); off, nothing is logged or linked. */
  enabled: boolean;
  /** The user's applications, whose event channels hear of the logs. */
  applications(): readonly LocalApplication[];
  /** Where the continue links start their new conversations, as startAudioVideo, startPhoneAudio and startMessaging do. */
  outgoing: Pick<OutgoingInvitations, 'startCall' | 'startPhoneCall' | 'startMessaging'>;
};

export class LocalConversationLogs {
  /** Oldest first. */
  readonly #logs: LoggedConversation[] = [];
  readonly #markedRead: number[] = [];
  readonly #continued: ContinuedLog[] = [];
  #nextId = 1;
  #markAsReadFailures = 0;

  constructor(private readonly options: ConversationLogsOptions) {}

  get enabled(): boolean {
    return this.options.enabled;
  }

  /** The logs, newest first (what a test checks). */
  list(): readonly LoggedConversation[] {
    return [...this.#logs].reverse();
  }

  /** The ids of the logs the client marked as read, in order (the newest RECORDS_KEPT). */
  markedRead(): readonly number[] {
    return this.#markedRead;
  }

  /** A test's switch: the next `times` markAsRead fail as markAsRead_ref documents (500 ServiceFailure/CallbackChannelError), their logs left unread. */
  failMarkAsRead(times = 1): void {
    this.#markAsReadFailures = times;
  }

  /** The continue links the client followed, in order: which log, which link, the body posted (the newest RECORDS_KEPT). */
  continued(): readonly ContinuedLog[] {
    return this.#continued;
  }

  /** Logs an incoming call, conversation or meeting invitation once it has ended. */
  follow(request: RingRequest, placed: PlacedCall): void {
    if (!this.options.enabled) return;
    const startedAt = Date.now();
    const base = {
      type: request.kind === 'messaging' ? 'MessageLog' : request.kind === 'onlineMeeting' ? 'ConferenceLog' : 'AudioLog',
      direction: 'Incoming',
      who: request.from,
      subject: request.subject ?? '',
      modalities: request.kind === 'messaging' ? ['Messaging'] : request.kind === 'onlineMeeting' ? ['Audio'] : ['Audio', 'Video'],
      startedAt,
      ...(request.kind === 'onlineMeeting' && { onlineMeetingUri: request.meetingUri }),
    } as const;
    const first = request.kind === 'messaging' ? [{ from: 'them' as const, text: request.message, at: startedAt }] : [];
    void placed.outcome.then(async (outcome) => {
      if (outcome.status === 'Failure') {
        const missed = MISSED_SUBCODES.has(outcome.reason.subcode ?? '');
        this.add({ ...base, status: missed ? 'Missed' : 'Archived', messages: first, read: !missed });
        return;
      }
      const connectedAt = Date.now();
      await placed.ended;
      const replies = placed.messagesFromCallee.map((chat) => ({ from: 'me' as const, text: chat.text, at: connectedAt }));
      this.add({ ...base, status: 'Archived', durationSeconds: Math.round((Date.now() - connectedAt) / 1000), messages: [...first, ...replies], read: true });
    });
  }

  /** Logs a call, IM conversation or meeting the user started, once it has ended (an added participant is part of its call). */
  followOutgoing(outgoing: Outgoing, startedAt: number, connectedAt: number | undefined): void {
    if (!this.options.enabled || outgoing.kind === 'participant') return;
    const type = outgoing.kind === 'messaging' ? 'MessageLog' : outgoing.kind === 'onlineMeeting' ? 'ConferenceLog' : 'AudioLog';
    this.add({
      type,
      status: 'Archived',
      direction: 'Outgoing',
      who: outgoing.callee ?? { name: outgoing.to.replace(/^(sip|tel):/, ''), uri: outgoing.to },
      subject: outgoing.subject,
      modalities: type === 'MessageLog' ? ['Messaging'] : ['Audio'],
      startedAt,
      ...(connectedAt !== undefined && { durationSeconds: Math.round((Date.now() - connectedAt) / 1000) }),
      ...(type === 'ConferenceLog' && { onlineMeetingUri: outgoing.to }),
      messages: outgoing.message ? [{ from: 'me', text: outgoing.message, at: startedAt }] : [],
      read: true,
    });
  }

  /** A new log, told to every application. */
  add(log: Omit<LoggedConversation, 'id'>): LoggedConversation {
    const logged = { ...log, id: this.#nextId++ };
    appendKeepingNewest(this.#logs, [logged], LOGS_KEPT);
    for (const app of this.options.applications()) app.events.push(this.#logEvent(app, logged, 'added'), this.#missedItemsEvent(app));
    return logged;
  }

  /** The requests under communication/conversationLogs and communication/missedItems. */
  async route(app: LocalApplication, method: string, url: URL, request: IncomingMessage, response: ServerResponse): Promise<void> {
    if (!this.options.enabled) throw new ServiceError(404, 'NotFound');
    const path = url.pathname;
    if (method === 'GET' && path === missedItemsPath(app.path)) return sendJson(response, 200, missedItems(app.path, this.#logs));
    if (method === 'GET' && path === `${app.path}/communication/conversationLogs`) {
      return sendJson(response, 200, conversationLogs(app.path, this.list().slice(0, limitOf(url))));
    }
    const [, id = '', tail = ''] = /\/conversationLogs\/(\d+)(\/[A-Za-z]+)?$/.exec(path) ?? [];
    const log = this.#logs.find((candidate) => String(candidate.id) === id);
    if (!log) throw new ServiceError(404, 'NotFound');
    const asked = `${method} ${tail}`;
    if (asked === 'GET ') return sendJson(response, 200, conversationLog(app.path, log));
    if (asked === 'GET /conversationLogTranscripts') return sendJson(response, 200, conversationLogTranscripts(app.path, log));
    if (asked === 'POST /markAsRead') return this.#markAsRead(log, response);
    if (asked === 'DELETE ') return this.#remove(log, response);
    const link = CONTINUE_LINKS.find((rel) => tail === `/${rel}`);
    if (method === 'POST' && link && (link !== 'continueMessaging' || log.who.uri.startsWith('sip:'))) {
      const received = await readContinueBody(link, request);
      appendKeepingNewest(this.#continued, [{ id: log.id, link, received }]);
      return this.#continueWith(link, { to: log.who.uri, body: received }, app, request, response);
    }
    throw new ServiceError(method === 'GET' ? 404 : 405, method === 'GET' ? 'NotFound' : 'MethodNotAllowed');
  }

  #continueWith(link: ContinueLink, continued: Continued, app: LocalApplication, request: IncomingMessage, response: ServerResponse): Promise<void> {
    const { outgoing } = this.options;
    if (link === 'continueMessaging') return outgoing.startMessaging(app, request, response, continued);
    if (link === 'continuePhoneAudio') return outgoing.startPhoneCall(app, request, response, continued);
    return outgoing.startCall(app, request, response, continued);
  }

  #markAsRead(log: LoggedConversation, response: ServerResponse): void {
    if (this.#markAsReadFailures > 0) {
      this.#markAsReadFailures--;
      throw new ServiceError(500, 'ServiceFailure', 'CallbackChannelError');
    }
    appendKeepingNewest(this.#markedRead, [log.id]);
    if (!log.read) {
      log.read = true;
      for (const app of this.options.applications()) app.events.push(this.#logEvent(app, log, 'updated'), this.#missedItemsEvent(app));
    }
    noContent(response);
  }

  #remove(log: LoggedConversation, response: ServerResponse): void {
    this.#logs.splice(this.#logs.indexOf(log), 1);
    for (const app of this.options.applications()) app.events.push(this.#logEvent(app, log, 'deleted'), this.#missedItemsEvent(app));
    noContent(response);
  }

  #logEvent(app: LocalApplication, log: LoggedConversation, type: 'added' | 'updated' | 'deleted'): ServiceEvent {
    return {
      sender: { rel: 'conversationLogs', href: `${app.path}/communication/conversationLogs` },
      link: { rel: 'conversationLog', href: logPath(app.path, log.id) },
      type,
    };
  }

  /** missedItems_ref's event: `updated`, sent by communication. */
  #missedItemsEvent(app: LocalApplication): ServiceEvent {
    return {
      sender: { rel: 'communication', href: `${app.path}/communication` },
      link: { rel: 'missedItems', href: missedItemsPath(app.path) },
      type: 'updated',
    };
  }
}

/** conversationLogs' `limit`: a whole number from 1 to MAX_LIMIT, else 400 ParameterValidationFailure. */
function limitOf(url: URL): number {
  const given = url.searchParams.get('limit');
  if (given === null) return DEFAULT_LIMIT;
  const limit = Number(given);
  if (!/^\d+$/.test(given) || limit < 1 || limit > MAX_LIMIT) throw new ServiceError(400, 'BadRequest', 'ParameterValidationFailure');
  return limit;
}
