// The signed-in user's presence, note and location as the local service keeps and publishes them
// (presence_ref, note_ref, location_ref): what the user chose, and what the server sets by itself (in a
// call, in a meeting, idle after inactivity, an out-of-office note). Each application made available hears
// an `updated` event from `me` when one of them changes; `published` is what colleagues are told.
import type { IncomingMessage, ServerResponse } from 'node:http';
import * as z from '../../preload/shared/zod/zod.js';
import type { LocalApplication } from './localApplication.js';
import { noContent, parseJson, parseRequest, readBody, sendJson, ServiceError } from './serviceHttp.js';

/** The availabilities a user may choose (PreferredAvailability): POST presence and makeMeAvailable's signInAs. */
export const preferredAvailability = z.enum(['Online', 'Busy', 'DoNotDisturb', 'BeRightBack', 'Away', 'Offwork']);
type Preferred = z.infer<typeof preferredAvailability>;

const presenceSchema = z.object({ availability: preferredAvailability.optional() });
const noteSchema = z.object({ message: z.string().max(2048).optional() });
/** location_ref: at most 60 characters. */
const locationSchema = z.object({ location: z.string().max(60).optional() });

/** What the server sets by itself while the user is in a meeting or a call (a meeting wins). */
type ServerActivity = 'InAConference' | 'InACall' | undefined;

function serverActivity(connectedKinds: ReadonlySet<string>): ServerActivity {
  if (connectedKinds.has('onlineMeeting')) return 'InAConference';
  return connectedKinds.has('audioVideo') || connectedKinds.has('phoneAudio') ? 'InACall' : undefined;
}

/** What colleagues are told of the user: availability and activity, the note shown and the location. */
export type PublishedPresence = {
  availability: string;
  activity?: string;
  note?: { message: string; type: 'Personal' | 'OutOfOffice' };
  location?: string;
};

type Resource = 'presence' | 'note' | 'location';

export class UserPresence {
  #chosen: Preferred = 'Online';
  #personalNote = '';
  #outOfOffice = '';
  #location = '';
  #idle = false;
  #activity: ServerActivity;
  #published: PublishedPresence;
  #recheckQueued = false;
  readonly #watchers = new Set<(published: PublishedPresence) => void>();

  constructor(
    private readonly available: () => readonly LocalApplication[],
    /** The kinds of the user's calls connected now, incoming and outgoing. */
    private readonly connectedKinds: () => ReadonlySet<string>,
  ) {
    this.#published = this.#compute();
  }

  get published(): PublishedPresence {
    return this.#published;
  }

  /** Calls `watcher` with what colleagues are told each time it changes, as a watching colleague hears it. */
  watch(watcher: (published: PublishedPresence) => void): () => void {
    this.#watchers.add(watcher);
    return () => this.#watchers.delete(watcher);
  }

  /**
   * makeMeAvailable: the state the user signs in as. The application that just made itself available reads
   * it (GET) and is not sent an event for it; the user's other applications are.
   */
  signedInAs(app: LocalApplication, availability: Preferred | undefined): void {
    this.#chosen = availability ?? 'Online';
    this.#publish(app);
  }

  /** Test knob: the user has been inactive (Online and Busy become IdleOnline and IdleBusy) or is back. */
  setIdle(idle: boolean): void {
    this.#idle = idle;
    this.#publish();
  }

  /** Test knob: the out-of-office note Exchange would set; empty clears it. */
  setOutOfOffice(message: string): void {
    this.#outOfOffice = message;
    this.#publish();
  }

  /**
   * Reads again what the server sets by itself (calls, meetings, applications gone) once the current task's
   * changes are made, and publishes what changed: calls connect and end with events, each of which asks.
   */
  recheckSoon(): void {
    if (this.#recheckQueued) return;
    this.#recheckQueued = true;
    queueMicrotask(() => {
      this.#recheckQueued = false;
      this.#publish();
    });
  }

  send(app: LocalApplication, resource: Resource, response: ServerResponse): void {
    requireAvailable(app);
    const { availability, activity, note, location } = this.#published;
    const self = { _links: { self: { href: `${app.path}/me/${resource}` } } };
    if (resource === 'presence') return sendJson(response, 200, { rel: resource, availability, ...(activity && { activity }), ...self });
    if (resource === 'note') return sendJson(response, 200, { rel: resource, message: note?.message ?? '', type: note?.type ?? 'Personal', ...self });
    sendJson(response, 200, { rel: resource, location: location ?? '', ...self });
  }

  /** POST presence, note or location: an empty body resets it; a value out of the documented range is 400. */
  async change(app: LocalApplication, resource: Resource, request: IncomingMessage, response: ServerResponse): Promise<void> {
    requireAvailable(app);
    const raw = await readBody(request);
    const body = raw.length === 0 ? {} : parseJson(raw);
    if (resource === 'presence') this.#chosen = parseRequest(presenceSchema, body).availability ?? 'Online';
    else if (resource === 'note') this.#personalNote = parseRequest(noteSchema, body).message ?? '';
    else this.#location = parseRequest(locationSchema, body).location ?? '';
    this.#publish();
    noContent(response);
  }

  #compute(): PublishedPresence {
    this.#activity = serverActivity(this.connectedKinds());
    const note = this.#outOfOffice
      ? { message: this.#outOfOffice, type: 'OutOfOffice' as const }
      : this.#personalNote
        ? { message: this.#personalNote, type: 'Personal' as const }
        : undefined;
    return {
      ...this.#availability(),
      ...(note && { note }),
      ...(this.#location && { location: this.#location }),
    };
  }

  #availability(): Pick<PublishedPresence, 'availability' | 'activity'> {
    if (this.available().length === 0) return { availability: 'Offline' };
    if (this.#activity) return { availability: this.#chosen === 'DoNotDisturb' ? 'DoNotDisturb' : 'Busy', activity: this.#activity };
    if (this.#idle && this.#chosen === 'Online') return { availability: 'IdleOnline', activity: 'Inactive' };
    if (this.#idle && this.#chosen === 'Busy') return { availability: 'IdleBusy', activity: 'Inactive' };
    return { availability: this.#chosen };
  }

  /** Publishes what changed, with an `updated` event for each changed resource to every application made available but `quiet`. */
  #publish(quiet?: LocalApplication): void {
    const before = this.#published;
    const after = this.#compute();
    this.#published = after;
    const changed = (['presence', 'note', 'location'] as const).filter((resource) => !sameResource(resource, before, after));
    if (changed.length === 0) return;
    for (const app of this.available().filter((available) => available !== quiet)) {
      const sender = { rel: 'me', href: `${app.path}/me` };
      app.events.push(...changed.map((rel) => ({ sender, link: { rel, href: `${app.path}/me/${rel}` }, type: 'updated' as const })));
    }
    for (const watcher of this.#watchers) watcher(after);
  }
}

function sameResource(resource: Resource, a: PublishedPresence, b: PublishedPresence): boolean {
  if (resource === 'presence') return a.availability === b.availability && a.activity === b.activity;
  if (resource === 'note') return a.note?.message === b.note?.message && a.note?.type === b.note?.type;
  return a.location === b.location;
}

function requireAvailable(app: LocalApplication): void {
  if (!app.available) throw new ServiceError(409, 'Conflict', 'MakeMeAvailableRequired');
}
