// Colleagues' presence under a flood (issue 16's Performance): the user's contact list of 500 colleagues,
// each changing presence once a second on the local service's seeded schedule, watched by the app's core
// in a process of its own (presenceCore.mjs: its CPU) and by a bench app of its own, whose Home shows the
// 500 with their dots and whose main window's frames are timed (the longest gap between animation frames
// and the longest task). Each figure is beside the same window with nobody's presence changing, in the
// same run.
import { fork, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import { setTimeout as sleep } from 'node:timers/promises';
import { fileURLToPath } from 'node:url';
import type { Browser, Page } from 'playwright-core';
import { waitFor } from '../test/harness/browser.js';
import type { LocalUcwaService } from '../main/local/service.js';
import { openBenchApp, type BenchApp, type BenchAppOptions } from './appCalls.js';
import { row, type Row } from './report.js';

const PRESENCE_CORE = fileURLToPath(new URL('./presenceCore.mjs', import.meta.url));
const PEOPLE = 500;
const CHANGE_EVERY_MS = 1000;
const QUIET_MS = 3000;
const FLOOD_MS = 12_000;
const FRAME_TARGET_MS = 50;
const CORE_CPU_TARGET = 5;

/** What a window measures of a core in a process of its own and of the main window. */
export type CoreAndPage = { coreCpu: number; corePublications: number; longestFrameGapMs: number; longestTaskMs: number; pagePublications: number };

type Window = CoreAndPage & {
  /** contactPresence GETs a second the service served both cores (the bench app's and the measured one), and the batches they came in. */
  presenceGets: number;
  batches: number;
};
export type PresenceFlood = { quiet: Window; flood: Window };

type PageMarks = { __presenceBench?: { gap: number; task: number; last: number } };

/** From now on the page keeps its longest gap between animation frames and its longest task. */
const startMarks = (page: Page) =>
  page.evaluate(() => {
    const marks = { gap: 0, task: 0, last: performance.now() };
    (window as PageMarks).__presenceBench = marks;
    const frame = (now: number) => {
      marks.gap = Math.max(marks.gap, now - marks.last);
      marks.last = now;
      if ((window as PageMarks).__presenceBench === marks) requestAnimationFrame(frame);
    };
    requestAnimationFrame(frame);
    new PerformanceObserver((list) => {
      for (const entry of list.getEntries()) marks.task = Math.max(marks.task, entry.duration);
    }).observe({ type: 'longtask' });
  });
const readMarks = (page: Page) => page.evaluate(() => ({ gap: (window as PageMarks).__presenceBench!.gap, task: (window as PageMarks).__presenceBench!.task }));

export async function measurePresenceFlood(browser: Browser): Promise<PresenceFlood> {
  let childWatching = 0;
  // Both cores fetch everyone's presence at once (each at most its 40 GETs a second, two a person: about 25 s
  // for 500), the windows opening meanwhile; nothing is measured until both have everyone.
  const { app, child } = await openBenchAppWithCore(browser, { contactBook: { colleagues: PEOPLE } }, (service) => {
    const forked = fork(PRESENCE_CORE, [service.rootUrl.href, service.credentials.username, service.credentials.password]);
    forked.on('message', (message: { watching?: number }) => void (childWatching = message.watching ?? childWatching));
    return forked;
  });
  const service = app.harness.core.localService!;
  let pagePublications = 0;
  const unsubscribe = app.harness.core.subscribe(() => pagePublications++);
  try {
    await waitFor(
      'everyone’s presence in both cores and their rows on Home',
      async () =>
        childWatching === PEOPLE &&
        Object.keys(app.harness.core.snapshot().people.presence).length === PEOPLE &&
        (await app.main.locator('.contacts li .presence').count()) === PEOPLE,
      60_000,
      100,
    );
    const watched = Object.keys(app.harness.core.snapshot().people.presence);
    const presenceGets = () => watched.reduce((sum, uri) => sum + service.people.presence.gets(uri), 0);
    const during = async (ms: number): Promise<Window> => {
      const [getsBefore, batchesBefore] = [presenceGets(), service.batches.received];
      const measured = await coreAndPageDuring(child, app.main, ms, () => pagePublications);
      return {
        ...measured,
        presenceGets: (presenceGets() - getsBefore) / (ms / 1000),
        batches: (service.batches.received - batchesBefore) / (ms / 1000),
      };
    };
    const quiet = await during(QUIET_MS);
    service.people.presence.changeEvery(CHANGE_EVERY_MS);
    const flood = await during(FLOOD_MS);
    service.people.presence.stopSchedule();
    return { quiet, flood };
  } finally {
    unsubscribe();
    await stopChild(child);
    await app.close();
  }
}

/**
 * A bench app and, as soon as its local service is up, the core `forkCore` starts in a process of its own
 * on that service: the core signs in while the windows open instead of after.
 */
export async function openBenchAppWithCore(
  browser: Browser,
  options: Omit<BenchAppOptions, 'whileOpening'>,
  forkCore: (service: LocalUcwaService) => ChildProcess,
): Promise<{ app: BenchApp; child: ChildProcess }> {
  let child: ChildProcess | undefined;
  try {
    const app = await openBenchApp(browser, { ...options, whileOpening: ({ core }) => void (child = forkCore(core.localService!)) });
    return { app, child: child! };
  } catch (error) {
    child?.kill();
    throw error;
  }
}

/** For `ms`: the child core's CPU and snapshots a second, the page's longest frame gap and task, and the snapshots a second `published` counted. */
export async function coreAndPageDuring(child: ChildProcess, page: Page, ms: number, published: () => number): Promise<CoreAndPage> {
  const publishedBefore = published();
  await startMarks(page);
  child.send('go');
  await sleep(ms);
  const reported = report(child);
  child.send('done');
  const { cpuSeconds, publications } = await reported;
  const marks = await readMarks(page);
  const seconds = ms / 1000;
  return {
    coreCpu: (cpuSeconds / seconds) * 100,
    corePublications: publications / seconds,
    longestFrameGapMs: marks.gap,
    longestTaskMs: marks.task,
    pagePublications: (published() - publishedBefore) / seconds,
  };
}

/** The child's next report of its CPU time. */
function report(child: ChildProcess): Promise<{ cpuSeconds: number; publications: number }> {
  return new Promise((resolve) => {
    const take = (message: { cpuSeconds?: number; publications?: number }) => {
      if (message.cpuSeconds === undefined || message.publications === undefined) return;
      child.off('message', take);
      resolve({ cpuSeconds: message.cpuSeconds, publications: message.publications });
    };
    child.on('message', take);
  });
}

export async function stopChild(child: ChildProcess): Promise<void> {
  const exited = once(child, 'exit');
  child.send('stop');
  await exited;
}

export function presenceRows({ quiet, flood }: PresenceFlood): Row[] {
  const gets = `both cores: ${flood.presenceGets.toFixed(1)} presence GETs/s in ${flood.batches.toFixed(1)} batches/s`;
  return coreAndPageRows(`presence flood (${PEOPLE} people, each once a second)`, flood, { name: 'nobody changing', ...quiet }, gets);
}

/** A load's three rows (the core's CPU, the main window's longest frame gap and task), each beside the same without it. */
export function coreAndPageRows(name: string, loaded: CoreAndPage, quiet: CoreAndPage & { name: string }, coreNote?: string): Row[] {
  const quietly = (value: number) => ({ name: quiet.name, value });
  const snapshots = `${loaded.corePublications.toFixed(1)} snapshots/s`;
  return [
    row(`${name}, core CPU`, loaded.coreCpu, '% of a core', {
      baseline: quietly(quiet.coreCpu),
      target: CORE_CPU_TARGET,
      note: `the core alone, in a process of its own; ${coreNote ? `${snapshots}; ${coreNote}` : snapshots}`,
    }),
    row(`${name}, longest frame gap in the main window`, loaded.longestFrameGapMs, 'ms', {
      baseline: quietly(quiet.longestFrameGapMs),
      target: FRAME_TARGET_MS,
      note: `${loaded.pagePublications.toFixed(1)} snapshots/s to the windows`,
    }),
    row(`${name}, longest task in the main window`, loaded.longestTaskMs, 'ms', {
      baseline: quietly(quiet.longestTaskMs),
      target: FRAME_TARGET_MS,
      note: '0: none over 50 ms',
    }),
  ];
}
