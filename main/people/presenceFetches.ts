// Fetching colleagues' presence (contactPresence) without letting a flood of updates pile up work: at most
// a few GETs at once, each person queued once however many updates name them, an update that comes while
// their GET is in flight costs one more GET after it, never one per update, and someone's presence is
// fetched again at most once every `refetchAfterMs`, longer when many are watched so that updates cost at
// most `getsPerSecond` in all (a person whose presence changes every second is shown a little late rather
// than costing a GET a second: 500 of them would keep the core busy).
import { z } from 'zod';
import { AVAILABILITIES, type Availability, type Presence } from '../../preload/shared/people.js';
import { HttpError, UcwaError } from '../ucwa/errors.js';
import { linksSchema, parseWith, readLinks } from '../ucwa/resources.js';

/** What fetching needs of the server: GET an href. */
export type PresenceReader = { getJson(href: string): Promise<{ url: URL; json: unknown }> };

export type PresenceFetchOptions = {
  reader: PresenceReader;
  /** Where someone's contact is (the membership's `contact` link); undefined for someone no longer watched. */
  contactOf(uri: string): string | undefined;
  /** A person's presence as fetched (Unknown when the server has none for them). */
  onPresence(uri: string, presence: Presence): void;
  onProblem(error: UcwaError): void;
  /** GETs in flight at once; default 6. */
  concurrency?: number;
  /** The shortest time between the starts of two GETs of one person's presence; default 3 s. */
  refetchAfterMs?: number;
  /** The most GETs a second that updates cost, whoever they are for: the wait grows with the people watched; default 40. */
  getsPerSecond?: number;
};

const contactSchema = z.looseObject({ _links: linksSchema });
const presenceSchema = z.looseObject({ availability: z.string().max(64).optional(), activity: z.string().max(256).optional() });
const KNOWN = new Set<string>(AVAILABILITIES.filter((availability) => availability !== 'Unknown'));

/** contactPresence as the windows show it: an availability this app does not know is Unknown. */
export function readPresence(json: unknown): Presence {
  const { availability, activity } = parseWith(presenceSchema, json, 'contactPresence');
  const known = availability !== undefined && KNOWN.has(availability) ? (availability as Availability) : 'Unknown';
  return { availability: known, ...(activity && { activity }) };
}

export class PresenceFetches {
  /** People waiting for a GET, in the order asked; a Set, so it never holds anyone twice. */
  readonly #queue = new Set<string>();
  readonly #inFlight = new Set<string>();
  #disposed = false;
  /** People updated while their GET was in flight: one more GET each once it is done. */
  readonly #again = new Set<string>();
  /** contactPresence hrefs by person, learnt from their contact, and people by those hrefs (to read events). */
  readonly #presenceHrefs = new Map<string, string>();
  readonly #byPresenceHref = new Map<string, string>();
  /** When each person's last GET started, and who waits for `refetchAfterMs` to pass since theirs. */
  readonly #lastStarted = new Map<string, number>();
  readonly #resting = new Set<string>();
  #restTimer: NodeJS.Timeout | undefined;
  readonly #concurrency: number;
  readonly #shortestRefetchMs: number;
  readonly #getsPerSecond: number;

  constructor(private readonly options: PresenceFetchOptions) {
    this.#concurrency = options.concurrency ?? 6;
    this.#shortestRefetchMs = options.refetchAfterMs ?? 3000;
    this.#getsPerSecond = options.getsPerSecond ?? 40;
  }

  /** How long someone waits since their last GET: longer the more people were fetched, so all of them together stay within getsPerSecond. */
  get #refetchAfterMs(): number {
    return Math.max(this.#shortestRefetchMs, (this.#lastStarted.size * 1000) / this.#getsPerSecond);
  }

  /** Fetches someone's presence soon: at once if there is room, else in turn; never twice over. */
  request(uri: string): void {
    if (this.#inFlight.has(uri)) this.#again.add(uri);
    else if (this.#resting.has(uri)) return;
    else if (performance.now() - (this.#lastStarted.get(uri) ?? -Infinity) < this.#refetchAfterMs) this.#rest(uri);
    else this.#queue.add(uri);
    this.#pump();
  }

  dispose(): void {
    this.#disposed = true;
    clearInterval(this.#restTimer);
    this.#restTimer = undefined;
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
    while (!this.#disposed && this.#inFlight.size < this.#concurrency && this.#queue.size) {
      const uri = this.#queue.values().next().value!;
      this.#queue.delete(uri);
      this.#inFlight.add(uri);
      this.#lastStarted.set(uri, performance.now());
      void this.#fetch(uri).finally(() => {
        this.#inFlight.delete(uri);
        if (this.#again.delete(uri)) this.#rest(uri);
        this.#pump();
      });
    }
  }

  async #fetch(uri: string): Promise<void> {
    const contact = this.options.contactOf(uri);
    if (contact === undefined) return;
    try {
      const href = this.#presenceHrefs.get(uri) ?? (await this.#learnPresenceHref(uri, contact));
      const { json } = await this.options.reader.getJson(href);
      if (this.options.contactOf(uri) !== undefined) this.options.onPresence(uri, readPresence(json));
    } catch (error) {
      if (!(error instanceof UcwaError)) throw error;
      // Someone the server does not know (404) has no presence to show; anything else is a problem too.
      if (!(error instanceof HttpError && error.status === 404)) this.options.onProblem(error);
      if (this.options.contactOf(uri) !== undefined) this.options.onPresence(uri, { availability: 'Unknown' });
    }
  }

  async #learnPresenceHref(uri: string, contactHref: string): Promise<string> {
    const { url, json } = await this.options.reader.getJson(contactHref);
    const href = readLinks(parseWith(contactSchema, json, 'contact')._links).get('contactPresence');
    if (href === undefined) throw new HttpError(404, url.href, 'NotFound');
    const absolute = new URL(href, url).href;
    this.#presenceHrefs.set(uri, absolute);
    this.#byPresenceHref.set(absolute, uri);
    return absolute;
  }
}
