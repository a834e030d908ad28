// The server's conversation history while signed in (conversationLogs_ref, missedItems_ref): the newest
// logs read at sign-in and again at each conversationLog event, the missed items' counts at sign-in and at
// each missedItems event, and markAsRead for the missed ones the person has seen. Bounded: a page of the
// newest, fetched a few at a time, and at most KEPT entries; a log or list the server got wrong is
// reported (a typed UcwaError) and left out, the rest kept.
import { z } from 'zod';
import { SERVER_HISTORY_SHOWN, type MissedSnapshot, type ServerHistoryEntry } from '../../preload/shared/serverHistory.js';
import type { CallSnapshot } from '../../preload/shared/snapshots.js';
import type { UcwaClient } from '../ucwa/client.js';
import { reportingServerProblems, UcwaError } from '../ucwa/errors.js';
import type { EventBatch, UcwaEvent } from '../ucwa/events.js';
import { parseWith } from '../ucwa/resources.js';
import { readLogEntry, type LogEntry } from './logEntry.js';
import { MissedBadge } from './missedBadge.js';

/** Entries kept (the newest); the snapshot shows SERVER_HISTORY_SHOWN of them. */
const KEPT = 100;
/** Log entries are fetched this many at a time. */
const FETCHES_AT_ONCE = 4;

const hrefList = z.union([z.looseObject({ href: z.string() }), z.array(z.looseObject({ href: z.string() }))]).optional();
const logsSchema = z.looseObject({ _links: z.looseObject({ conversationLog: hrefList }) });
const count = z.number().int().min(0).max(1_000_000).optional();
const missedItemsSchema = z.looseObject({ unreadMissedConversationsCount: count, unreadVoicemailsCount: count });

export type LogsClient = Pick<UcwaClient, 'getJson' | 'post' | 'communication' | 'base' | 'http'>;
export type ConversationLogsHooks = { onChange(): void; onProblem(error: UcwaError): void };

type Kept = LogEntry & { id: string };

export class ConversationLogs {
  /** By the resolved href of the log. */
  readonly #entries = new Map<string, Kept>();
  /** The missed items' counts, where the server offers missedItems. */
  #missed: MissedSnapshot | undefined;
  readonly #badge = new MissedBadge();
  #revision = 0;
  #nextId = 1;
  #disposed = false;

  constructor(
    private readonly client: LogsClient,
    private readonly hooks: ConversationLogsHooks,
  ) {}

  /** Whether the server keeps conversation history for this user (communication links conversationLogs). */
  get offered(): boolean {
    return this.client.communication.has('conversationLogs');
  }

  /** Grows with each change of the entries. */
  get revision(): number {
    return this.#revision;
  }

  /** The badge's count, given the calls in Recent (see MissedBadge). */
  missed(recent: readonly CallSnapshot[]): MissedSnapshot {
    return this.#badge.count(this.#missed, recent);
  }

  /** The person has seen Recent: its missed calls stop counting, on the server too (markAsRead). */
  async seen(): Promise<void> {
    this.#badge.seen();
    this.hooks.onChange();
    await this.markMissedRead();
  }

  /** Reads the newest logs and the missed items; what cannot be read is reported. */
  async start(): Promise<void> {
    await Promise.all([this.#readList(), this.#readMissedItems()]);
  }

  /**
   * conversationLog added, updated or deleted; missedItems updated. Read in the background: the batch's
   * other changes (a call that rings) are not held back by these GETs.
   */
  handleBatch(batch: EventBatch): void {
    const logEvents = batch.events.filter((event) => event.rel === 'conversationLog');
    if (logEvents.length > 0) void this.#inTurns(logEvents, (event) => this.#apply(event));
    if (batch.events.some((event) => event.rel === 'missedItems' && event.type === 'updated')) void this.#readMissedItems();
  }

  /** The newest entries, newest first, as the windows see them. */
  snapshot(): ServerHistoryEntry[] {
    return this.#newest(SERVER_HISTORY_SHOWN).map(({ links, id, ...entry }) => ({
      ...entry,
      id,
      canContinue: {
        audio: links.has('continueAudio') || links.has('continueAudioVideo'),
        video: links.has('continueAudioVideo'),
        message: links.has('continueMessaging'),
      },
    }));
  }

  /**
   * Where a call back from the entry goes: its continueAudioVideo link for video, continueAudio (else
   * continueAudioVideo) for audio, resolved; undefined where it has none or a foreign one (reported):
   * the call then starts anew.
   */
  continueHref(id: string, video: boolean): string | undefined {
    const found = [...this.#entries.entries()].find(([, entry]) => entry.id === id);
    if (!found) return undefined;
    const [href, { links }] = found;
    const link = video ? links.get('continueAudioVideo') : (links.get('continueAudio') ?? links.get('continueAudioVideo'));
    try {
      return link === undefined ? undefined : this.client.http.resolve(link, new URL(href)).href;
    } catch (error) {
      if (!(error instanceof UcwaError)) throw error;
      this.hooks.onProblem(error);
      return undefined;
    }
  }

  /** The person has seen the missed ones: each unread one is marked as read on the server (markAsRead). */
  async markMissedRead(): Promise<void> {
    const unread = [...this.#entries.entries()].filter(([, entry]) => entry.unread);
    await this.#inTurns(unread, async ([href, entry]) => {
      const markAsRead = entry.links.get('markAsRead');
      if (markAsRead === undefined) return;
      await this.#reported(() => this.client.post(markAsRead, new URL(href)));
      entry.unread = false;
    });
    if (unread.length > 0) this.#changed();
  }

  /** The application was replaced: its logs' links are gone with it, so they are read again. */
  reread(): Promise<void> {
    this.#entries.clear();
    this.#changed();
    return this.start();
  }

  dispose(): void {
    this.#disposed = true;
  }

  #changed(): void {
    this.#revision++;
    this.hooks.onChange();
  }

  #newest(count: number): Kept[] {
    return [...this.#entries.values()].sort((a, b) => b.at - a.at).slice(0, count);
  }

  async #readList(): Promise<void> {
    const href = this.client.communication.get('conversationLogs');
    if (href === undefined) return;
    const listed = await this.#reported(async () => {
      const url = this.client.http.resolve(href, this.client.base);
      url.searchParams.set('limit', String(SERVER_HISTORY_SHOWN));
      const { json } = await this.client.getJson(url.href);
      const links = parseWith(logsSchema, json, 'conversationLogs')._links.conversationLog;
      return { base: url, hrefs: (Array.isArray(links) ? links : links ? [links] : []).slice(0, SERVER_HISTORY_SHOWN).map((link) => link.href) };
    });
    if (!listed) return;
    await this.#inTurns(listed.hrefs, (logHref) => this.#read(logHref, listed.base));
  }

  async #apply(event: UcwaEvent): Promise<void> {
    if (event.type === 'added' || event.type === 'updated') return this.#read(event.href, this.client.base, event.embedded);
    if (event.type !== 'deleted') return;
    const url = await this.#reported(async () => this.client.http.resolve(event.href, this.client.base));
    if (url && this.#entries.delete(url.href)) this.#changed();
  }

  /** One log: the embedded resource where the event carried it, else a GET. */
  async #read(href: string, base: URL, embedded?: unknown): Promise<void> {
    const read = await this.#reported(async () => {
      const url = this.client.http.resolve(href, base);
      const json = embedded ?? (await this.client.getJson(url.href)).json;
      return { url, entry: readLogEntry(json) };
    });
    if (!read || this.#disposed) return;
    const id = this.#entries.get(read.url.href)?.id ?? `log${this.#nextId++}`;
    this.#entries.set(read.url.href, { ...read.entry, id });
    const kept = new Set(this.#newest(KEPT));
    for (const [key, entry] of this.#entries) if (!kept.has(entry)) this.#entries.delete(key);
    this.#changed();
  }

  async #readMissedItems(): Promise<void> {
    const href = this.client.communication.get('missedItems');
    if (href === undefined) return;
    const counts = await this.#reported(async () => parseWith(missedItemsSchema, (await this.client.getJson(href)).json, 'missedItems'));
    if (!counts || this.#disposed) return;
    this.#missed = { calls: counts.unreadMissedConversationsCount ?? 0, voicemails: counts.unreadVoicemailsCount ?? 0 };
    this.hooks.onChange();
  }

  async #inTurns<T>(items: readonly T[], work: (item: T) => Promise<void>): Promise<void> {
    for (let start = 0; start < items.length && !this.#disposed; start += FETCHES_AT_ONCE) {
      await Promise.all(items.slice(start, start + FETCHES_AT_ONCE).map(work));
    }
  }

  /** What `work` gives, or undefined when the server's answer is unusable (reported). */
  async #reported<T>(work: () => Promise<T>): Promise<T | undefined> {
    let result: T | undefined;
    await reportingServerProblems(
      work().then((value) => void (result = value)),
      (error) => this.hooks.onProblem(error),
    );
    return result;
  }
}
