// How many GETs presence may cost: at most `perSecond` on average, and at most `burst` at once after a quiet
// while (a token bucket). Each GET takes one, a batched GET as much as a plain one.
export class GetBudget {
  #tokens: number;
  #at = performance.now();
  /** The most GETs it holds. */
  readonly burst: number;

  /** `burst` is at least 2: what one person's first fetch costs (their contact, then their presence). */
  constructor(
    private readonly perSecond: number,
    burst = perSecond,
  ) {
    this.burst = Math.max(2, burst);
    this.#tokens = this.burst;
  }

  /** Takes `count` GETs from the budget if it has them now. */
  take(count: number): boolean {
    this.#refill();
    if (this.#tokens < count) return false;
    this.#tokens -= count;
    return true;
  }

  /** How long until the budget has `count` GETs (at most `burst`). */
  msUntil(count: number): number {
    this.#refill();
    return Math.max(0, ((count - this.#tokens) * 1000) / this.perSecond);
  }

  #refill(): void {
    const now = performance.now();
    this.#tokens = Math.min(this.burst, this.#tokens + ((now - this.#at) * this.perSecond) / 1000);
    this.#at = now;
  }
}
