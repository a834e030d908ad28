/** The minimum interval between empty batches that come back at once: from this, doubling… */
const FIRST_INTERVAL_MS = 500;
/** …up to this. */
const LONGEST_INTERVAL_MS = 8_000;

/**
 * How long the event channel waits before its next GET. A server holds a GET until there are events or
 * its timeout passes, so an empty batch comes back after a while; one that answers at once with nothing
 * (or with a batch already processed) would be asked again at once, forever. From the second such batch
 * in a row, the next GET waits out a minimum interval, 0.5 s doubling up to 8 s; a batch with events, or an
 * empty one the server held for the interval, starts over.
 */
export class EmptyBatchPacing {
  #atOnceInARow = 0;

  /** The pause before the next GET, after a batch that was `empty` and took `heldMs` to come back. */
  pauseAfter(empty: boolean, heldMs: number): number {
    const interval = Math.min(LONGEST_INTERVAL_MS, FIRST_INTERVAL_MS * 2 ** Math.max(0, this.#atOnceInARow - 1));
    if (!empty || heldMs >= interval) {
      this.#atOnceInARow = 0;
      return 0;
    }
    this.#atOnceInARow++;
    return this.#atOnceInARow === 1 ? 0 : interval - heldMs;
  }
}
