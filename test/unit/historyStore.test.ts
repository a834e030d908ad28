// The lasting history's store: its limits, its search (hostile strings included), a file of a newer app
// version or no database at all (refused, never written), and a policy that keeps no message text.
import { createHash } from 'node:crypto';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import sqlite from 'node-sqlite3-wasm';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { History, type HistoryPolicy } from '../../main/history/history.js';
import { HistoryStore } from '../../main/history/historyStore.js';
import { callSnapshot, historyEntry } from '../support/snapshots.js';
import type { HistoryEntry } from '../../preload/shared/history.js';

const POLICY: HistoryPolicy = { maxAgeDays: 365, maxEntries: 10_000, keepMessageContent: true };
const HOUR = 60 * 60 * 1000;
const DAY = 24 * 60 * 60 * 1000;
const NOW = Date.UTC(2026, 11, 5);

let folder: string;
let file: string;
beforeEach(() => {
  folder = mkdtempSync(join(tmpdir(), 'history-'));
  file = join(folder, 'history.sqlite');
});
afterEach(() => rmSync(folder, { recursive: true, force: true }));

const open = (policy: Partial<HistoryPolicy> = {}) =>
  History.open(
    file,
    { ...POLICY, ...policy },
    () => undefined,
    () => NOW,
  );
const ids = (entries: { id: string }[]) => entries.map((entry) => entry.id);
const digest = (path: string) => createHash('sha256').update(readFileSync(path)).digest('hex');

describe('the history store', () => {
  it('keeps at most the newest maxEntries and nothing older than maxAgeDays, also when the policy is lowered later', () => {
    const history = open({ maxEntries: 3 });
    history.add(['a', 'b', 'c', 'd', 'e'].map((id, at) => historyEntry(id, { endedAt: NOW - (10 - at) * 1000 })));
    expect(ids(history.snapshot().recent)).toEqual(['e', 'd', 'c']);
    history.add([historyEntry('old', { endedAt: NOW - 400 * DAY })]);
    expect(ids(history.search('Ada'))).toEqual(['e', 'd', 'c']);
    history.close();

    const lowered = open({ maxAgeDays: 1, maxEntries: 2 });
    lowered.add([historyEntry('yesterday', { endedAt: NOW - 2 * DAY })]);
    expect(ids(lowered.snapshot().recent)).toEqual(['e', 'd']);
    lowered.close();
    expect(ids(open({ maxEntries: 0 }).snapshot().recent)).toEqual([]);
  });

  it('adds an entry already kept (same id or same server conversation log) once', () => {
    const history = open();
    history.add([historyEntry('a', { endedAt: NOW }), historyEntry('a', { endedAt: NOW })]);
    history.add([
      historyEntry('s1', { source: 'server', serverHref: '/log/1', startedAt: NOW - HOUR, endedAt: NOW }),
      historyEntry('s2', { source: 'server', serverHref: '/log/1', startedAt: NOW - HOUR, endedAt: NOW }),
    ]);
    expect(ids(history.snapshot().recent).sort()).toEqual(['a', 's1']);
  });

  it('merges the server’s log of a call this app saw into one entry, whichever comes first, and only the same person, direction and kind within a minute', () => {
    const history = open();
    const at = NOW - HOUR;
    const seen = (id: string, overrides: Partial<HistoryEntry> = {}) => historyEntry(id, { startedAt: at, endedAt: at + 20_000, ...overrides });
    const logged = (id: string, overrides: Partial<HistoryEntry> = {}) =>
      historyEntry(id, { source: 'server', serverHref: `/log/${id}`, outcome: 'missed', startedAt: at + 2_000, endedAt: at + 2_000, ...overrides });
    history.add([seen('local1')]);
    history.add([logged('server1')]);
    history.add([logged('server2', { startedAt: at + 10 * 60_000, endedAt: at + 10 * 60_000 })]);
    history.add([seen('local2', { startedAt: at + 10 * 60_000 - 5_000, endedAt: at + 10 * 60_000 + 15_000 })]);
    history.add([
      logged('outgoing', { direction: 'Outgoing' }),
      logged('message', { kind: 'messaging' }),
      logged('other', { address: 'sip:grace@contoso.com' }),
    ]);
    history.add([logged('later', { startedAt: at + 2 * 60_000, endedAt: at + 2 * 60_000 })]);
    const recent = history.snapshot().recent;
    expect(recent.find((entry) => entry.id === 'local1')).toMatchObject({ source: 'local', serverHref: '/log/server1', endedAt: at + 20_000 });
    // Merged under the id of what this app saw, its call's, whichever came first.
    expect(recent.find((entry) => entry.id === 'local2')).toMatchObject({ source: 'local', serverHref: '/log/server2', endedAt: at + 10 * 60_000 + 15_000 });
    expect(ids(recent).sort()).toEqual(['later', 'local1', 'local2', 'message', 'other', 'outgoing']);
  });

  it('finds entries by part of a name or address and by a number however it is written, newest first', () => {
    const history = open();
    history.add([
      historyEntry('ada', { endedAt: NOW - 3 }),
      historyEntry('grace', { name: 'Grace Hopper', address: 'sip:chat@softphone.local', endedAt: NOW - 2 }),
      historyEntry('number', { name: '+1 425 555 0123', address: 'tel:+14255550123', endedAt: NOW - 1 }),
    ]);
    expect(ids(history.search('hopper'))).toEqual(['grace']);
    expect(ids(history.search('softphone.local'))).toEqual(['grace']);
    expect(ids(history.search('(425) 555-0123'))).toEqual(['number']);
    expect(ids(history.search('5550123'))).toEqual(['number']);
    expect(ids(history.search('a'))).toEqual(['grace', 'ada']);
    expect(history.search('   ')).toEqual([]);
  });

  it('takes LIKE wildcards, quotes, backslashes and SQL in a search as the characters they are', () => {
    const history = open();
    history.add([
      historyEntry('plain', { name: 'Ada Lovelace', endedAt: NOW - 2 }),
      historyEntry('hostile', { name: `100%_O'Brien "\\x"`, address: undefined, endedAt: NOW - 1 }),
    ]);
    for (const query of ['%', '_', `'`, '"', '\\', '%_', `O'B`]) expect(ids(history.search(query)), query).toEqual(['hostile']);
    expect(history.search(`' OR 1=1 --`)).toEqual([]);
    expect(history.search(`"); DROP TABLE entries; --`)).toEqual([]);
    expect(history.search('x'.repeat(250))).toEqual([]);
    expect(ids(history.snapshot().recent)).toEqual(['hostile', 'plain']);
  });

  it('refuses a history file of a newer app version with a sentence, never writes it, and keeps this session’s history in memory', () => {
    const { Database } = sqlite;
    const newer = new Database(file);
    newer.exec(`CREATE TABLE future (x TEXT); INSERT INTO future VALUES ('kept'); PRAGMA user_version = 2;`);
    newer.close();
    const before = digest(file);

    const history = open();
    expect(history.snapshot().problem).toMatch(/written by a newer version of this app\. It is left as it is/);
    history.add([historyEntry('a', { endedAt: NOW })]);
    history.clear();
    history.add([historyEntry('b', { endedAt: NOW })]);
    expect(ids(history.snapshot().recent)).toEqual(['b']);
    history.close();
    expect(digest(file)).toBe(before);
    expect(existsSync(`${file}-journal`)).toBe(false);
  });

  it('leaves a file that is no database as it is, saying so', () => {
    writeFileSync(file, 'not a database, but someone’s file');
    const history = open();
    expect(history.snapshot().problem).toMatch(/^The history file could not be read \(.+\)\. It is left as it is/);
    history.add([historyEntry('a', { endedAt: NOW })]);
    expect(ids(history.snapshot().recent)).toEqual(['a']);
    history.close();
    expect(readFileSync(file, 'utf8')).toBe('not a database, but someone’s file');
  });

  it('under keepMessageContent false stores no message text at all', () => {
    const conversation = callSnapshot('chat', {
      kind: 'messaging',
      phase: 'ended',
      connectedAt: NOW - 1000,
      firstMessage: { format: 'plain', text: 'the first secret' },
      messages: [{ direction: 'Incoming', format: 'html', text: '<b>the last secret</b>', at: NOW - 500 }],
      end: { outcome: 'hungUp', message: 'You ended the conversation.', endedAt: NOW },
    });
    const history = open({ keepMessageContent: false });
    history.record(conversation);
    expect(history.snapshot().recent[0]).not.toHaveProperty('preview');
    history.close();
    const bytes = readFileSync(file).toString('latin1');
    expect(bytes).toContain('You ended the conversation.');
    expect(bytes).not.toContain('secret');
  });

  it('keeps a conversation’s last message as its preview where allowed, and Clear history leaves no trace of it in the file', () => {
    const history = open();
    history.record(
      callSnapshot('chat', {
        kind: 'messaging',
        phase: 'ended',
        connectedAt: NOW - 1000,
        messages: [{ direction: 'Incoming', format: 'html', text: '<b>the last   secret</b>', at: NOW - 500 }],
        end: { outcome: 'hungUp', message: 'You ended the conversation.', endedAt: NOW },
      }),
    );
    expect(history.snapshot().recent[0]).toMatchObject({ kind: 'messaging', outcome: 'answered', preview: 'the last secret', durationMs: 1000 });
    expect(readFileSync(file).toString('latin1')).toContain('the last secret');
    history.clear();
    expect(history.snapshot().recent).toEqual([]);
    history.close();
    expect(readFileSync(file).toString('latin1')).not.toContain('secret');
  });

  it('shortens a long preview between characters, never inside one', () => {
    const history = open();
    history.record(
      callSnapshot('chat', {
        kind: 'messaging',
        phase: 'ended',
        messages: [{ direction: 'Incoming', format: 'plain', text: '📞'.repeat(200), at: NOW }],
        end: { outcome: 'hungUp', message: 'You ended the conversation.', endedAt: NOW },
      }),
    );
    expect(history.snapshot().recent[0]!.preview).toBe(`${'📞'.repeat(119)}…`);
  });

  it('keeps a call with its kind, direction, outcome and times', () => {
    const history = open();
    history.record(
      callSnapshot('call', {
        phase: 'ended',
        startedAt: NOW - 5000,
        connectedAt: NOW - 3000,
        callBack: { address: 'sip:ada@contoso.com', video: true },
        end: { outcome: 'remoteHungUp', message: 'Ada Lovelace hung up.', endedAt: NOW },
      }),
    );
    history.record(callSnapshot('missed', { phase: 'ended', end: { outcome: 'missed', message: 'You missed this call.', endedAt: NOW - 1 } }));
    const [answered, missed] = history.snapshot().recent;
    expect(answered).toMatchObject({
      kind: 'video',
      direction: 'Incoming',
      outcome: 'answered',
      name: 'Ada Lovelace',
      address: 'sip:ada@contoso.com',
      durationMs: 3000,
    });
    expect(missed).toMatchObject({ kind: 'audio', outcome: 'missed', durationMs: 0, address: 'sip:ada@contoso.com' });
    expect(answered!.id).not.toBe(missed!.id);
  });

  it('an in-memory store (no data folder) works the same', () => {
    const store = HistoryStore.inMemory();
    store.add([historyEntry('a', { endedAt: NOW })], POLICY, NOW);
    expect(ids(store.search('ada', 10))).toEqual(['a']);
    store.close();
  });
});
