// People while signed in: what the directory, the contact list and presence (the person's own and their
// colleagues') look like to the windows. Each job is a module of its own beside this one; this class holds
// them for the session, hands them the event batches and gathers their part of the snapshot.
import type { PeopleSnapshot } from '../../preload/shared/people.js';
import type { UcwaClient } from '../ucwa/client.js';

export class People {
  constructor(private readonly client: UcwaClient) {}

  snapshot(): PeopleSnapshot {
    return { canSearch: this.client.application.people.has('search'), presence: {} };
  }
}

/** What the windows see of people while nobody is signed in. */
export const NOBODY: PeopleSnapshot = { canSearch: false, presence: {} };
