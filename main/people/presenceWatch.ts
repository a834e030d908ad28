// Colleagues' presence for the people the windows show. Each source (the caller of a call that rings,
// Recent, search results, the contact list) names its people in priority order; the most important, up to
// a bound, are subscribed to (presenceSubscriptionSet.ts), each one's presence fetched once when first
// watched and again on each contactPresence update (presenceFetches.ts), and released when no source names
// them. The windows hear of presence changes at most once per `publishEveryMs`, so a flood of updates does
// not rebuild and send the snapshot hundreds of times a second.
import type { Presence } from '../../preload/shared/people.js';
import { reportingServerProblems, UcwaError } from '../ucwa/errors.js';
import type { EventBatch } from '../ucwa/events.js';
import type { Links } from '../ucwa/resources.js';
import { contactHref } from './contactHref.js';
import { PresenceFetches, type PresenceFetchOptions, type PresenceReader } from './presenceFetches.js';
import { PresenceSubscriptionSet, type SubscriptionServer } from './presenceSubscriptionSet.js';

/** The sources in the order their people matter; a source not listed comes after these. */
const SOURCE_PRIORITY = ['ringing', 'search', 'recent', 'contactList'];

export type PresenceWatchOptions = {
  server: SubscriptionServer & PresenceReader;
  /** The people resource's links and the application's base, as they are now (the application may be replaced). */
  people(): Links;
  base(): URL;
  onChange(): void;
  onProblem(error: UcwaError): void;
  /** The most people watched at once; default 500. */
  maxWatched?: number;
  /** Subscription length in minutes and how long a minute is (tests shorten it). */
  durationMinutes?: number;
  minuteMs?: number;
  /** The longest the windows wait to hear of a presence change; default 100 ms. */
  publishEveryMs?: number;
} & Pick<PresenceFetchOptions, 'refetchAfterMs' | 'getsPerSecond' | 'burstGets' | 'peoplePerBatch'>;

const isSip = (uri: string) => /^sip:[^\s]{1,254}$/i.test(uri);

export class PresenceWatch {
  readonly #wants = new Map<string, readonly string[]>();
  /** Who should be watched, most important first, at most maxWatched. */
  #wanted: readonly string[] = [];
  readonly #presence = new Map<string, Presence>();
  readonly #subscriptions: PresenceSubscriptionSet;
  readonly #fetches: PresenceFetches;
  #snapshot: Record<string, Presence> | undefined;
  #reconciling = false;
  #again = false;
  #publish: NodeJS.Timeout | undefined;
  #disposed = false;

  constructor(private readonly options: PresenceWatchOptions) {
    this.#subscriptions = new PresenceSubscriptionSet({
      ...options,
      onLost: (uris) => {
        uris.forEach((uri) => this.#fetches.forget(uri));
        this.#reconcile();
      },
    });
    const { refetchAfterMs, getsPerSecond, burstGets, peoplePerBatch } = options;
    this.#fetches = new PresenceFetches({
      reader: options.server,
      base: options.base,
      contactOf: (uri) => (this.#subscriptions.has(uri) ? (this.#subscriptions.contactOf(uri) ?? contactHref(options.people(), uri)) : undefined),
      onPresence: (uri, presence) => {
        this.#presence.set(uri, presence);
        this.#changed();
      },
      onProblem: options.onProblem,
      ...(refetchAfterMs !== undefined && { refetchAfterMs }),
      ...(getsPerSecond !== undefined && { getsPerSecond }),
      ...(burstGets !== undefined && { burstGets }),
      ...(peoplePerBatch !== undefined && { peoplePerBatch }),
    });
  }

  /** The people `source` shows, most important first; an empty list takes them all back. */
  want(source: string, uris: readonly string[]): void {
    const named = [...new Set(uris.filter(isSip))];
    const before = this.#wants.get(source) ?? [];
    if (named.length === before.length && named.every((uri, i) => uri === before[i])) return;
    if (named.length) this.#wants.set(source, named);
    else this.#wants.delete(source);
    const order = (source: string) => (SOURCE_PRIORITY.includes(source) ? SOURCE_PRIORITY.indexOf(source) : SOURCE_PRIORITY.length);
    const sources = [...this.#wants.keys()].sort((a, b) => order(a) - order(b));
    this.#wanted = [...new Set(sources.flatMap((s) => this.#wants.get(s) ?? []))].slice(0, this.options.maxWatched ?? 500);
    this.#snapshot = undefined;
    this.#reconcile();
  }

  /** The presence of the people watched, as far as fetched; the same object until something changes. */
  snapshot(): Record<string, Presence> {
    this.#snapshot ??= Object.fromEntries(this.#wanted.flatMap((uri) => (this.#presence.has(uri) ? [[uri, this.#presence.get(uri)!]] : [])));
    return this.#snapshot;
  }

  /** The people subscribed to now (for tests and the bench). */
  watched(): string[] {
    return this.#subscriptions.members();
  }

  /** GETs queued or in flight. */
  get pendingFetches(): number {
    return this.#fetches.pending;
  }

  /** contactPresence updates fetch that person's presence again; presenceSubscription events renew or replace. */
  handleBatch(batch: EventBatch): void {
    for (const event of batch.events) {
      if (event.sender.rel !== 'people') continue;
      const href = this.#resolved(event.href);
      if (href === undefined) continue;
      if (event.rel === 'presenceSubscription') this.#subscriptions.heard(href, event.type);
      if (event.rel !== 'contactPresence' || event.type !== 'updated') continue;
      const uri = this.#fetches.personAt(href);
      if (uri !== undefined && this.#subscriptions.has(uri)) this.#fetches.request(uri);
    }
  }

  /** The application was replaced: its subscriptions are gone, so everyone is subscribed to again. */
  applicationReplaced(): void {
    // What was learnt of where each presence is leads into the application that is gone: learnt anew.
    this.#subscriptions.members().forEach((uri) => this.#fetches.forget(uri));
    this.#subscriptions.forgetAll();
    this.#reconcile();
  }

  dispose(): void {
    this.#disposed = true;
    clearTimeout(this.#publish);
    this.#subscriptions.dispose();
    this.#fetches.dispose();
  }

  /** Brings the subscriptions to whom is wanted: one pass at a time, and another if the wants changed meanwhile. */
  #reconcile(): void {
    if (this.#reconciling) {
      this.#again = true;
      return;
    }
    this.#reconciling = true;
    void (async () => {
      try {
        do {
          this.#again = false;
          await reportingServerProblems(this.#bringUpToDate(), this.options.onProblem);
        } while (this.#again && !this.#disposed);
      } finally {
        this.#reconciling = false;
      }
    })();
  }

  async #bringUpToDate(): Promise<void> {
    const wanted = new Set(this.#wanted);
    const leaving = this.#subscriptions.members().filter((uri) => !wanted.has(uri));
    for (const uri of leaving) {
      this.#fetches.forget(uri);
      this.#presence.delete(uri);
    }
    if (leaving.length) this.#changed();
    await this.#subscriptions.release(leaving);
    const joining = this.#wanted.filter((uri) => !this.#subscriptions.has(uri));
    if (!joining.length || this.#disposed) return;
    for (const uri of await this.#subscriptions.add(joining)) this.#fetches.request(uri);
  }

  /** An event's href as the client resolves it; one that may not be followed is reported and its event left. */
  #resolved(href: string): string | undefined {
    try {
      return this.options.server.resolve(href, this.options.base()).href;
    } catch (error) {
      if (!(error instanceof UcwaError)) throw error;
      this.options.onProblem(error);
      return undefined;
    }
  }

  #changed(): void {
    this.#snapshot = undefined;
    if (this.#publish || this.#disposed) return;
    this.#publish = setTimeout(() => {
      this.#publish = undefined;
      this.options.onChange();
    }, this.options.publishEveryMs ?? 100);
  }
}
