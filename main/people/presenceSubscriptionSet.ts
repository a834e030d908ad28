// The presence subscriptions this app holds on the server (presenceSubscriptions_ref): people are added to
// the subscriptions there are until the server says one is full (403 LimitExceeded), then to a new one,
// until the server allows no more; a person no longer shown leaves (DELETE of their membership, or of the
// whole subscription when they were its last); each subscription is extended before it expires.
import * as z from '../../preload/shared/zod/zod.js';
import { HttpError, UcwaError } from '../ucwa/errors.js';
import type { RequestBody } from '../ucwa/http.js';
import { linkedResourceSchema, parseWith, readLinks, resolveHref, type Links } from '../ucwa/resources.js';

/** What the subscriptions need of the server. */
export type SubscriptionServer = {
  getJson(href: string, base?: URL): Promise<{ url: URL; json: unknown }>;
  /** An href resolved as the client follows it: a ForeignHrefError for one it may not. */
  resolve(href: string, base: URL): URL;
  postJson(href: string, base: URL, body: RequestBody, query?: Record<string, string>): Promise<{ url: URL; json: unknown }>;
  remove(href: string, base: URL): Promise<void>;
};

export type SubscriptionSetOptions = {
  server: SubscriptionServer;
  /** The people resource's links (presenceSubscriptions), as the application has them now. */
  people(): Links;
  base(): URL;
  /** How long each subscription is asked for, in minutes (10–30); default 30. */
  durationMinutes?: number;
  /** How long a minute is (tests shorten it); default 60 s. */
  minuteMs?: number;
  onProblem(error: UcwaError): void;
  /** A subscription ended on the server's side (expired, refused an extension): its people are no longer watched. */
  onLost(uris: readonly string[]): void;
};

type Subscription = { self: URL; add: string; members: Map<string, Member>; full: boolean; renewal?: NodeJS.Timeout };
/** A person in a subscription: where their membership and their contact are. */
type Member = { membership?: string; contact?: string };

const membershipsSchema = z.looseObject({
  _embedded: z
    .looseObject({
      presenceSubscriptionMembership: z.array(linkedResourceSchema).max(10_000).optional(),
    })
    .optional(),
});

const limitExceeded = (error: unknown) => error instanceof HttpError && error.status === 403 && error.subcode === 'LimitExceeded';
/** The person a membership's contact link is about: the last segment of the contact's href (people/{uri}). */
const personOf = (contactHref: string) => decodeURIComponent(contactHref.split('/').at(-1) ?? '').toLowerCase();

export class PresenceSubscriptionSet {
  readonly #subscriptions: Subscription[] = [];
  /** The server allows no more subscriptions: until one goes, nobody more is watched. */
  #noMore = false;
  #disposed = false;
  /** Grows each time the application's subscriptions are forgotten, so one created meanwhile is dropped. */
  #generation = 0;
  readonly #durationMinutes: number;
  readonly #minuteMs: number;

  constructor(private readonly options: SubscriptionSetOptions) {
    this.#durationMinutes = options.durationMinutes ?? 30;
    this.#minuteMs = options.minuteMs ?? 60_000;
  }

  /** Whether someone is in one of the subscriptions. */
  has(uri: string): boolean {
    return this.#subscriptions.some((s) => s.members.has(uri));
  }

  /** Where someone's contact is, as their membership links it. */
  contactOf(uri: string): string | undefined {
    for (const s of this.#subscriptions) if (s.members.has(uri)) return s.members.get(uri)?.contact;
    return undefined;
  }

  /** Everyone in the subscriptions. */
  members(): string[] {
    return this.#subscriptions.flatMap((s) => [...s.members.keys()]);
  }

  /** Adds people, as many as the server allows; returns those it took. */
  async add(uris: readonly string[]): Promise<string[]> {
    const taken: string[] = [];
    let rest = [...uris];
    let chunk = rest.length;
    while (rest.length && !this.#disposed) {
      const open = this.#subscriptions.find((s) => !s.full);
      if (!open && this.#noMore) break;
      const batch = rest.slice(0, chunk);
      try {
        const members = open ? await this.#addTo(open, batch) : await this.#create(batch);
        taken.push(...members);
        rest = rest.slice(batch.length);
        chunk = rest.length;
      } catch (error) {
        if (!limitExceeded(error)) throw error;
        // Too many at once: fewer; one refused: that subscription is full, or no new one may be made.
        if (batch.length > 1) chunk = Math.ceil(batch.length / 2);
        else if (open) open.full = true;
        else this.#noMore = true;
      }
    }
    return taken;
  }

  /** Takes people out: their memberships go, or the whole subscription when nobody in it stays. */
  async release(uris: readonly string[]): Promise<void> {
    const leaving = new Set(uris);
    await Promise.all(
      [...this.#subscriptions].map(async (s) => {
        const gone = [...s.members.keys()].filter((uri) => leaving.has(uri));
        if (!gone.length) return;
        if (gone.length === s.members.size) return this.#delete(s);
        s.full = false;
        await Promise.all(
          gone.map(async (uri) => {
            const href = s.members.get(uri)?.membership;
            s.members.delete(uri);
            if (href !== undefined) await this.options.server.remove(href, s.self).catch((error: unknown) => this.#report(error));
          }),
        );
      }),
    );
  }

  /** The server warned that a subscription is about to expire (an updated event), or said it is gone (deleted). */
  heard(href: string, type: string): void {
    const s = this.#subscriptions.find((candidate) => candidate.self.href === href);
    if (!s) return;
    if (type === 'updated') void this.#extend(s);
    if (type === 'deleted') this.#lose(s);
  }

  /** The application was replaced: its subscriptions went with it. */
  forgetAll(): void {
    for (const s of this.#subscriptions.splice(0)) clearTimeout(s.renewal);
    this.#noMore = false;
    this.#generation++;
  }

  dispose(): void {
    this.#disposed = true;
    this.forgetAll();
  }

  async #create(uris: string[]): Promise<string[]> {
    const collection = this.options.people().get('presenceSubscriptions');
    if (collection === undefined) return [];
    const generation = this.#generation;
    const created = await this.options.server.postJson(collection, this.options.base(), { json: { duration: this.#durationMinutes, uris } });
    // Made for an application replaced (or a session ended) while it was on its way: it is not this set's.
    if (generation !== this.#generation || this.#disposed) return [];
    const links = readLinks(parseWith(linkedResourceSchema, created.json, 'presenceSubscription')._links);
    const self = links.get('self');
    const add = links.get('addToPresenceSubscription');
    const memberships = links.get('memberships');
    if (self === undefined || add === undefined || memberships === undefined) throw new HttpError(502, created.url.href, 'MalformedSubscription');
    const s: Subscription = { self: resolveHref(self, created.url), add, members: new Map(), full: false };
    this.#subscriptions.push(s);
    this.#renewLater(s);
    const listed = await this.options.server.getJson(memberships, s.self).catch((error: unknown) => this.#report(error));
    this.#join(s, uris, listed?.json);
    return uris;
  }

  async #addTo(s: Subscription, uris: string[]): Promise<string[]> {
    const added = await this.options.server.postJson(s.add, s.self, { json: { contactUris: uris } });
    this.#join(s, uris, added.json);
    return uris;
  }

  /** Records people as members of `s`, with what the memberships the server listed say of them. */
  #join(s: Subscription, uris: readonly string[], memberships: unknown): void {
    const listed = new Map<string, Member>();
    const read = membershipsSchema.safeParse(memberships);
    for (const membership of (read.success && read.data._embedded?.presenceSubscriptionMembership) || []) {
      const links = readLinks(membership._links);
      const contact = links.get('contact');
      const self = links.get('self');
      const resolved = contact === undefined ? undefined : this.#resolved(contact, s.self);
      if (contact !== undefined) listed.set(personOf(contact), { ...(resolved && { contact: resolved }), ...(self && { membership: self }) });
    }
    for (const uri of uris) s.members.set(uri, listed.get(uri.toLowerCase()) ?? {});
  }

  #renewLater(s: Subscription): void {
    clearTimeout(s.renewal);
    // Extended two thirds of the way through, so a slow answer or a missed warning still leaves time.
    if (this.#disposed) return;
    s.renewal = setTimeout(() => void this.#extend(s), (this.#durationMinutes * this.#minuteMs * 2) / 3);
    s.renewal.unref();
  }

  async #extend(s: Subscription): Promise<void> {
    if (!this.#subscriptions.includes(s)) return;
    const duration = String(this.#durationMinutes);
    try {
      await this.options.server.postJson(s.self.href, s.self, { json: { duration: this.#durationMinutes } }, { duration });
      this.#renewLater(s);
    } catch (error) {
      this.#report(error);
      if (error instanceof HttpError && error.status === 404) this.#lose(s);
      else this.#renewLater(s);
    }
  }

  async #delete(s: Subscription): Promise<void> {
    this.#drop(s);
    await this.options.server.remove(s.self.href, s.self).catch((error: unknown) => this.#report(error));
  }

  #lose(s: Subscription): void {
    this.#drop(s);
    this.options.onLost([...s.members.keys()]);
  }

  #drop(s: Subscription): void {
    clearTimeout(s.renewal);
    const index = this.#subscriptions.indexOf(s);
    if (index >= 0) this.#subscriptions.splice(index, 1);
    this.#noMore = false;
  }

  /** A contact href as the client follows it; one it may not follow is reported and left out. */
  #resolved(href: string, base: URL): string | undefined {
    try {
      return this.options.server.resolve(href, base).href;
    } catch (error) {
      return this.#report(error);
    }
  }

  #report(error: unknown): undefined {
    if (!(error instanceof UcwaError)) throw error;
    this.options.onProblem(error);
    return undefined;
  }
}
