// The history's SQLite database (node-sqlite3-wasm: SQLite in WebAssembly over Node's file system, with its
// rollback journal, so a crash mid-write leaves the last committed state): one row per entry, the entry
// itself as JSON beside the columns it is found and ordered by.
import { existsSync, mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import type { HistoryEntry } from '../../preload/shared/history.js';
import { requireSqliteOnLiftoff } from './sqliteOnLiftoff.js';
import { claim, release, removeStaleLock } from './staleLock.js';

const { Database } = requireSqliteOnLiftoff();
type Database = InstanceType<typeof Database>;

/** The layout this app writes (PRAGMA user_version); a file of a later one is never written. */
export const HISTORY_SCHEMA_VERSION = 1;

export type HistoryLimits = { maxAgeDays: number; maxEntries: number };

const DAY_MS = 24 * 60 * 60 * 1000;
/** How far apart this app's start of a call and the server's log of it may be. */
const TWIN_WINDOW_MS = 60_000;

/** The history file is of a newer version of the app, or is no history this app can read: it is left as it is. */
export class HistoryFileRefusedError extends Error {
  override name = 'HistoryFileRefusedError';
}

/** The database could not be written (disk full, I/O error, read-only): what it held before is unchanged. */
export class HistoryWriteError extends Error {
  override name = 'HistoryWriteError';
}

export class HistoryStore {
  private constructor(
    readonly db: Database,
    private readonly file?: string,
  ) {}

  /** The store in `file`, created when missing; throws HistoryFileRefusedError for a file it must not write. */
  static open(file: string): HistoryStore {
    try {
      removeStaleLock(file);
    } catch (error) {
      throw new HistoryFileRefusedError(`The history file’s lock could not be taken back (${messageOf(error)}).`);
    }
    if (existsSync(file)) refuseNewer(file);
    let db: Database | undefined;
    try {
      mkdirSync(dirname(file), { recursive: true });
      db = new Database(file);
      // What is deleted (Clear history, entries past the limits) is overwritten, not left in free pages.
      db.exec('PRAGMA secure_delete = ON');
      createTables(db);
      claim(file);
      return new HistoryStore(db, file);
    } catch (error) {
      db?.close();
      throw new HistoryFileRefusedError(`The history file could not be opened for writing (${messageOf(error)}).`);
    }
  }

  /** A store that lasts as long as the process. */
  static inMemory(): HistoryStore {
    const db = new Database();
    createTables(db);
    return new HistoryStore(db);
  }

  /**
   * Adds the entries, then applies the limits; all or nothing. One already there (by id or server href) is
   * kept as it was; one that is the other side's record of a kept entry (see twinOf) is merged into it.
   */
  add(entries: readonly HistoryEntry[], limits: HistoryLimits, now: number): void {
    this.#write(() => {
      for (const entry of entries) {
        if (this.db.get('SELECT 1 AS found FROM entries WHERE id = ?', [entry.id])) continue;
        const twin = this.#twinOf(entry);
        if (twin) {
          const merged = mergedTwins(entry, twin);
          this.db.run('UPDATE entries SET id = ?, server_href = ?, entry = ? WHERE id = ?', [
            merged.id,
            merged.serverHref ?? null,
            JSON.stringify(merged),
            twin.id,
          ]);
          continue;
        }
        this.db.run('INSERT OR IGNORE INTO entries (id, server_href, ended_at, name, address, entry) VALUES (?, ?, ?, ?, ?, ?)', [
          entry.id,
          entry.serverHref ?? null,
          entry.endedAt,
          entry.name,
          entry.address ?? null,
          JSON.stringify(entry),
        ]);
      }
      this.#prune(limits, now);
    });
  }

  /** Drops what is older or more than the limits allow. */
  prune(limits: HistoryLimits, now: number): void {
    this.#write(() => this.#prune(limits, now));
  }

  clear(): void {
    this.#write(() => this.db.run('DELETE FROM entries'));
  }

  /** The newest entries, newest first. */
  newest(limit: number): HistoryEntry[] {
    return this.#entries('SELECT entry FROM entries ORDER BY ended_at DESC, seq DESC LIMIT ?', [limit]);
  }

  serverHrefOf(id: string): string | undefined {
    const href = this.db.get('SELECT server_href FROM entries WHERE id = ?', [id])?.['server_href'];
    return typeof href === 'string' ? href : undefined;
  }

  /**
   * Entries whose name or address holds `query` (case-insensitive for ASCII letters), newest first; a query of
   * digits and the signs numbers are written with also finds the number written otherwise (+1 425 555 → tel:+1425555…).
   */
  search(query: string, limit: number): HistoryEntry[] {
    const text = query.trim();
    if (text === '') return [];
    const digits = /^[\d\s+().-]+$/.test(text) ? text.replace(/\D/g, '') : '';
    return this.#entries(
      `SELECT entry FROM entries
       WHERE name LIKE :text ESCAPE '\\' OR address LIKE :text ESCAPE '\\' OR (:digits <> '' AND address LIKE '%' || :digits || '%')
       ORDER BY ended_at DESC, seq DESC LIMIT :limit`,
      { ':text': `%${text.replace(/[\\%_]/g, (sign) => `\\${sign}`)}%`, ':digits': digits, ':limit': limit },
    );
  }

  close(): void {
    if (!this.db.isOpen) return;
    this.db.close();
    if (this.file !== undefined) release(this.file);
  }

  /**
   * The kept entry that is `entry` seen from the other side: this app's record of a call the server logged
   * too, or the reverse. The server's log names no call of ours, so where the href is not known yet the two
   * are matched on the same person, kind of conversation and direction, begun within TWIN_WINDOW_MS of each
   * other (the server stamps the log when the conversation starts there, this app when its invitation came).
   */
  #twinOf(entry: HistoryEntry): HistoryEntry | undefined {
    if (entry.address === undefined) return undefined;
    if (entry.serverHref !== undefined && this.db.get('SELECT 1 AS found FROM entries WHERE server_href = ?', [entry.serverHref])) return undefined;
    const candidates = this.#entries('SELECT entry FROM entries WHERE address = ? COLLATE NOCASE AND ended_at >= ? ORDER BY ended_at DESC LIMIT 20', [
      entry.address,
      entry.startedAt - TWIN_WINDOW_MS,
    ]);
    const fromServer = entry.source === 'server';
    return candidates.find(
      (kept) =>
        kept.id !== entry.id &&
        (fromServer ? kept.serverHref === undefined : kept.source === 'server') &&
        kept.direction === entry.direction &&
        (kept.kind === 'messaging') === (entry.kind === 'messaging') &&
        Math.abs(kept.startedAt - entry.startedAt) <= TWIN_WINDOW_MS,
    );
  }

  #prune({ maxAgeDays, maxEntries }: HistoryLimits, now: number): void {
    this.db.run('DELETE FROM entries WHERE ended_at < ?', [now - maxAgeDays * DAY_MS]);
    this.db.run('DELETE FROM entries WHERE seq IN (SELECT seq FROM entries ORDER BY ended_at DESC, seq DESC LIMIT -1 OFFSET ?)', [maxEntries]);
  }

  #entries(sql: string, values: Record<string, string | number> | Array<string | number>): HistoryEntry[] {
    return this.db.all(sql, values).flatMap((row) => {
      try {
        return [JSON.parse(String(row['entry'])) as HistoryEntry];
      } catch {
        return [];
      }
    });
  }

  /** One transaction: a failure rolls it back and throws HistoryWriteError. */
  #write(work: () => void): void {
    try {
      this.db.exec('BEGIN IMMEDIATE');
      work();
      this.db.exec('COMMIT');
    } catch (error) {
      if (this.db.inTransaction) this.#rollBack();
      throw new HistoryWriteError(`The history could not be saved (${messageOf(error)}).`);
    }
  }

  #rollBack(): void {
    try {
      this.db.exec('ROLLBACK');
    } catch {
      // SQLite already rolled back (an I/O error can end the transaction itself); the journal restores the file on next open.
    }
  }
}

/** What this app saw, with the server's href: a call this app saw stays as it recorded it, under its id (its call's). */
function mergedTwins(entry: HistoryEntry, twin: HistoryEntry): HistoryEntry {
  const [local, server] = entry.source === 'server' ? [twin, entry] : [entry, twin];
  return { ...local, ...(server.serverHref !== undefined && { serverHref: server.serverHref }) };
}

/** Creates the tables in a new file (or memory); a file of this version is left as it is. */
function createTables(db: Database): void {
  if (Number(db.get('PRAGMA user_version')?.['user_version']) === HISTORY_SCHEMA_VERSION) return;
  db.exec(`BEGIN IMMEDIATE;
    CREATE TABLE IF NOT EXISTS entries (
      seq INTEGER PRIMARY KEY,
      id TEXT NOT NULL UNIQUE,
      server_href TEXT UNIQUE,
      ended_at INTEGER NOT NULL,
      name TEXT NOT NULL,
      address TEXT,
      entry TEXT NOT NULL
    );
    CREATE INDEX IF NOT EXISTS entries_by_end ON entries (ended_at);
    PRAGMA user_version = ${HISTORY_SCHEMA_VERSION};
    COMMIT;`);
}

/** Reads the file's version without writing anything to it. */
function refuseNewer(file: string): void {
  let version: number;
  try {
    const probe = new Database(file, { readOnly: true });
    try {
      version = Number(probe.get('PRAGMA user_version')?.['user_version']);
      probe.get('SELECT count(*) FROM sqlite_schema');
    } finally {
      probe.close();
    }
  } catch (error) {
    throw new HistoryFileRefusedError(`The history file could not be read (${messageOf(error)}).`);
  }
  if (version > HISTORY_SCHEMA_VERSION) throw new HistoryFileRefusedError('The history file was written by a newer version of this app.');
}

function messageOf(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
