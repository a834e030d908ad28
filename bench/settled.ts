// Idle CPU is read once the app has settled, as a person's machine would be some time after a call: in the
// 5–20 s after the calls the windows' garbage collectors reclaim their objects, once, and the bench's
// probe (per process and per thread, 5 s at a time) saw the app back at its level before the calls after
// that. Readings follow one another until two in a row agree; the second counts.

/** Two readings in a row this close, in points of % of one core, agree. */
export const AGREEING_WITHIN = 0.5;
/** At most this many readings: the last counts then, and is said not to have settled. */
const MOST_READINGS = 6;

/** The reading that counts, the app's total in each reading taken (% of one core), and whether two agreed. */
export type Settled<T> = { reading: T; totals: number[]; settled: boolean };

export async function readSettled<T>(read: () => Promise<T>, total: (reading: T) => number): Promise<Settled<T>> {
  const totals: number[] = [];
  for (;;) {
    const reading = await read();
    totals.push(total(reading));
    const [earlier, last] = totals.slice(-2);
    const settled = earlier !== undefined && Math.abs(last! - earlier) <= AGREEING_WITHIN;
    if (settled || totals.length === MOST_READINGS) return { reading, totals, settled };
  }
}

/** How a settled reading was taken, for its row's note. */
export function settledNote({ totals, settled }: Settled<unknown>, windowMs: number): string {
  const taken = `${totals.length} readings of ${windowMs / 1000} s (${totals.map((total) => total.toFixed(1)).join(', ')} %)`;
  return settled ? `the last of ${taken}, two in a row within ${AGREEING_WITHIN} points` : `NOT settled: the last of ${taken}`;
}
