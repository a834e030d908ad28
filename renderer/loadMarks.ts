// Performance marks of a window's load, each taken once, for the bench to break "window loaded → Recent
// shown" into steps (bench/homeSteps.ts). Imported first by main.ts, so this module runs first in the
// bundle: its own mark is the moment the bundle, fetched and compiled, begins to run.
export const LOAD_MARKS = {
  bundleRunning: 'softphone:bundle-running',
  bundleRan: 'softphone:bundle-ran',
  snapshotAsked: 'softphone:snapshot-asked',
  mounted: 'softphone:mounted',
  /** Once the reply is applied and Svelte has flushed the state it set: the view is rendered. */
  snapshotApplied: 'softphone:snapshot-applied',
  /** Once the views Home does not show have loaded, when the window was idle after its first frame (lazyViews.svelte.ts). */
  viewsLoaded: 'softphone:views-loaded',
} as const;

export type LoadMark = keyof typeof LOAD_MARKS;

/** Marks `name` the first time only: later snapshots and commands leave the load's marks as they were. */
export function markLoad(name: LoadMark): void {
  if (performance.getEntriesByName(LOAD_MARKS[name], 'mark').length === 0) performance.mark(LOAD_MARKS[name]);
}

markLoad('bundleRunning');
