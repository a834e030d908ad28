// A batch of events may hold thousands: applying them gives the event loop (the windows' commands, other
// replies) a turn every TURN_MS, so no task of the main process grows with the batch.

/** The longest the items are worked through without giving the event loop a turn. */
const TURN_MS = 20;
/** Up to this many items (the usual batch: a ring, its updates) are started in the turn that read them. */
const ITEMS_WITH_THEIR_READING = 50;

/** Runs `apply` on each item in order; a long list starts in a turn of its own, apart from the reading that came before it. */
export async function inTurns<T>(items: readonly T[], apply: (item: T) => Promise<void>): Promise<void> {
  let turnStarted = items.length > ITEMS_WITH_THEIR_READING ? -Infinity : performance.now();
  for (const item of items) {
    if (performance.now() - turnStarted > TURN_MS) {
      await new Promise((resolve) => setImmediate(resolve));
      turnStarted = performance.now();
    }
    await apply(item);
  }
}
