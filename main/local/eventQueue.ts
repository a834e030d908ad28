import type { ServerResponse } from 'node:http';
import { eventPriority } from './eventPriority.js';
import { sendJson } from './serviceHttp.js';

export type ServiceEvent = {
  sender: { rel: string; href: string };
  link: { rel: string; href: string };
  /** The collection the resource joined or left (typingParticipants). */
  in?: { rel: string; href: string };
  type: 'added' | 'updated' | 'deleted' | 'started' | 'completed';
  status?: 'Success' | 'Failure';
  reason?: { code: string; subcode?: string; message: string };
  _embedded?: Record<string, unknown>;
};

type Batch = { ack: number; body: unknown };
type PendingGet = { ack: number; response: ServerResponse; timer: NodeJS.Timeout };

export type EventQueueOptions = {
  /** The events href without a query: `.../applications/{id}/events`. */
  eventsPath: string;
  /** How many acknowledged batches are kept for a client that asks again. */
  retainedBatches?: number;
  /** Observes each release of a pending GET, right after the batch was handed to the connection (the bench times rings from it). */
  onRelease?: (events: readonly ServiceEvent[]) => void;
  /** Observes events as they are pushed: the service re-reads what it derives from calls (the user's presence). */
  onPush?: () => void;
  /** How long Medium and Low priority events may wait for others before a P-GET is released with them; default DEFERRED_EVENTS_WAIT_MS. */
  deferredEventsWaitMs?: number;
};

/**
 * A real server holds Medium priority events for the P-GET's `medium` parameter (5 s at least) and Low
 * ones for `low` (15 s) so that they go out together. Half a second keeps a colleague's dot live to the
 * eye while a flood (500 people changing once a second) goes out in two batches a second instead of one
 * per round trip of the channel.
 */
export const DEFERRED_EVENTS_WAIT_MS = 500;

/**
 * One application's event channel as UCWA documents it: `events?ack=N` asks for batch N and acknowledges
 * everything before it; the GET is held until events arrive (Medium and Low priority ones wait up to deferredEventsWaitMs for company) or `timeout` passes (then an empty batch with
 * only `next`); an ack out of range gets only a `resync` link; a second P-GET releases the first with
 * 409 PGetReplaced.
 */
export class EventQueue {
  readonly #batches: Batch[] = [];
  #queued: ServiceEvent[] = [];
  #nextAck = 1;
  #firstUnacknowledged = 1;
  #pending: PendingGet | undefined;
  #resumeNext = false;
  /** While held, events queue up and a waiting P-GET waits for all of them (see hold). */
  #holds = 0;
  /** Whether what is queued goes out at once: a High priority event is among it, or the deferred ones waited long enough. */
  #due = false;
  #deferred: NodeJS.Timeout | undefined;

  constructor(private readonly options: EventQueueOptions) {}

  get firstHref(): string {
    return this.#href(1);
  }

  /** High priority events release a waiting P-GET at once, with whatever waits; Medium and Low ones wait a while for company. */
  push(...events: ServiceEvent[]): void {
    this.#queued.push(...events);
    if (events.some((event) => eventPriority(event.link.rel) === 'High')) this.#due = true;
    else if (events.length) this.#deferred ??= setTimeout(() => this.#becomeDue(), this.options.deferredEventsWaitMs ?? DEFERRED_EVENTS_WAIT_MS);
    this.#releaseIfDue();
    this.options.onPush?.();
  }

  /**
   * Holds the events pushed from now on until the returned function is called, then releases them as one
   * batch: the server decides how much a batch carries, and a busy one sends many events at once.
   */
  hold(): () => void {
    this.#holds++;
    let released = false;
    return () => {
      if (released) return;
      released = true;
      this.#holds--;
      this.#releaseIfDue();
    };
  }

  /** Serves `GET events?ack=N`; holds the response while there is nothing to send. */
  get(ack: number, timeoutSeconds: number, response: ServerResponse): void {
    const stored = this.#batches.find((batch) => batch.ack === ack);
    if (stored) {
      this.#acknowledge(ack);
      return sendJson(response, 200, stored.body);
    }
    if (ack !== this.#nextAck) {
      return sendJson(response, 200, { _links: { resync: { href: this.#href(this.#firstUnacknowledged) } } });
    }
    this.#acknowledge(ack);
    if (this.#pending) {
      clearTimeout(this.#pending.timer);
      sendJson(this.#pending.response, 409, { code: 'Conflict', subcode: 'PGetReplaced', message: 'Replaced by a newer pending GET.' });
    }
    const pending: PendingGet = {
      ack,
      response,
      timer: setTimeout(() => this.#release(pending), timeoutSeconds * 1000),
    };
    this.#pending = pending;
    response.on('close', () => {
      if (this.#pending === pending) {
        clearTimeout(pending.timer);
        this.#pending = undefined;
      }
    });
    this.#releaseIfDue();
  }

  /**
   * As after long inactivity: the next batch links onward with `resume` instead of `next` (the server
   * forgot the query parameters and tore its conversations down). A waiting P-GET is released at once.
   */
  resume(): void {
    this.#resumeNext = true;
    if (this.#pending) this.#release(this.#pending);
  }

  /** The application is gone: a pending P-GET is released with 404 ApplicationNotFound. */
  close(): void {
    clearTimeout(this.#deferred);
    if (this.#pending) {
      clearTimeout(this.#pending.timer);
      sendJson(this.#pending.response, 404, { code: 'NotFound', subcode: 'ApplicationNotFound', message: 'The application does not exist.' });
      this.#pending = undefined;
    }
  }

  #becomeDue(): void {
    this.#due = true;
    this.#releaseIfDue();
  }

  #releaseIfDue(): void {
    if (this.#pending && this.#holds === 0 && this.#due && this.#queued.length) this.#release(this.#pending);
  }

  #release(pending: PendingGet): void {
    clearTimeout(pending.timer);
    clearTimeout(this.#deferred);
    this.#deferred = undefined;
    this.#due = false;
    this.#pending = undefined;
    const released = this.#queued;
    const body = {
      _links: { self: { href: this.#href(pending.ack) }, [this.#resumeNext ? 'resume' : 'next']: { href: this.#href(pending.ack + 1) } },
      ...(released.length && { sender: groupBySender(released) }),
    };
    this.#queued = [];
    this.#resumeNext = false;
    this.#batches.push({ ack: pending.ack, body });
    this.#nextAck = pending.ack + 1;
    sendJson(pending.response, 200, body);
    this.options.onRelease?.(released);
  }

  /** Batches below `ack` are acknowledged; a few are kept in case the client repeats itself. */
  #acknowledge(ack: number): void {
    this.#firstUnacknowledged = Math.max(this.#firstUnacknowledged, ack);
    const keep = this.options.retainedBatches ?? 4;
    while (this.#batches.length > keep && (this.#batches[0]?.ack ?? Infinity) < ack) this.#batches.shift();
  }

  #href(ack: number): string {
    return `${this.options.eventsPath}?ack=${ack}`;
  }
}

function groupBySender(events: ServiceEvent[]) {
  const senders: Array<{ rel: string; href: string; events: Array<Omit<ServiceEvent, 'sender'>> }> = [];
  for (const { sender, ...event } of events) {
    const last = senders.at(-1);
    if (last && last.rel === sender.rel && last.href === sender.href) last.events.push(event);
    else senders.push({ ...sender, events: [event] });
  }
  return senders;
}
