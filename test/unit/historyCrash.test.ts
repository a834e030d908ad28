// The history survives a crash mid-write and a full disk. A child Node process (test/support/historyWriter.mjs,
// running the built store in dist/node: `npm run build:main` first) writes entries and says which are committed;
// the test kills it with SIGKILL while it writes, or runs it with a file size limit (`ulimit -f`, SIGXFSZ
// ignored, so a write past the limit fails with EFBIG as on a full disk), then opens the file here.
import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { History } from '../../main/history/history.js';
import { HistoryStore } from '../../main/history/historyStore.js';

const WRITER = fileURLToPath(new URL('../support/historyWriter.mjs', import.meta.url));
const POLICY = { maxAgeDays: 365, maxEntries: 10_000, keepMessageContent: true };

let folder: string;
let file: string;
beforeEach(() => {
  if (!existsSync(fileURLToPath(new URL('../../dist/node/main/history/historyStore.js', import.meta.url)))) throw new Error('Run npm run build:main first');
  folder = mkdtempSync(join(tmpdir(), 'history-crash-'));
  file = join(folder, 'history.sqlite');
});
afterEach(() => rmSync(folder, { recursive: true, force: true }));

/** Runs the writer (through bash, with `shell` before it) and hands each of its JSON lines to `onLine` until it exits. */
function runWriter(args: string[], onLine: (message: Record<string, unknown>, kill: () => void) => void, shell = ''): Promise<void> {
  const child = spawn('bash', ['-c', `${shell} exec "$0" "$@"`, process.execPath, WRITER, ...args], { stdio: ['ignore', 'pipe', 'inherit'] });
  const kill = () => child.kill('SIGKILL');
  createInterface({ input: child.stdout }).on('line', (line) => onLine(JSON.parse(line) as Record<string, unknown>, kill));
  return new Promise((resolve, reject) => {
    child.on('error', reject);
    child.on('close', () => resolve());
  });
}

/** The ids in the file, once the next open has dealt with whatever the writer left, and SQLite's own check of the file. */
function reopen(): { ids: Set<string>; integrity: unknown } {
  const history = History.open(file, POLICY, () => undefined);
  expect(history.snapshot().problem).toBeUndefined();
  history.close();
  const store = HistoryStore.open(file);
  const integrity = store.db.get('PRAGMA integrity_check')?.['integrity_check'];
  const ids = new Set(store.newest(100_000).map(({ id }) => id));
  store.close();
  return { ids, integrity };
}

describe('the history file', () => {
  it('loses no committed entry and is never corrupt when the process is killed while it writes, again and again', async () => {
    let committed = 0;
    for (let round = 0; round < 4; round++) {
      const first = committed + 1;
      await runWriter(['loop', file, String(first)], (message, kill) => {
        committed = Number(message['committed']);
        if (committed >= first + 40) kill();
      });
      const { ids, integrity } = reopen();
      expect(integrity).toBe('ok');
      for (let n = 1; n <= committed; n++) expect(ids.has(`entry-${n}`), `entry-${n}`).toBe(true);
      // The one the kill interrupted is there or not, never half; nothing else is.
      expect(ids.size).toBeLessThanOrEqual(committed + 1);
      committed = ids.size;
    }
  });

  it('on a full disk says so and keeps running: the new entries are shown and found, everything saved before stays, the file is sound', async () => {
    let report: Record<string, unknown> = {};
    await runWriter(['fill', file], (message) => (report = message), `trap '' XFSZ; ulimit -f 200;`);
    const saved = Number(report['saved']);
    expect(saved).toBeGreaterThan(10);
    expect(report['problem']).toMatch(/^The history could not be saved \(disk I\/O error\)\. Calls still work/);
    expect(report['shown']).toEqual([`entry-${saved + 2}`, `entry-${saved + 1}`, `entry-${saved}`]);
    expect(report['found']).toEqual([`entry-${saved + 2}`]);

    const { ids, integrity } = reopen();
    expect(integrity).toBe('ok');
    expect(ids.size).toBe(saved);
    for (let n = 1; n <= saved; n++) expect(ids.has(`entry-${n}`), `entry-${n}`).toBe(true);
  });
});
