// The local service's presence subscriptions (presenceSubscriptions_ref, presenceSubscription_ref,
// addToPresenceSubscription_ref, presenceSubscriptionMembership_ref, contactPresence_ref): an application
// subscribes to people for 10 to 30 minutes, adds and removes members, extends the subscription before it
// expires (an `updated` event warns it is about to), and hears a contactPresence `updated` event, sender
// `people`, whenever a member's presence changes; an expired subscription is `deleted`.
import type { IncomingMessage, ServerResponse } from 'node:http';
import * as z from '../../preload/shared/zod/zod.js';
import type { ServiceEvent } from './eventQueue.js';
import type { ContactPresences } from './contactPresences.js';
import type { LocalApplication } from './localApplication.js';
import { contactHref, contactPresenceHref } from './resources.js';
import { created, noContent, parseRequest, readJsonBody, sendJson, ServiceError } from './serviceHttp.js';

/** How many subscriptions an application may hold and how many people each may have; over them: 403 LimitExceeded. */
export type PresenceLimits = { subscriptions: number; members: number };

export type PresenceSubscriptionOptions = {
  presences: ContactPresences;
  limits?: PresenceLimits;
  /** Test knob: how long one of the subscriptions' minutes lasts; default 60 s. */
  minuteMs?: number;
};

/** A subscription as a test sees it: whose application, whom, and how often it was extended. */
export type SubscriptionView = { app: string; id: string; members: string[]; extensions: number };

type Subscription = {
  id: string;
  app: LocalApplication;
  members: Set<string>;
  expiresAt: number;
  extensions: number;
  timers: NodeJS.Timeout[];
};

const MAX_MINUTES = 30;
/** The `updated` event that the subscription is about to expire comes this many minutes before it does. */
const WARNING_MINUTES = 2;
const durationSchema = z.number().int().min(10).max(MAX_MINUTES);
const uriSchema = z.string().min(5).max(256).regex(/^sip:/i);
const createSchema = z.object({ duration: durationSchema, uris: z.array(uriSchema).min(1).max(10_000) });
const addSchema = z.object({ contactUris: z.array(uriSchema).min(1).max(10_000) });

const collectionPath = (app: LocalApplication) => `${app.path}/people/presenceSubscriptions`;
const subscriptionPath = (s: Subscription) => `${collectionPath(s.app)}/${s.id}`;
const membershipPath = (s: Subscription, uri: string) => `${subscriptionPath(s)}/memberships/${encodeURIComponent(uri)}`;

const contactOf = (appPath: string, uri: string) => contactHref(appPath, { name: '', uri });

export class PresenceSubscriptions {
  readonly #subscriptions = new Map<string, Subscription>();
  #nextId = 1;
  readonly #limits: PresenceLimits;
  readonly #minuteMs: number;
  /** GETs of each person's contactPresence, for tests that check a client's coalescing. */
  readonly #gets = new Map<string, number>();

  constructor(private readonly options: PresenceSubscriptionOptions) {
    this.#limits = options.limits ?? { subscriptions: 20, members: 100 };
    this.#minuteMs = options.minuteMs ?? 60_000;
  }

  /** Requests under `people/presenceSubscriptions`. */
  async route(app: LocalApplication, method: string, path: string, request: IncomingMessage, response: ServerResponse): Promise<void> {
    const rest = path.slice(collectionPath(app).length).split('/').filter(Boolean);
    if (rest.length === 0 && method === 'POST') return this.#create(app, request, response);
    if (rest.length === 0 && method === 'GET') return this.#sendCollection(app, response);
    const subscription = this.#subscriptions.get(`${app.id}/${rest[0]}`);
    if (!subscription) throw new ServiceError(404, 'NotFound');
    const [, part, member] = rest;
    if (part === undefined && method === 'GET') return sendJson(response, 200, this.#json(subscription));
    if (part === undefined && method === 'POST') return this.#extend(subscription, request, response);
    if (part === undefined && method === 'DELETE') {
      this.#end(subscription);
      return noContent(response);
    }
    if (part === 'addToPresenceSubscription' && method === 'POST') return this.#add(subscription, request, response);
    if (part === 'memberships' && member === undefined && method === 'POST') return this.#add(subscription, request, response);
    if (part === 'memberships' && member === undefined && method === 'GET')
      return sendJson(response, 200, this.#memberships(subscription, subscription.members));
    const uri = decodeURIComponent(member ?? '');
    if (part !== 'memberships' || !subscription.members.has(uri)) throw new ServiceError(404, 'NotFound');
    if (method === 'GET') return sendJson(response, 200, this.#membership(subscription, uri));
    if (method === 'DELETE') {
      subscription.members.delete(uri);
      return noContent(response);
    }
    throw new ServiceError(405, 'MethodNotAllowed');
  }

  /** GET people/{uri}/presence: 404 NotFound for someone the service does not know. */
  sendContactPresence(app: LocalApplication, uri: string, response: ServerResponse): void {
    const presence = this.options.presences.get(uri);
    if (!presence) throw new ServiceError(404, 'NotFound');
    this.#gets.set(uri, (this.#gets.get(uri) ?? 0) + 1);
    sendJson(response, 200, {
      rel: 'contactPresence',
      ...presence,
      lastActive: `/Date(${presence.lastActive})/`,
      _links: { self: { href: contactPresenceHref(contactOf(app.path, uri)) } },
    });
  }

  /** Someone's presence changed: each application subscribed to them hears it once. */
  changed(uri: string): void {
    const told = new Set<LocalApplication>();
    for (const subscription of this.#subscriptions.values()) {
      if (!subscription.members.has(uri) || told.has(subscription.app)) continue;
      told.add(subscription.app);
      const { path } = subscription.app;
      subscription.app.events.push({
        sender: { rel: 'people', href: `${path}/people` },
        link: { rel: 'contactPresence', href: contactPresenceHref(contactOf(path, uri)) },
        in: { rel: 'contact', href: contactOf(path, uri) },
        type: 'updated',
      });
    }
  }

  /** Everyone some application is subscribed to, once each. */
  subscribedPeople(): string[] {
    return [...new Set([...this.#subscriptions.values()].flatMap((s) => [...s.members]))];
  }

  view(): SubscriptionView[] {
    return [...this.#subscriptions.values()].map((s) => ({ app: s.app.id, id: s.id, members: [...s.members], extensions: s.extensions }));
  }

  contactPresenceGets(uri: string): number {
    return this.#gets.get(uri) ?? 0;
  }

  /** The application went away, and its subscriptions with it. */
  forget(app: LocalApplication): void {
    for (const subscription of this.#subscriptions.values()) if (subscription.app === app) this.#end(subscription);
  }

  stop(): void {
    for (const subscription of this.#subscriptions.values()) this.#end(subscription);
  }

  async #create(app: LocalApplication, request: IncomingMessage, response: ServerResponse): Promise<void> {
    const body = parseRequest(createSchema, await readJsonBody(request));
    const held = [...this.#subscriptions.values()].filter((s) => s.app === app).length;
    const members = new Set(body.uris);
    if (held >= this.#limits.subscriptions || members.size > this.#limits.members) throw new ServiceError(403, 'Forbidden', 'LimitExceeded');
    const subscription: Subscription = { id: String(this.#nextId++), app, members, expiresAt: 0, extensions: 0, timers: [] };
    this.#subscriptions.set(`${app.id}/${subscription.id}`, subscription);
    this.#expireIn(subscription, body.duration);
    created(response, subscriptionPath(subscription), this.#json(subscription));
  }

  /** POST on the subscription: `duration` minutes more (in the body or the query), 30 at most from now. */
  async #extend(subscription: Subscription, request: IncomingMessage, response: ServerResponse): Promise<void> {
    const query = new URL(request.url ?? '', 'http://local').searchParams.get('duration');
    const body: Record<string, unknown> = await readJsonBody(request).catch(() => ({}));
    const duration = parseRequest(durationSchema, query === null ? body.duration : Number(query));
    const remaining = Math.max(0, subscription.expiresAt - Date.now()) / this.#minuteMs;
    subscription.extensions++;
    this.#expireIn(subscription, Math.min(MAX_MINUTES, remaining + duration));
    created(response, subscriptionPath(subscription), this.#json(subscription));
  }

  async #add(subscription: Subscription, request: IncomingMessage, response: ServerResponse): Promise<void> {
    const { contactUris } = parseRequest(addSchema, await readJsonBody(request));
    const added = contactUris.filter((uri) => !subscription.members.has(uri));
    if (new Set([...subscription.members, ...added]).size > this.#limits.members) throw new ServiceError(403, 'Forbidden', 'LimitExceeded');
    for (const uri of added) subscription.members.add(uri);
    created(response, `${subscriptionPath(subscription)}/memberships`, this.#memberships(subscription, contactUris));
  }

  #expireIn(subscription: Subscription, minutes: number): void {
    subscription.timers.forEach(clearTimeout);
    const ms = minutes * this.#minuteMs;
    subscription.expiresAt = Date.now() + ms;
    subscription.timers = [
      setTimeout(() => this.#tell(subscription, 'updated'), Math.max(0, ms - WARNING_MINUTES * this.#minuteMs)),
      setTimeout(() => {
        this.#end(subscription);
        this.#tell(subscription, 'deleted');
      }, ms),
    ];
  }

  /** Ends the subscription: no more events, its members go. */
  #end(subscription: Subscription): void {
    subscription.timers.forEach(clearTimeout);
    this.#subscriptions.delete(`${subscription.app.id}/${subscription.id}`);
  }

  #tell(subscription: Subscription, type: ServiceEvent['type']): void {
    const { path } = subscription.app;
    subscription.app.events.push({
      sender: { rel: 'people', href: `${path}/people` },
      link: { rel: 'presenceSubscription', href: subscriptionPath(subscription) },
      type,
    });
  }

  #json(subscription: Subscription) {
    const self = subscriptionPath(subscription);
    return {
      rel: 'presenceSubscription',
      id: subscription.id,
      _links: { self: { href: self }, addToPresenceSubscription: { href: `${self}/addToPresenceSubscription` }, memberships: { href: `${self}/memberships` } },
    };
  }

  #sendCollection(app: LocalApplication, response: ServerResponse): void {
    const mine = [...this.#subscriptions.values()].filter((s) => s.app === app);
    sendJson(response, 200, {
      rel: 'presenceSubscriptions',
      _links: { self: { href: collectionPath(app) } },
      _embedded: { presenceSubscription: mine.map((s) => this.#json(s)) },
    });
  }

  #membership(subscription: Subscription, uri: string) {
    return {
      rel: 'presenceSubscriptionMembership',
      _links: {
        self: { href: membershipPath(subscription, uri) },
        contact: { href: contactOf(subscription.app.path, uri) },
        presenceSubscription: { href: subscriptionPath(subscription) },
      },
    };
  }

  #memberships(subscription: Subscription, uris: Iterable<string>) {
    return {
      rel: 'presenceSubscriptionMemberships',
      _links: { self: { href: `${subscriptionPath(subscription)}/memberships` } },
      _embedded: { presenceSubscriptionMembership: [...uris].map((uri) => this.#membership(subscription, uri)) },
    };
  }
}
