// The main window's load broken into steps, from the marks a reloaded page took: the navigation's and the
// bundle's resource timing, the app's own load marks (renderer/loadMarks.ts) and the bench's marks of Recent
// (bench/history.ts), each step the time from the point before it to its own. The window's first snapshot
// comes in its page (main/browserHost/pageWithSnapshot.ts).
import type { Page } from 'playwright-core';
import { LOAD_MARKS } from '../renderer/loadMarks.js';
import { row, type Row } from './report.js';
import { percentile } from './stats.js';

/** The points of a load in the order they happen, each named by the step that ends there. */
const STEPS = [
  'HTML received',
  'bridge script fetched',
  'bundle fetched',
  'bundle compiled, HTML parsed',
  'bundle evaluated',
  'first snapshot asked',
  'App mounted',
  'first snapshot applied, App and Home rendered',
  'Home and Recent in the DOM',
  'the frame after',
] as const;

type Step = (typeof STEPS)[number];
/** Milliseconds since the navigation began, of each point the page reached. */
export type LoadPoints = Partial<Record<Step, number>>;

/** Each step's duration in each load, for the full history and the empty one. */
export type HomeSteps = { full: LoadPoints[]; empty: LoadPoints[] };

/** Read once Recent's frame is marked (`__recentInDomAt`, `__recentShownAt`). */
export function loadPoints(page: Page): Promise<LoadPoints> {
  return page.evaluate((marks) => {
    const [navigation] = performance.getEntriesByType('navigation') as PerformanceNavigationTiming[];
    const resources = performance.getEntriesByType('resource') as PerformanceResourceTiming[];
    const fetched = (pattern: RegExp) => resources.find((entry) => pattern.test(new URL(entry.name).pathname))?.responseEnd;
    const marked = (name: string) => performance.getEntriesByName(name, 'mark')[0]?.startTime;
    const recent = window as { __recentInDomAt?: number; __recentShownAt?: number };
    return {
      'HTML received': navigation?.responseEnd,
      'bridge script fetched': fetched(/\/softphone-bridge-[^/]*\.js$/),
      'bundle fetched': fetched(/\/assets\/index-[^/]*\.js$/),
      'bundle compiled, HTML parsed': marked(marks.bundleRunning),
      'bundle evaluated': marked(marks.bundleRan),
      'first snapshot asked': marked(marks.snapshotAsked),
      'App mounted': marked(marks.mounted),
      'first snapshot applied, App and Home rendered': marked(marks.snapshotApplied),
      'Home and Recent in the DOM': recent.__recentInDomAt,
      'the frame after': recent.__recentShownAt,
    };
  }, LOAD_MARKS);
}

/** Each step's duration: from the latest point reached before it (the navigation's start for the first); 0 where it overlapped. */
function durations(points: LoadPoints): Partial<Record<Step, number>> {
  let before = 0;
  const out: Partial<Record<Step, number>> = {};
  for (const step of STEPS) {
    const at = points[step];
    if (at === undefined) continue;
    out[step] = Math.max(0, at - before);
    before = Math.max(before, at);
  }
  return out;
}

/** p50 and p95 of each step with the full history, beside the same with the empty one. */
export function homeStepRows({ full, empty }: HomeSteps): Row[] {
  const of = (loads: LoadPoints[], step: Step) => loads.map(durations).flatMap((steps) => (steps[step] === undefined ? [] : [steps[step]]));
  return STEPS.flatMap((step) => {
    const [withFull, withEmpty] = [of(full, step), of(empty, step)];
    if (withFull.length === 0 || withEmpty.length === 0) return [];
    return [50, 95].map((p) =>
      row(`  window loaded, step: ${step}, p${p}`, percentile(withFull, p), 'ms', {
        baseline: { name: `empty history p${p}`, value: percentile(withEmpty, p) },
        note: `n=${withFull.length}`,
      }),
    );
  });
}
