// Home with a full history (issue 17's Performance), the two ways a person meets it: (a) the main window
// loaded, as at the app's start (the page reloaded on a core whose history holds 10 000 entries, timed from
// the page's navigation to the frame after Recent shows its entries), and (b) back to Home from Settings
// (from the click on Done to that frame), each beside the same on a core with an empty history (to the
// frame after "No calls yet"), the two taken in turn so both see the same background. Shown from the tray,
// the window is only shown again: Home is already there. Also: opening the full history file (what a start
// adds) and the core's search over it, as the search field asks for it.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { History } from '../main/history/history.js';
import { HistoryStore } from '../main/history/historyStore.js';
import type { HistoryEntry } from '../preload/shared/history.js';
import { openApp } from '../test/harness/browser.js';
import { startHarness, type Harness } from '../test/harness/server.js';
import { LOAD_MARKS } from '../renderer/loadMarks.js';
import { loadPoints, type HomeSteps } from './homeSteps.js';
import { row, type Row } from './report.js';
import { percentile } from './stats.js';

const ENTRIES = 10_000;
const SAMPLES = 24;
/**
 * Each page's first loads after it opened, while Chromium's caches of its scripts and of their compiled code
 * fill (2–5 × the later loads here), shown apart and not counted in the samples: a person's start finds the
 * code cache the app kept the time before (appProtocol.ts's `codeCache`); only the first start after an
 * install or update has none.
 */
const FIRST_LOADS = 3;
const SEARCHES = 24;
const OPENS = 5;
const HOME_TARGET_MS = 200;
const POLICY = { maxAgeDays: 365, maxEntries: ENTRIES, keepMessageContent: true };
const DAY_MS = 24 * 60 * 60 * 1000;

/** Milliseconds for each way Home opens, with the full history and the empty one. */
type HomeTimes = { full: number[]; empty: number[] };
export type HistoryBench = {
  firstLoads: HomeTimes;
  loaded: HomeTimes;
  loadSteps: HomeSteps;
  backFromSettings: HomeTimes;
  openMs: number[];
  searchMs: number[];
};

type HomeMarks = { __recentInDomAt?: number; __recentShownAt?: number; __recentShown?: () => boolean };

/**
 * From the page's first script on: whether Recent shows entries or says it has none (for the click on Done
 * below), and the times (since navigation) it first is, and of the frame after.
 */
const markRecentShown = () => {
  const marks = window as HomeMarks;
  const shown = (marks.__recentShown = () =>
    document.querySelector('ul[aria-label="Recent calls"] li') !== null ||
    [...document.querySelectorAll('p')].some((p) => p.textContent?.startsWith('No calls yet')));
  new MutationObserver((_, observer) => {
    if (!shown()) return;
    observer.disconnect();
    marks.__recentInDomAt = performance.now();
    requestAnimationFrame(() => void (marks.__recentShownAt = performance.now()));
  }).observe(document, { childList: true, subtree: true });
};

/** Settings' Done clicked: the time from the click to the frame after Home's Recent is shown again. */
const doneToRecentShown = () =>
  new Promise<number>((resolve) => {
    const shown = (window as HomeMarks).__recentShown!;
    const done = [...document.querySelectorAll('button')].find((button) => button.textContent?.trim() === 'Done')!;
    const started = performance.now();
    new MutationObserver((_, observer) => {
      if (!shown()) return;
      observer.disconnect();
      requestAnimationFrame(() => resolve(performance.now() - started));
    }).observe(document, { childList: true, subtree: true });
    done.click();
  });

export async function measureHistory(browser: Browser): Promise<HistoryBench> {
  const folder = mkdtempSync(join(tmpdir(), 'softphone-bench-history-'));
  const fullFile = join(folder, 'full.sqlite');
  fill(fullFile);
  const openMs = Array.from({ length: OPENS }, () => timed(() => History.open(fullFile, POLICY, () => undefined).close()));
  const homes = await Promise.all([fullFile, join(folder, 'empty.sqlite')].map((historyFile) => openHome(browser, historyFile)));
  try {
    const [full, empty] = homes as [Home, Home];
    const pageOf = (way: keyof HomeTimes) => (way === 'full' ? full : empty).page;
    const loaded: HomeTimes = { full: [], empty: [] };
    const loadSteps: HomeSteps = { full: [], empty: [] };
    const backFromSettings: HomeTimes = { full: [], empty: [] };
    const firstLoads: HomeTimes = { full: [], empty: [] };
    for (let round = 0; round < FIRST_LOADS + SAMPLES; round++) {
      for (const way of inTurn(round)) {
        const page = pageOf(way);
        const ms = await reloadedHome(page);
        if (round < FIRST_LOADS) firstLoads[way].push(ms);
        else {
          loaded[way].push(ms);
          loadSteps[way].push(await loadPoints(page));
        }
      }
    }
    for (let round = 0; round < SAMPLES; round++) {
      for (const way of inTurn(round)) backFromSettings[way].push(await homeAfterSettings(pageOf(way)));
    }
    const searchMs = Array.from({ length: SEARCHES }, (_, i) =>
      timed(() => full.harness.core.history.search(i % 2 ? `Colleague ${i * 397}` : `555 ${1000 + i * 331}`)),
    );
    return { firstLoads, loaded, loadSteps, backFromSettings, openMs, searchMs };
  } finally {
    await Promise.all(homes.map((home) => home.close()));
    rmSync(folder, { recursive: true, force: true });
  }
}

export function historyRows({ firstLoads, loaded, backFromSettings, openMs, searchMs }: HistoryBench): Row[] {
  const home = (way: string, times: HomeTimes, note: string, p: number) =>
    row(`Home ${way} with ${ENTRIES} entries in the history, p${p}`, percentile(times.full, p), 'ms', {
      baseline: { name: `empty history p${p}`, value: percentile(times.empty, p) },
      target: HOME_TARGET_MS,
      note: `n=${times.full.length}: ${note}`,
    });
  return [
    ...[50, 95].map((p) => home('opened (window loaded)', loaded, 'navigation to the frame after Recent is shown', p)),
    row(`Home opened in its first ${FIRST_LOADS} loads (no code cache yet) with ${ENTRIES} entries, slowest`, Math.max(...firstLoads.full), 'ms', {
      baseline: { name: 'empty history, slowest', value: Math.max(...firstLoads.empty) },
      note: 'after an install or update; not counted above',
    }),
    ...[50, 95].map((p) => home('back from Settings', backFromSettings, 'Done clicked to the frame after Recent is shown', p)),
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

/**
 * Returns once the page has also loaded, when idle, the views Home does not show: the next load measured
 * (the other window's) would otherwise share the two cores and the host with this one's chunks being
 * fetched and compiled, which no window's load at the app's start does.
 */
async function reloadedHome(page: Page): Promise<number> {
  await page.reload();
  const loaded = (mark: string) => (window as HomeMarks).__recentShownAt !== undefined && performance.getEntriesByName(mark, 'mark').length > 0;
  await page.waitForFunction(loaded, LOAD_MARKS.viewsLoaded, { timeout: 30_000 });
  return page.evaluate(() => (window as HomeMarks).__recentShownAt!);
}

/**
 * The full history first in even rounds, the empty one in odd ones: what one page does last (a Settings
 * view unmounted, a reload's chunks compiled) still runs as the next one starts, so neither always follows
 * the other, and the loads and the returns from Settings are taken in separate loops.
 */
function inTurn(round: number): (keyof HomeTimes)[] {
  return round % 2 ? ['empty', 'full'] : ['full', 'empty'];
}

async function homeAfterSettings(page: Page): Promise<number> {
  await page.getByRole('button', { name: 'Settings' }).click();
  await page.getByRole('button', { name: 'Done' }).waitFor();
  return page.evaluate(doneToRecentShown);
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
