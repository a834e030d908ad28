// The people side of the local service: whom it knows (its directory, and everyone an invitation named),
// their cards, the user's contact list, their presence, and directory search, as one part the service
// holds and tests drive (setting someone's presence, counting searches and photos served).
import { LocalContactBook, type ContactBookOptions } from './contactBook.js';
import { directoryPeople } from './directory.js';
import { LocalPresence, type LocalPresenceOptions } from './localPresence.js';
import { DIRECTORY } from './outgoingCalls.js';
import type { Person } from './resources.js';
import type { UcwaServerParts } from './ucwaServer.js';

export type LocalPeopleOptions = {
  /** Whether people offers directory search (its `search` link and people/search); default yes. */
  search?: boolean;
  /** Test knobs of the contacts: broken and huge photos, contact groups that fail. */
  contactBook?: ContactBookOptions;
} & LocalPresenceOptions;

export class LocalPeople {
  readonly #directory = directoryPeople();
  /** The contacts invitations link to and the directory, served at `people/{uri}`. */
  readonly #known = new Map<string, Person>([...DIRECTORY, ...this.#directory.map((person) => ({ person }))].map(({ person }) => [person.uri, person]));
  readonly #contactBook: LocalContactBook;
  /** Colleagues' presence: subscriptions, setting someone's presence, the schedule. */
  readonly presence: LocalPresence;
  #searches = 0;

  constructor(private readonly options: LocalPeopleOptions) {
    this.presence = new LocalPresence((uri) => this.#known.has(uri), options);
    this.#contactBook = new LocalContactBook(this.#known, this.#directory, options.contactBook);
  }

  /** Someone an invitation names, or a test adds: the service knows them from now on. */
  remember(person: Person): void {
    this.#known.set(person.uri, person);
  }

  knows(uri: string): boolean {
    return this.#known.has(uri);
  }

  /** How many people/search requests arrived, whatever their answer. */
  get searchesReceived(): number {
    return this.#searches;
  }

  /** How many times the person's photo (contactPhoto) was served. */
  photosServed(uri: string): number {
    return this.#contactBook.photosServed.get(uri) ?? 0;
  }

  /** What the HTTP side serves of people. */
  serverParts(): Pick<UcwaServerParts, 'people' | 'directory' | 'searched' | 'contactBook' | 'presence'> {
    return {
      people: this.#known,
      directory: this.options.search === false ? undefined : this.#directory,
      searched: () => this.#searches++,
      contactBook: this.#contactBook,
      presence: this.presence.subscriptions,
    };
  }
}
