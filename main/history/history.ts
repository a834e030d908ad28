// The lasting history of the calls, meetings and conversations this app saw: kept in a SQLite file in the
// user's data folder within the administrator's limits, searched on demand, and shown newest first. A file
// it must not write (a newer app's) is left alone and the history lasts as long as the process; a failed
// write keeps the new entries in memory, says so, and saves them with the next write that succeeds.
import type { CallSnapshot } from '../../preload/shared/contract.js';
import { callBackOfEntry, HISTORY_RECENT_SHOWN, HISTORY_SEARCH_LIMIT, type HistoryEntry, type HistorySnapshot } from '../../preload/shared/history.js';
import { entryOfCall } from './entryOfCall.js';
import { HistoryFileRefusedError, HistoryStore, HistoryWriteError, type HistoryLimits } from './historyStore.js';

export { HistoryWriteError } from './historyStore.js';

/** The administrator's say: how long and how many entries are kept, and whether a conversation's last message is. */
export type HistoryPolicy = HistoryLimits & { keepMessageContent: boolean };

export class History {
  /** Entries a failed write could not save, until a write succeeds: made at the first failure (an in-memory database costs megabytes). */
  #unsaved: HistoryStore | undefined;
  #writeProblem: string | undefined;
  #recent: HistoryEntry[] | undefined;

  private constructor(
    private readonly saved: HistoryStore,
    private readonly refused: string | undefined,
    private readonly policy: HistoryPolicy,
    private readonly changed: () => void,
    private readonly now: () => number,
  ) {
    this.#tryWrite(() => this.saved.prune(policy, now()));
  }

  /** The history in `file`, or in memory without one or when the file is refused (the snapshot says why). */
  static open(file: string | undefined, policy: HistoryPolicy, changed: () => void, now = Date.now): History {
    if (file === undefined) return new History(HistoryStore.inMemory(), undefined, policy, changed, now);
    try {
      return new History(HistoryStore.open(file), undefined, policy, changed, now);
    } catch (error) {
      if (!(error instanceof HistoryFileRefusedError)) throw error;
      const refused = `${error.message} It is left as it is, and this session’s history lasts until the app closes.`;
      return new History(HistoryStore.inMemory(), refused, policy, changed, now);
    }
  }

  /** Keeps a call, meeting or conversation that ended. */
  record(call: CallSnapshot): void {
    const entry = entryOfCall(call, this.policy.keepMessageContent);
    if (entry) this.add([entry]);
  }

  /** Keeps entries (one already kept, by id or server href, is not added twice; a server's log of a call kept already is merged into it). */
  add(given: readonly HistoryEntry[]): void {
    const now = this.now();
    const entries = this.policy.keepMessageContent ? given : given.map(({ preview: _dropped, ...entry }) => entry);
    const pending = [...(this.#unsaved?.newest(this.policy.maxEntries) ?? []), ...entries];
    if (!this.#tryWrite(() => this.saved.add(pending, this.policy, now))) (this.#unsaved ??= HistoryStore.inMemory()).add(entries, this.policy, now);
    else this.#forgetUnsaved();
    this.#recent = undefined;
    this.changed();
  }

  /** The entries whose name or address (or number) holds `query`, newest first, at most HISTORY_SEARCH_LIMIT. */
  search(query: string): HistoryEntry[] {
    return newestFirst(
      [...(this.#unsaved?.search(query, HISTORY_SEARCH_LIMIT) ?? []), ...this.saved.search(query, HISTORY_SEARCH_LIMIT)],
      HISTORY_SEARCH_LIMIT,
    );
  }

  /** The server's log of an entry (see HistoryEntry.serverHref), where known. */
  serverHrefOf(id: string): string | undefined {
    return this.#unsaved?.serverHrefOf(id) ?? this.saved.serverHrefOf(id);
  }

  /** Forgets every entry; throws HistoryWriteError (and says so in the snapshot) when the file cannot be written. */
  clear(): void {
    this.#forgetUnsaved();
    this.#recent = undefined;
    this.changed();
    if (!this.#tryWrite(() => this.saved.clear())) throw new HistoryWriteError(this.#writeProblem);
  }

  snapshot(): HistorySnapshot {
    this.#recent ??= newestFirst([...(this.#unsaved?.newest(HISTORY_RECENT_SHOWN) ?? []), ...this.saved.newest(HISTORY_RECENT_SHOWN)], HISTORY_RECENT_SHOWN);
    const problem = this.refused ?? this.#writeProblem;
    return { recent: this.#recent, ...(problem !== undefined && { problem }) };
  }

  /** The people Recent shows, newest first: whose presence the windows show beside them. */
  recentPeople(): string[] {
    return this.snapshot().recent.flatMap((entry) => callBackOfEntry(entry)?.address ?? []);
  }

  close(): void {
    this.saved.close();
    this.#forgetUnsaved();
  }

  #forgetUnsaved(): void {
    this.#unsaved?.close();
    this.#unsaved = undefined;
  }

  /** Runs a write of the file; a failure becomes the snapshot's sentence. Returns whether it succeeded. */
  #tryWrite(write: () => void): boolean {
    try {
      write();
      this.#writeProblem = undefined;
      return true;
    } catch (error) {
      if (!(error instanceof HistoryWriteError)) throw error;
      this.#writeProblem = `${error.message} Calls still work; new entries are kept until the app closes and saved once the disk can take them.`;
      return false;
    }
  }
}

function newestFirst(entries: HistoryEntry[], limit: number): HistoryEntry[] {
  return entries.sort((a, b) => b.endedAt - a.endedAt).slice(0, limit);
}
