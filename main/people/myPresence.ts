// The person's own presence, note and location on the server (me/presence, me/note, me/location): read
// at sign-in, read again at each `updated` event from `me` (whether the person changed them here, on
// another device, or the server did: in a call, idle, out of office), and set when the person chooses.
import {
  CHOSEN_AVAILABILITIES,
  MAX_LOCATION_LENGTH,
  MAX_NOTE_LENGTH,
  type ChosenAvailability,
  type MyPresence as MyPresenceSnapshot,
  type Presence,
} from '../../preload/shared/people.js';
import type { UcwaSession } from '../ucwa/client.js';
import { UcwaError } from '../ucwa/errors.js';
import type { EventBatch } from '../ucwa/events.js';
import type { Links } from '../ucwa/resources.js';
import { MyPresenceInputError, MyPresenceUnavailableError } from './myPresenceErrors.js';
import { readLocation, readNote, readPresence, type Note } from './presenceBodies.js';

const RESOURCES = ['presence', 'note', 'location'] as const;
type Resource = (typeof RESOURCES)[number];

export type MyPresenceOptions = {
  onChange(): void;
  onProblem(error: UcwaError): void;
  /** The person chose an availability here: the core remembers it for the next sign-in and keeps do-not-disturb with it. */
  chosen(availability: ChosenAvailability): void;
};

export class MyPresence {
  #presence: Presence = { availability: 'Unknown' };
  #note: Note | undefined;
  #location: string | undefined;

  constructor(
    private readonly session: UcwaSession,
    private readonly me: Links,
    private readonly options: MyPresenceOptions,
  ) {}

  /** Reads all three, as at sign-in; what cannot be read is reported and stays as it was. */
  read(): Promise<void> {
    return this.#readAll(RESOURCES);
  }

  /** Reads again each of presence, note and location that the batch says was updated. */
  handleBatch(batch: EventBatch): Promise<void> {
    const updated = batch.events.filter((event) => event.sender.rel === 'me' && event.type !== 'deleted').map((event) => event.rel);
    return this.#readAll(RESOURCES.filter((resource) => updated.includes(resource)));
  }

  /** Sets the availability colleagues see (one of the six a person may choose), then reads back what the server made of it. */
  async setAvailability(availability: ChosenAvailability): Promise<void> {
    if (!(CHOSEN_AVAILABILITIES as readonly string[]).includes(availability))
      throw new MyPresenceInputError(`${String(availability)} is not a status you can choose.`);
    await this.#post('presence', { availability });
    this.options.chosen(availability);
    await this.#readAll(['presence']);
  }

  /** Do-not-disturb turned on or off in the app: the server's availability follows (DoNotDisturb, or Online when it was). */
  async followDoNotDisturb(on: boolean): Promise<void> {
    const isOn = this.#presence.availability === 'DoNotDisturb';
    if (on !== isOn && this.me.has('presence')) await this.setAvailability(on ? 'DoNotDisturb' : 'Online');
  }

  /** The personal note; an empty one clears it. */
  async setNote(text: string): Promise<void> {
    const message = text.trim();
    if (message.length > MAX_NOTE_LENGTH) throw new MyPresenceInputError(`A note can be at most ${MAX_NOTE_LENGTH} characters.`);
    await this.#post('note', { message });
    await this.#readAll(['note']);
  }

  /** Where the person is, in their words; an empty one clears it. */
  async setLocation(text: string): Promise<void> {
    const location = text.trim();
    if (location.length > MAX_LOCATION_LENGTH) throw new MyPresenceInputError(`A location can be at most ${MAX_LOCATION_LENGTH} characters.`);
    await this.#post('location', { location });
    await this.#readAll(['location']);
  }

  snapshot(): MyPresenceSnapshot {
    return {
      presence: { ...this.#presence },
      ...(this.#note && { note: this.#note.message, noteType: this.#note.type }),
      ...(this.#location && { location: this.#location }),
      canSetAvailability: this.me.has('presence'),
      canSetNote: this.me.has('note'),
      canSetLocation: this.me.has('location'),
    };
  }

  async #post(resource: Resource, json: Record<string, string>): Promise<void> {
    const href = this.me.get(resource);
    if (href === undefined) throw new MyPresenceUnavailableError(`The server does not let this app set your ${resource === 'presence' ? 'status' : resource}.`);
    await this.session.post(href, this.session.base, { body: { json } });
  }

  async #readAll(resources: readonly Resource[]): Promise<void> {
    await Promise.all(resources.map((resource) => this.#read(resource)));
  }

  async #read(resource: Resource): Promise<void> {
    const href = this.me.get(resource);
    if (href === undefined) return;
    try {
      const { json } = await this.session.getJson(href);
      this.#take(resource, json);
      this.options.onChange();
    } catch (error) {
      if (!(error instanceof UcwaError)) throw error;
      this.options.onProblem(error);
    }
  }

  /** A body that is not the documented shape changes nothing: its MalformedError is reported as any failed read is. */
  #take(resource: Resource, json: unknown): void {
    if (resource === 'presence') this.#presence = readPresence(json, 'presence');
    else if (resource === 'note') this.#note = readNote(json, 'note');
    else this.#location = readLocation(json, 'location');
  }
}
