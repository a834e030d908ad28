// Home with a full history (issue 17's Performance): the main window reloaded on a core whose history holds
// 10 000 entries, timed from the page's navigation to the frame after Recent shows its entries, beside the
// same page on a core with an empty history (to the frame after "No calls yet"), the two reloaded in turn
// so both see the same background. Also: opening the full history file (what a start adds) and the core's
// search over it, as the search field asks for it.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { History } from '../main/history/history.js';
import { HistoryStore } from '../main/history/historyStore.js';
import type { HistoryEntry } from '../preload/shared/history.js';
import { openApp } from '../test/harness/browser.js';
import { startHarness, type Harness } from '../test/harness/server.js';
import { row, type Row } from './report.js';
import { percentile } from './stats.js';

const ENTRIES = 10_000;
const RELOADS = 24;
const SEARCHES = 24;
const OPENS = 5;
const HOME_TARGET_MS = 200;
const POLICY = { maxAgeDays: 365, maxEntries: ENTRIES, keepMessageContent: true };
const DAY_MS = 24 * 60 * 60 * 1000;

export type HistoryBench = { full: number[]; empty: number[]; openMs: number[]; searchMs: number[] };

type HomeMarks = { __recentShownAt?: number };

/** From the page's first script on: the time (since navigation) of the frame after Recent shows entries or says it has none. */
const markRecentShown = () => {
  const shown = () =>
    document.querySelector('ul[aria-label="Recent calls"] li') !== null ||
    [...document.querySelectorAll('p')].some((p) => p.textContent?.startsWith('No calls yet'));
  new MutationObserver((_, observer) => {
    if (!shown()) return;
    observer.disconnect();
    requestAnimationFrame(() => void ((window as HomeMarks).__recentShownAt = performance.now()));
  }).observe(document, { childList: true, subtree: true });
};

export async function measureHistory(browser: Browser): Promise<HistoryBench> {
  const folder = mkdtempSync(join(tmpdir(), 'softphone-bench-history-'));
  const fullFile = join(folder, 'full.sqlite');
  fill(fullFile);
  const openMs = Array.from({ length: OPENS }, () => timed(() => History.open(fullFile, POLICY, () => undefined).close()));
  const homes = await Promise.all([fullFile, join(folder, 'empty.sqlite')].map((historyFile) => openHome(browser, historyFile)));
  try {
    const [full, empty] = homes as [Home, Home];
    const samples = { full: [] as number[], empty: [] as number[] };
    for (let i = 0; i < RELOADS; i++) {
      samples.full.push(await reloadedHome(full.page));
      samples.empty.push(await reloadedHome(empty.page));
    }
    const searchMs = Array.from({ length: SEARCHES }, (_, i) =>
      timed(() => full.harness.core.history.search(i % 2 ? `Colleague ${i * 397}` : `555 ${1000 + i * 331}`)),
    );
    return { ...samples, openMs, searchMs };
  } finally {
    await Promise.all(homes.map((home) => home.close()));
    rmSync(folder, { recursive: true, force: true });
  }
}

export function historyRows({ full, empty, openMs, searchMs }: HistoryBench): Row[] {
  const home = (p: number) =>
    row(`Home opened with ${ENTRIES} entries in the history, p${p}`, percentile(full, p), 'ms', {
      baseline: { name: `empty history p${p}`, value: percentile(empty, p) },
      target: HOME_TARGET_MS,
      note: `n=${full.length}: navigation to the frame after Recent is shown`,
    });
  return [
    home(50),
    home(95),
    row(`history of ${ENTRIES} entries opened, p50`, percentile(openMs, 50), 'ms', {
      note: `n=${openMs.length}: the file opened, its limits applied, the newest read`,
    }),
    row(`history search over ${ENTRIES} entries, p95`, percentile(searchMs, 95), 'ms', { note: `n=${searchMs.length}, in the core` }),
  ];
}

type Home = { harness: Harness; page: Page; close(): Promise<void> };

async function openHome(browser: Browser, historyFile: string): Promise<Home> {
  const harness = await startHarness({ historyFile });
  const { page } = await openApp(browser, harness);
  await page.addInitScript(markRecentShown);
  return {
    harness,
    page,
    close: async () => {
      await page.context().close();
      await harness.close();
    },
  };
}

async function reloadedHome(page: Page): Promise<number> {
  await page.reload();
  await page.waitForFunction(() => (window as HomeMarks).__recentShownAt !== undefined, undefined, { timeout: 30_000 });
  return page.evaluate(() => (window as HomeMarks).__recentShownAt!);
}

/** 10 000 calls over the last 300 days, each from someone else. */
function fill(file: string): void {
  const now = Date.now();
  const entries = Array.from({ length: ENTRIES }, (_, n): HistoryEntry => ({
    id: `bench-${n}`,
    source: 'local',
    kind: n % 3 ? 'audio' : 'video',
    direction: n % 2 ? 'Incoming' : 'Outgoing',
    outcome: n % 5 ? 'answered' : 'missed',
    name: `Colleague ${n}`,
    address: `tel:+1425555${String(n).padStart(4, '0')}`,
    startedAt: now - (n * 300 * DAY_MS) / ENTRIES - 60_000,
    endedAt: now - (n * 300 * DAY_MS) / ENTRIES,
    durationMs: 60_000,
    ending: 'The call ended.',
  }));
  const store = HistoryStore.open(file);
  store.add(entries, POLICY, now);
  store.close();
}

function timed(work: () => unknown): number {
  const started = performance.now();
  work();
  return performance.now() - started;
}
