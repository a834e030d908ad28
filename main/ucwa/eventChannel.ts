import { EmptyBatchPacing } from './emptyBatchPacing.js';
import { HttpError, MalformedError, UcwaError } from './errors.js';
import { readEventBatch } from './batchReader.js';
import type { EventBatch } from './events.js';
import type { UcwaHttp } from './http.js';

export type EventChannelHandlers = {
  /** Called once per batch, strictly in order; the next batch waits until this settles. */
  onBatch(batch: EventBatch): Promise<void>;
  /** The server asked for a resync: cached conversations are stale and must be fetched again. */
  onResync(): Promise<void>;
  /** A problem the channel recovered from (or is retrying): for logs and diagnostics. */
  onProblem(error: UcwaError): void;
  /** The application is gone (404) or refused (410): the channel has stopped. */
  onFatal(error: HttpError): void;
};

export type EventChannelOptions = {
  http: UcwaHttp;
  eventsUrl: URL;
  /** Seconds the server may hold an empty P-GET (UCWA: 180 to 1800). */
  timeoutSeconds?: number;
  /** P-GET priority: with the same ack, a higher priority replaces a lower one. */
  priority?: number;
  backoff?: { initialMs: number; maxMs: number };
  /** The channel's time and pauses; a test gives its own to see the pauses without waiting them out. */
  clock?: ChannelClock;
};

export type ChannelClock = { now(): number; sleep(ms: number, signal: AbortSignal): Promise<void> };

const REAL_CLOCK: ChannelClock = { now: () => performance.now(), sleep: delay };

/**
 * The UCWA event channel: one pending GET at a time on the `events` href as given (its `ack` untouched),
 * the next GET issued once the turn of the event loop that handles a batch ends, batches processed strictly in order.
 */
export class EventChannel {
  readonly #abort = new AbortController();
  #stopped: Promise<void> | undefined;

  constructor(
    private readonly options: EventChannelOptions,
    private readonly handlers: EventChannelHandlers,
  ) {}

  start(): void {
    this.#stopped ??= this.#run().catch((error: unknown) => {
      if (!this.#abort.signal.aborted) throw error;
    });
  }

  async stop(): Promise<void> {
    this.#abort.abort();
    await this.#stopped;
  }

  async #run(): Promise<void> {
    const pacing = new EmptyBatchPacing();
    let pending = this.#fetchAfter(0, this.options.eventsUrl);
    let lastAck = 0;
    for (;;) {
      const result = await pending;
      if (!result) return;
      const { batch, following, heldMs } = result;
      if (!following) {
        this.handlers.onProblem(new MalformedError('events._links', 'no next, resync or resume link'));
        return;
      }
      const ack = ackOf(batch.self);
      const repeated = ack !== undefined && ack <= lastAck;
      pending = this.#fetchAfter(pacing.pauseAfter(repeated || batch.events.length === 0, heldMs), following);
      for (const rejected of batch.rejected) this.handlers.onProblem(rejected);
      if (repeated) {
        this.handlers.onProblem(new MalformedError('events._links.self', `batch ack=${ack} was already processed`));
        continue;
      }
      lastAck = ack ?? lastAck;
      if (batch.resync) {
        await this.#deliver(() => this.handlers.onResync());
        continue;
      }
      await this.#deliver(() => this.handlers.onBatch(batch));
      // After `resume` the server has torn down its conversations: what we hold must be checked again.
      if (batch.resume) await this.#deliver(() => this.handlers.onResync());
    }
  }

  async #deliver(handle: () => Promise<void>): Promise<void> {
    try {
      await handle();
    } catch (error) {
      this.handlers.onProblem(error instanceof UcwaError ? error : new UcwaError(String(error), { cause: error }));
    }
  }

  /**
   * The batch at `url` after a pause, and how long the server held the GET that brought it. Without a pause
   * the GET still waits for the end of this turn of the event loop: the batch just received is handled in
   * it, and what it changes (a ring) reaches the windows before the next GET's request is built and written.
   */
  async #fetchAfter(pauseMs: number, url: URL): Promise<{ batch: EventBatch; following: URL | undefined; heldMs: number } | undefined> {
    const clock = this.options.clock ?? REAL_CLOCK;
    await (pauseMs > 0 ? clock.sleep(pauseMs, this.#abort.signal) : new Promise((resolve) => setImmediate(resolve)));
    const asked = clock.now();
    const result = await this.#fetchWithRetry(url);
    return result && { ...result, heldMs: clock.now() - asked };
  }

  #timeoutSeconds(): number {
    return Math.min(1800, Math.max(180, this.options.timeoutSeconds ?? 180));
  }

  /**
   * The batch at `url` and the URL it leads on to. A batch whose onward link leads to another origin is
   * refused like a malformed one (reported, asked for again), so the channel neither follows it nor stops.
   */
  async #fetchWithRetry(url: URL): Promise<{ batch: EventBatch; following: URL | undefined } | undefined> {
    const { initialMs, maxMs } = this.options.backoff ?? { initialMs: 500, maxMs: 30_000 };
    // Parameters are added beside the server's `ack`, never in place of it. The server forgets them after
    // a `resume`, so they go on every request.
    const request = new URL(url);
    request.searchParams.set('timeout', String(this.#timeoutSeconds()));
    if (this.options.priority !== undefined) request.searchParams.set('priority', String(this.options.priority));
    for (let attempt = 0; ; attempt++) {
      if (this.#abort.signal.aborted) return undefined;
      try {
        const batch = await this.options.http.read(request, (chunks, where) => readEventBatch(chunks, where), {
          signal: this.#abort.signal,
          timeoutMs: (this.#timeoutSeconds() + 30) * 1000,
        });
        if (batch.self !== undefined && this.options.http.resolve(batch.self, request).pathname !== request.pathname) {
          throw new MalformedError('events._links.self', 'the batch belongs to another event channel');
        }
        const following = batch.resync ?? batch.next ?? batch.resume;
        return { batch, following: following === undefined ? undefined : this.options.http.resolve(following, request) };
      } catch (error) {
        if (this.#abort.signal.aborted) return undefined;
        if (error instanceof HttpError && (error.status === 404 || error.status === 410)) {
          this.handlers.onFatal(error);
          return undefined;
        }
        if (!(error instanceof UcwaError)) throw error;
        this.handlers.onProblem(error);
        await (this.options.clock ?? REAL_CLOCK).sleep(jitteredBackoff(attempt, initialMs, maxMs), this.#abort.signal);
      }
    }
  }
}

function ackOf(href: string | undefined): number | undefined {
  const ack = href === undefined ? undefined : /[?&]ack=(\d+)/.exec(href)?.[1];
  return ack === undefined ? undefined : Number(ack);
}

/** Capped exponential backoff with full jitter. */
export function jitteredBackoff(attempt: number, initialMs: number, maxMs: number): number {
  const cap = Math.min(maxMs, initialMs * 2 ** Math.min(attempt, 20));
  return Math.round(cap / 2 + (Math.random() * cap) / 2);
}

function delay(ms: number, signal: AbortSignal): Promise<void> {
  return new Promise((resolve) => {
    const timer = setTimeout(done, ms);
    signal.addEventListener('abort', done, { once: true });
    function done() {
      clearTimeout(timer);
      signal.removeEventListener('abort', done);
      resolve();
    }
  });
}
