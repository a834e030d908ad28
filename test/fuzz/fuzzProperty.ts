import fc from 'fast-check';

/** One property of a fuzz target: `npm run fuzz` runs it `fullRuns` times, `npm test` a small sample. */
export type FuzzProperty = {
  name: string;
  fullRuns: number;
  /** Runs `numRuns` cases and resolves with how many ran; a failure rejects with fast-check's report. */
  check(numRuns: number): Promise<number>;
};

export type FuzzTarget = {
  name: string;
  properties: FuzzProperty[];
  /** What the properties need (a running core), started once before them and stopped after them. */
  setUp?(): Promise<void>;
  tearDown?(): Promise<void>;
};

/** `examples`: counterexamples fuzzing found once, run first every time (sample included). */
export function fuzzProperty<Ts>(name: string, fullRuns: number, property: fc.IRawProperty<Ts>, examples: Ts[] = []): FuzzProperty {
  return {
    name,
    fullRuns,
    async check(numRuns) {
      const details = await fc.check(property, { numRuns, examples });
      // The report carries the counterexample, the seed and the path that replay it.
      if (details.failed) throw new Error(fc.defaultReportMessage(details), { cause: details.errorInstance });
      return details.numRuns;
    },
  };
}
