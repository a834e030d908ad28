// People while signed in: what the directory, the contact list and presence (the person's own and their
// colleagues') look like to the windows. Each job is a module of its own beside this one; this class holds
// them for the session, hands them the event batches and gathers their part of the snapshot.
import type { PeopleSnapshot } from '../../preload/shared/people.js';
import type { UcwaClient } from '../ucwa/client.js';
import type { UcwaError } from '../ucwa/errors.js';
import { DirectorySearch } from './directorySearch.js';

export type PeopleOptions = { onProblem: (error: UcwaError) => void };

export class People {
  readonly search: DirectorySearch;

  constructor(client: UcwaClient, options: PeopleOptions) {
    this.search = new DirectorySearch(client, options.onProblem);
  }

  snapshot(): PeopleSnapshot {
    return { canSearch: this.search.offered, presence: {} };
  }
}

/** What the windows see of people while nobody is signed in. */
export const NOBODY: PeopleSnapshot = { canSearch: false, presence: {} };
