// How long the session takes to get over each fault the proxy injects.
//
// Recovery time of a fault: from the moment the faulty request reached the proxy until a later request for
// the same resource (same method and path: the client's retry, or the event channel's next poll) got a good
// answer (2xx, not tampered with). When the client never asks for that resource again (the application it
// belonged to was recreated, or the call it was for ended), until the event channel next delivered a batch.
// A slowly released answer is good when it finally comes: the delay is its recovery time.

/** A request as the proxy saw it arrive (performance.now()). */
export type SeenRequest = { method: string; path: string; events: boolean; arrivedAt: number };

type OpenFault = SeenRequest & { kind: string; nextBatchAt?: number };

export type Percentiles = { count: number; p50: number; p99: number; max: number };
export type RecoverySummary = Percentiles & { unrecovered: number; byKind: Record<string, Percentiles> };

export class RecoveryClock {
  readonly #open: OpenFault[] = [];
  readonly #recovered: Array<{ kind: string; ms: number }> = [];

  faulted(kind: string, request: SeenRequest): void {
    this.#open.push({ ...request, kind });
  }

  /** A good answer went back to the client, now. */
  answered(request: SeenRequest): void {
    const now = performance.now();
    for (let i = this.#open.length - 1; i >= 0; i--) {
      const fault = this.#open[i]!;
      if (request.events) fault.nextBatchAt ??= now;
      if (request.method === fault.method && request.path === fault.path && request.arrivedAt >= fault.arrivedAt) {
        this.#recovered.push({ kind: fault.kind, ms: now - fault.arrivedAt });
        this.#open.splice(i, 1);
      }
    }
  }

  summary(): RecoverySummary {
    const fallback = this.#open.flatMap(({ kind, nextBatchAt, arrivedAt }) => (nextBatchAt === undefined ? [] : [{ kind, ms: nextBatchAt - arrivedAt }]));
    const all = [...this.#recovered, ...fallback];
    const kinds = [...new Set(all.map(({ kind }) => kind))];
    return {
      ...percentiles(all.map(({ ms }) => ms)),
      unrecovered: this.#open.length - fallback.length,
      byKind: Object.fromEntries(kinds.map((kind) => [kind, percentiles(all.filter((time) => time.kind === kind).map(({ ms }) => ms))])),
    };
  }
}

/** Nearest-rank percentiles. */
function percentiles(times: number[]): Percentiles {
  const sorted = [...times].sort((a, b) => a - b);
  const at = (q: number) => (sorted.length === 0 ? 0 : sorted[Math.max(0, Math.ceil(q * sorted.length) - 1)]!);
  return { count: sorted.length, p50: at(0.5), p99: at(0.99), max: at(1) };
}
