// People while signed in: what the directory, the contact list and presence (the person's own and their
// colleagues') look like to the windows. Each job is a module of its own beside this one; this class holds
// them for the session, hands them the event batches and gathers their part of the snapshot.
import type { PeopleSnapshot } from '../../preload/shared/people.js';
import type { UcwaClient } from '../ucwa/client.js';
import type { UcwaError } from '../ucwa/errors.js';
import { ContactCards } from './contactCards.js';
import { ContactList } from './contactList.js';
import { DirectorySearch } from './directorySearch.js';

/** How People tells the session its snapshot changed, and the server problems it met. */
export type PeopleHooks = { onChange(): void; onProblem(error: UcwaError): void };

export class People {
  readonly search: DirectorySearch;
  readonly cards: ContactCards;
  readonly #contactList: ContactList;

  constructor(client: UcwaClient, hooks: PeopleHooks) {
    this.search = new DirectorySearch(client, hooks.onProblem);
    this.cards = new ContactCards(client, hooks.onProblem);
    this.#contactList = new ContactList(client, hooks);
  }

  /** Reads what is read once at sign-in: the contact list. */
  start(): Promise<void> {
    return this.#contactList.read();
  }

  snapshot(): PeopleSnapshot {
    const contactList = this.#contactList.snapshot();
    return { canSearch: this.search.offered, presence: {}, ...(contactList && { contactList }) };
  }
}

/** What the windows see of people while nobody is signed in. */
export const NOBODY: PeopleSnapshot = { canSearch: false, presence: {} };
