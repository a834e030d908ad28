// Fetching colleagues' presence (contactPresence) without letting a flood of updates pile up work: at most
// a few requests at once, each person queued once however many updates name them, an update that comes while
// their GET is in flight costs one more GET after it, never one per update, and someone's presence is
// fetched again at most once every `refetchAfterMs`, longer when many are watched so that updates cost at
// most `getsPerSecond` in all (a person whose presence changes every second is shown a little late rather
// than costing a GET a second: 500 of them would keep the core busy). The first fetches of people newly
// watched spend the same budget (500 shown at once are not 1 000 GETs at once). Where the server offers
// UCWA's batch resource, the GETs due in one turn go as one batch request (the contacts of people whose
// contactPresence is not yet known first), each part counted as a GET.
import type { Presence } from '../../preload/shared/people.js';
import type { BatchOutcome } from '../ucwa/batch.js';
import { MAX_BATCH_PARTS } from '../ucwa/batchFormat.js';
import { HttpError, UcwaError } from '../ucwa/errors.js';
import { linkedResourceSchema, parseWith, readLinks } from '../ucwa/resources.js';
import { GetBudget } from './getBudget.js';
import { readPresence } from './presenceBodies.js';

/** What fetching needs of the server: GET an href, resolve one (a ForeignHrefError for what may not be followed), and GET many in one batch where it offers that. */
export type PresenceReader = {
  getJson(href: string, base?: URL): Promise<{ url: URL; json: unknown }>;
  resolve(href: string, base: URL): URL;
  getInBatch?: ((urls: readonly URL[]) => Promise<BatchOutcome[]>) | undefined;
};

export type PresenceFetchOptions = {
  reader: PresenceReader;
  /** What contact hrefs are resolved against (the application). */
  base(): URL;
  /** Where someone's contact is (the membership's `contact` link); undefined for someone no longer watched. */
  contactOf(uri: string): string | undefined;
  /** A person's presence as fetched (Unknown when the server has none for them). */
  onPresence(uri: string, presence: Presence): void;
  onProblem(error: UcwaError): void;
  /** Requests in flight at once, a batch counting as one; default 6. */
  concurrency?: number;
  /** The shortest time between the starts of two GETs of one person's presence; default 3 s. */
  refetchAfterMs?: number;
  /** The most GETs a second, whoever they are for (the wait after an update grows with the people watched); default 40. */
  getsPerSecond?: number;
  /** The most GETs at once after a quiet while; default getsPerSecond. */
  burstGets?: number;
  /** The most people in one batch request; default 16 (six batches in flight stay under the 100 requests UCWA lets a user have outstanding). */
  peoplePerBatch?: number;
};

export class PresenceFetches {
  /** People waiting for a GET, in the order asked; a Set, so it never holds anyone twice. */
  readonly #queue = new Set<string>();
  readonly #inFlight = new Set<string>();
  #requests = 0;
  #disposed = false;
  #pumpSoon = false;
  /** People updated while their GET was in flight: one more GET each once it is done. */
  readonly #again = new Set<string>();
  /** contactPresence hrefs by person, learnt from their contact, and people by those hrefs (to read events). */
  readonly #presenceHrefs = new Map<string, string>();
  readonly #byPresenceHref = new Map<string, string>();
  /** When each person's last GET started, and who waits for `refetchAfterMs` to pass since theirs. */
  readonly #lastStarted = new Map<string, number>();
  readonly #resting = new Set<string>();
  #restTimer: NodeJS.Timeout | undefined;
  #budgetTimer: NodeJS.Timeout | undefined;
  readonly #budget: GetBudget;
  readonly #concurrency: number;
  readonly #shortestRefetchMs: number;
  readonly #getsPerSecond: number;
  readonly #peoplePerBatch: number;

  constructor(private readonly options: PresenceFetchOptions) {
    this.#concurrency = options.concurrency ?? 6;
    this.#shortestRefetchMs = options.refetchAfterMs ?? 3000;
    this.#getsPerSecond = options.getsPerSecond ?? 40;
    this.#budget = new GetBudget(this.#getsPerSecond, options.burstGets);
    // A first fetch is two GETs (contact, presence): a full batch of people is at most MAX_BATCH_PARTS of them.
    this.#peoplePerBatch = Math.min(options.peoplePerBatch ?? 16, MAX_BATCH_PARTS);
  }

  /** One request's people: a batch's where the server offers batch now (an application created anew may not), else one, a plain GET. */
  get #peoplePerRequest(): number {
    return this.options.reader.getInBatch ? this.#peoplePerBatch : 1;
  }

  /** How long someone waits since their last GET: longer the more people were fetched, so all of them together stay within getsPerSecond. */
  get #refetchAfterMs(): number {
    return Math.max(this.#shortestRefetchMs, (this.#lastStarted.size * 1000) / this.#getsPerSecond);
  }

  /** Fetches someone's presence soon: in this turn's request if there is room, else in turn; never twice over. */
  request(uri: string): void {
    if (this.#inFlight.has(uri)) this.#again.add(uri);
    else if (this.#resting.has(uri)) return;
    else if (performance.now() - (this.#lastStarted.get(uri) ?? -Infinity) < this.#refetchAfterMs) this.#rest(uri);
    else this.#queue.add(uri);
    // Everyone asked for in this turn (an event batch's updates, the people just subscribed to) goes together.
    if (this.#pumpSoon) return;
    this.#pumpSoon = true;
    queueMicrotask(() => {
      this.#pumpSoon = false;
      this.#pump();
    });
  }

  dispose(): void {
    this.#disposed = true;
    clearInterval(this.#restTimer);
    clearTimeout(this.#budgetTimer);
    this.#restTimer = this.#budgetTimer = undefined;
    this.#resting.clear();
    this.#queue.clear();
    this.#again.clear();
  }

  /** Whose contactPresence this href is, once learnt. */
  personAt(presenceHref: string): string | undefined {
    return this.#byPresenceHref.get(presenceHref);
  }

  /** Someone is no longer watched: nothing more is fetched for them. */
  forget(uri: string): void {
    this.#queue.delete(uri);
    this.#again.delete(uri);
    this.#resting.delete(uri);
    this.#lastStarted.delete(uri);
    const href = this.#presenceHrefs.get(uri);
    if (href !== undefined) this.#byPresenceHref.delete(href);
    this.#presenceHrefs.delete(uri);
  }

  /** How many GETs are queued, waiting their turn or in flight (a flood must keep this bounded by the people watched). */
  get pending(): number {
    return this.#queue.size + this.#resting.size + this.#inFlight.size;
  }

  /** Someone fetched a moment ago waits until refetchAfterMs has passed since; one timer for all who wait. */
  #rest(uri: string): void {
    if (this.#disposed) return;
    this.#resting.add(uri);
    this.#restTimer ??= setInterval(() => {
      const now = performance.now();
      for (const resting of this.#resting) {
        if (now - (this.#lastStarted.get(resting) ?? -Infinity) < this.#refetchAfterMs) continue;
        this.#resting.delete(resting);
        this.#queue.add(resting);
      }
      if (!this.#resting.size) {
        clearInterval(this.#restTimer);
        this.#restTimer = undefined;
      }
      this.#pump();
    }, this.#shortestRefetchMs / 6);
  }

  #pump(): void {
    while (!this.#disposed && this.#requests < this.#concurrency && this.#queue.size) {
      const people = this.#takeWithinBudget();
      if (!people.length) return this.#pumpWhenBudgetAllows();
      this.#requests++;
      const now = performance.now();
      for (const uri of people) {
        this.#queue.delete(uri);
        this.#inFlight.add(uri);
        this.#lastStarted.set(uri, now);
      }
      void this.#fetch(people).finally(() => {
        this.#requests--;
        for (const uri of people) {
          this.#inFlight.delete(uri);
          if (this.#again.delete(uri)) this.#rest(uri);
        }
        this.#pump();
      });
    }
  }

  /**
   * The next request's people: the first queued, as many as one request takes (and the budget ever holds),
   * once the budget covers them all; none before, so that they wait for it together rather than go in a
   * trickle of requests of one GET each, which would undo the batching.
   */
  #takeWithinBudget(): string[] {
    const { people, gets } = this.#nextRequest();
    return this.#budget.take(gets) ? people : [];
  }

  #nextRequest(): { people: string[]; gets: number } {
    const people: string[] = [];
    let gets = 0;
    for (const uri of this.#queue) {
      if (people.length === this.#peoplePerRequest || gets + this.#getsFor(uri) > this.#budget.burst) break;
      people.push(uri);
      gets += this.#getsFor(uri);
    }
    return { people, gets };
  }

  #pumpWhenBudgetAllows(): void {
    if (this.#budgetTimer) return;
    const wake = () => {
      this.#budgetTimer = undefined;
      this.#pump();
    };
    this.#budgetTimer = setTimeout(wake, this.#budget.msUntil(this.#nextRequest().gets));
  }

  /** Someone's presence costs one GET once its href is known, two before (their contact first). */
  #getsFor(uri: string): number {
    return this.#presenceHrefs.has(uri) ? 1 : 2;
  }

  async #fetch(people: readonly string[]): Promise<void> {
    const watched = people.filter((uri) => this.options.contactOf(uri) !== undefined);
    try {
      const unknown = watched.filter((uri) => !this.#presenceHrefs.has(uri));
      const contacts = await this.#get(unknown, (uri) => this.options.reader.resolve(this.options.contactOf(uri)!, this.options.base()));
      unknown.forEach((uri, index) => this.#settle(uri, contacts[index]!, (url, json) => this.#learnPresenceHref(uri, url, json)));
      const known = watched.filter((uri) => this.#presenceHrefs.has(uri));
      const presences = await this.#get(known, (uri) => new URL(this.#presenceHrefs.get(uri)!));
      known.forEach((uri, index) => this.#settle(uri, presences[index]!, (_url, json) => this.#show(uri, readPresence(json, 'contactPresence'))));
    } catch (error) {
      // The request itself failed (a batch unanswered or unreadable): nobody in it has a presence to show.
      if (!(error instanceof UcwaError)) throw error;
      this.options.onProblem(error);
      watched.forEach((uri) => this.#show(uri, { availability: 'Unknown' }));
    }
  }

  /** GETs each person's resource at `urlOf`: in one batch where the server offers it, else one by one; an href that may not be followed fails for that person alone. */
  async #get(people: readonly string[], urlOf: (uri: string) => URL): Promise<BatchOutcome[]> {
    const outcomes: Array<BatchOutcome | URL> = people.map((uri) => {
      try {
        return urlOf(uri);
      } catch (error) {
        if (!(error instanceof UcwaError)) throw error;
        return { url: this.options.base(), error };
      }
    });
    const urls = outcomes.filter((outcome) => outcome instanceof URL);
    const { getInBatch } = this.options.reader;
    const fetched = getInBatch && urls.length > 1 ? await getInBatch(urls) : await Promise.all(urls.map((url) => this.#getOne(url)));
    return outcomes.map((outcome) => (outcome instanceof URL ? fetched.shift()! : outcome));
  }

  async #getOne(url: URL): Promise<BatchOutcome> {
    try {
      return await this.options.reader.getJson(url.href);
    } catch (error) {
      if (!(error instanceof UcwaError)) throw error;
      return { url, error };
    }
  }

  /** Reads what was fetched for someone; a failure is reported (a 404, someone the server does not know, is not) and shows them as Unknown. */
  #settle(uri: string, outcome: BatchOutcome, read: (url: URL, json: unknown) => void): void {
    try {
      if ('error' in outcome) throw outcome.error;
      read(outcome.url, outcome.json);
    } catch (error) {
      if (!(error instanceof UcwaError)) throw error;
      if (!(error instanceof HttpError && error.status === 404)) this.options.onProblem(error);
      this.#show(uri, { availability: 'Unknown' });
    }
  }

  #show(uri: string, presence: Presence): void {
    if (this.options.contactOf(uri) !== undefined) this.options.onPresence(uri, presence);
  }

  #learnPresenceHref(uri: string, contactUrl: URL, json: unknown): void {
    const href = readLinks(parseWith(linkedResourceSchema, json, 'contact')._links).get('contactPresence');
    if (href === undefined) throw new HttpError(404, contactUrl.href, 'NotFound');
    const absolute = this.options.reader.resolve(href, contactUrl).href;
    this.#presenceHrefs.set(uri, absolute);
    this.#byPresenceHref.set(absolute, uri);
  }
}
