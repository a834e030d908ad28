// The server's conversation history while signed in (conversationLogs_ref, missedItems_ref): the newest logs read at sign-in and
// after conversationLog events, older pages when asked, each handed to the lasting history; the missed items' counts, and markAsRead
// for the missed ones the person has seen. Bounded whatever the server sends: the events of any number of batches cost one reading at
// a time and one change to publish, at most KEPT entries are kept (and the unread ones read); a log or list the server got wrong is
// reported (a typed UcwaError) and left out, the rest kept.
import type { MissedSnapshot } from '../../preload/shared/serverHistory.js';
import type { ChatLine } from '../../preload/shared/contract.js';
import type { HistoryEntry } from '../../preload/shared/history.js';
import type { UcwaClient } from '../ucwa/client.js';
import { UcwaError } from '../ucwa/errors.js';
import { fewAtOnce } from '../ucwa/fewAtOnce.js';
import { orReported } from '../ucwa/orReported.js';
import type { EventBatch } from '../ucwa/events.js';
import { parseWith } from '../ucwa/resources.js';
import { historyOfLog, lastingHrefOf } from './historyOfLog.js';
import { logsSchema, missedItemsSchema, readLogEntry, type LogEntry } from './logEntry.js';
import { MissedBadge } from './missedBadge.js';
import { PastLogs, resolvedOrReported, type ContinueHow, type KeptLog } from './pastLogs.js';

/** Entries kept (the newest). */
const KEPT = 100;
/** The newest logs read at sign-in and after their events. */
const NEWEST = 20;
/** Older logs are read this many more at a time (conversationLogs' `limit`, its only paging), up to MAX_LISTED. */
const PAGE = 20;
const MAX_LISTED = 500;
/** Log entries are fetched this many at a time. */
const FETCHES_AT_ONCE = 4;
/** Why seeing Recent failed where the server could not mark a missed log as read. */
const NOT_MARKED = 'The server could not mark the missed calls as read: they are marked the next time you look at Recent.';

export type LogsClient = Pick<UcwaClient, 'getJson' | 'post' | 'communication' | 'base' | 'http'>;
export type ConversationLogsHooks = {
  onChange(): void;
  onProblem(error: UcwaError): void;
  /** Logs read since the last call, as history entries (the lasting history keeps them). */
  onLogged?(entries: HistoryEntry[]): void;
};

export class ConversationLogs {
  /** By the resolved href of the log. */
  readonly #entries = new Map<string, LogEntry>();
  /** The missed items' counts, where the server offers missedItems. */
  #missed: MissedSnapshot | undefined;
  readonly #badge = new MissedBadge();
  /** The marking of the missed logs as read under way (seen). */
  #marking: Promise<void> | undefined;
  #revision = 0;
  #disposed = false;
  /** What events asked to read again, until the reading under way (#refreshing) takes it. */
  #listStale = false;
  #missedStale = false;
  readonly #staleLogs = new Set<string>();
  #refreshing: Promise<void> | undefined;
  /** Grows when the application is replaced: a log read for the one before is not kept. */
  #generation = 0;
  /** How many of the newest logs the list was last asked for; older pages are read only when asked (readOlder). */
  #listed = NEWEST;
  /** The logs read in this application's life, kept or not, so a page read again costs no GET of them. */
  readonly #readHrefs = new Set<string>();
  /** Logs read in the reading under way, handed to onLogged together at its end. */
  #logged: HistoryEntry[] = [];
  readonly #pastLogs: PastLogs;

  constructor(
    private readonly client: LogsClient,
    private readonly hooks: ConversationLogsHooks,
  ) {
    this.#pastLogs = new PastLogs(client, hooks, (lastingHref) => this.#keptLog(lastingHref));
  }

  /** Whether the server keeps conversation history for this user (communication links conversationLogs). */
  get offered(): boolean {
    return this.client.communication.has('conversationLogs');
  }

  /** Grows with each change of the entries. */
  get revision(): number {
    return this.#revision;
  }

  /** The badge's count, given the entries in Recent (see MissedBadge). */
  missed(recent: readonly HistoryEntry[]): MissedSnapshot {
    return this.#badge.count(this.#missed, recent);
  }

  /**
   * The person has seen Recent: its missed calls stop counting, on the server too (markAsRead). Seen again
   * while that marking is under way, it waits for it rather than marking the same logs a second time.
   */
  seen(): Promise<void> {
    this.#badge.seen();
    this.hooks.onChange();
    this.#marking ??= this.markMissedRead().finally(() => (this.#marking = undefined));
    return this.#marking;
  }

  /** Reads the newest logs and the missed items; what cannot be read is reported. */
  start(): Promise<void> {
    this.#listStale = this.#missedStale = true;
    return this.#refresh();
  }

  /**
   * conversationLog added, updated or deleted; missedItems updated. Read in the background: the batch's
   * other changes (a call that rings) are not held back by these GETs; a flood of them, one reading.
   */
  handleBatch(batch: EventBatch): void {
    for (const event of batch.events) {
      if (event.rel === 'missedItems' && event.type === 'updated') this.#missedStale = true;
      if (event.rel !== 'conversationLog') continue;
      if (event.type === 'added') this.#listStale = true;
      else if (event.type === 'updated') this.#staleLogs.add(event.href);
      else if (event.type === 'deleted') this.#forget(event.href);
    }
    if (this.#listStale || this.#missedStale || this.#staleLogs.size > 0) void this.#refresh();
  }

  /** Where continuing the log kept under `lastingHref` goes (see PastLogs). */
  continueHref(lastingHref: string | undefined, how: ContinueHow): Promise<string | undefined> {
    return this.#pastLogs.continueHref(lastingHref, how);
  }

  /** An IM log's messages from the server (see PastLogs). */
  transcript(lastingHref: string | undefined): Promise<ChatLine[] | undefined> {
    return this.#pastLogs.transcript(lastingHref);
  }

  /** The links of the log kept under `lastingHref`, where this session keeps it. */
  #keptLog(lastingHref: string): KeptLog | undefined {
    const kept = [...this.#entries.entries()].find(([href]) => lastingHrefOf(new URL(href)) === lastingHref);
    return kept && { url: new URL(kept[0]), links: kept[1].links };
  }

  /**
   * The person has seen the missed ones: each unread one is marked as read on the server (markAsRead); while
   * the server still counts unread ones (missedItems), its older pages are read and theirs marked too.
   */
  async markMissedRead(): Promise<void> {
    for (let older = true; ; older = (await this.readOlder()) === true) {
      const unread = [...this.#entries.entries()].filter(([, entry]) => entry.unread);
      const marked = await fewAtOnce(unread, FETCHES_AT_ONCE, ([href, entry]) => this.#markAsRead(href, entry), this.#stopped);
      if (unread.length > 0) this.#changed();
      this.#missedStale = true;
      await this.#refresh();
      // Those the server could not mark stay unread, for the next look at Recent to mark.
      if (marked.includes(false)) throw new UcwaError(NOT_MARKED);
      if (!older || this.#disposed || !this.#missed?.calls) return;
    }
  }

  /** Resolves with whether the server marked the log as read (a failure is reported, and the log stays unread). */
  async #markAsRead(href: string, entry: LogEntry): Promise<boolean> {
    const markAsRead = entry.links.get('markAsRead');
    if (markAsRead === undefined) return true;
    const marked = await this.#reported(() => this.client.post(markAsRead, new URL(href)).then(() => true));
    if (marked) entry.unread = false;
    return marked === true;
  }

  /**
   * Reads the next page of older logs into the history (the person scrolled to the end of Recent or searches);
   * resolves once it is read, with whether the server may have older ones still, or undefined where the page
   * could not be read (reported): the same page is asked for next time.
   */
  async readOlder(): Promise<boolean | undefined> {
    if (this.#listed >= MAX_LISTED) return false;
    const asked = Math.min(MAX_LISTED, this.#listed + PAGE);
    const listed = await this.#readList(asked);
    this.#handOverLogged();
    this.#changed();
    if (listed === undefined) return undefined;
    this.#listed = Math.max(this.#listed, asked);
    return listed >= asked && asked < MAX_LISTED;
  }

  /** The application was replaced: its logs' links are gone with it, so they are read again. */
  reread(): Promise<void> {
    this.#generation++;
    this.#entries.clear();
    this.#readHrefs.clear();
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

  #newest(count: number): LogEntry[] {
    return [...this.#entries.values()].sort((a, b) => b.at - a.at).slice(0, count);
  }

  /** One reading at a time of what events made stale, again while more came meanwhile; one change published per reading. */
  #refresh(): Promise<void> {
    this.#refreshing ??= (async () => {
      while (!this.#disposed && (this.#listStale || this.#missedStale || this.#staleLogs.size > 0)) {
        const [list, missed] = [this.#listStale, this.#missedStale];
        const updated = [...this.#staleLogs].flatMap((href) => this.#resolved(href, this.client.base) ?? []).filter((url) => this.#entries.has(url.href));
        this.#listStale = this.#missedStale = false;
        this.#staleLogs.clear();
        const changedBefore = this.#revision;
        await Promise.all([
          list ? this.#readList(NEWEST) : undefined,
          missed ? this.#readMissedItems() : undefined,
          fewAtOnce(updated, FETCHES_AT_ONCE, (url) => this.#read(url.href, this.client.base), this.#stopped),
        ]);
        this.#handOverLogged();
        if (this.#revision !== changedBefore || missed) this.hooks.onChange();
      }
    })().finally(() => (this.#refreshing = undefined));
    return this.#refreshing;
  }

  #handOverLogged(): void {
    const logged = this.#logged.splice(0);
    if (logged.length > 0 && !this.#disposed) this.hooks.onLogged?.(logged);
  }

  #forget(href: string): void {
    const url = this.#resolved(href, this.client.base);
    if (url && this.#entries.delete(url.href)) this.#changed();
  }

  /** The href resolved, or undefined for one that is foreign or no URL (reported). */
  #resolved(href: string, base: URL): URL | undefined {
    return resolvedOrReported(this.client, href, base, this.hooks.onProblem);
  }

  /** Reads the `limit` newest logs not read yet; resolves with how many the server listed, undefined where it could not be read (reported). */
  async #readList(limit: number): Promise<number | undefined> {
    const href = this.client.communication.get('conversationLogs');
    if (href === undefined) return 0;
    const listed = await this.#reported(async () => {
      const url = this.client.http.resolve(href, this.client.base);
      url.searchParams.set('limit', String(limit));
      const { json } = await this.client.getJson(url.href);
      const links = parseWith(logsSchema, json, 'conversationLogs')._links.conversationLog;
      return { base: url, hrefs: (Array.isArray(links) ? links : links ? [links] : []).slice(0, limit).map((link) => link.href) };
    });
    if (!listed) return undefined;
    const unknown = listed.hrefs
      .flatMap((logHref) => this.#resolved(logHref, listed.base) ?? [])
      .filter((url) => !this.#entries.has(url.href) && !this.#readHrefs.has(url.href));
    await fewAtOnce(unknown, FETCHES_AT_ONCE, (url) => this.#read(url.href, listed.base), this.#stopped);
    return listed.hrefs.length;
  }

  /** One log, by a GET. */
  async #read(href: string, base: URL): Promise<void> {
    const generation = this.#generation;
    const read = await this.#reported(async () => {
      const url = this.client.http.resolve(href, base);
      return { url, entry: readLogEntry((await this.client.getJson(url.href)).json) };
    });
    if (!read || this.#disposed || generation !== this.#generation) return;
    this.#entries.set(read.url.href, read.entry);
    this.#readHrefs.add(read.url.href);
    if (this.#readHrefs.size > MAX_LISTED) this.#readHrefs.delete(this.#readHrefs.values().next().value!);
    this.#logged.push(historyOfLog(lastingHrefOf(read.url), read.entry));
    const kept = new Set(this.#newest(KEPT));
    // An unread one stays until marked as read (markMissedRead), however old: at most the MAX_LISTED read.
    for (const [key, entry] of this.#entries) if (!kept.has(entry) && !entry.unread) this.#entries.delete(key);
    this.#revision++;
  }

  async #readMissedItems(): Promise<void> {
    const href = this.client.communication.get('missedItems');
    if (href === undefined) return;
    const counts = await this.#reported(async () => parseWith(missedItemsSchema, (await this.client.getJson(href)).json, 'missedItems'));
    if (!counts || this.#disposed) return;
    this.#missed = { calls: counts.unreadMissedConversationsCount ?? 0, voicemails: counts.unreadVoicemailsCount ?? 0 };
  }

  readonly #stopped = () => this.#disposed;

  /** What `work` gives, or undefined when the server's answer is unusable (reported). */
  #reported<T>(work: () => Promise<T>): Promise<T | undefined> {
    return orReported(work, (error) => this.hooks.onProblem(error));
  }
}
