// The people parts of the snapshots, kept so that a new snapshot changes only what changed in them: the
// contact list stays the same object while its content is the same, and each person's presence is an
// entry of its own, so a row on screen is rendered again when that person's presence changes, not when
// anyone else's does (500 colleagues each changing once a second bring a snapshot or two a second).
import { SvelteMap } from 'svelte/reactivity';
import type { ContactList, PeopleSnapshot, Presence } from '../../preload/shared/contract.js';

const samePresence = (a: Presence | undefined, b: Presence) => a?.availability === b.availability && a.activity === b.activity;

export class PeopleView {
  /** The contact list as last read: the same object until its content changes. */
  contactList = $state.raw<ContactList | undefined>(undefined);
  readonly #presence = new SvelteMap<string, Presence>();
  #listJson = 'null';

  /** Someone's presence; reading it depends on theirs alone. */
  presenceOf(uri: string): Presence | undefined {
    return this.#presence.get(uri);
  }

  apply(people: PeopleSnapshot): void {
    const listJson = JSON.stringify(people.contactList ?? null);
    if (listJson !== this.#listJson) {
      this.#listJson = listJson;
      this.contactList = people.contactList;
    }
    for (const [uri, presence] of Object.entries(people.presence)) if (!samePresence(this.#presence.get(uri), presence)) this.#presence.set(uri, presence);
    for (const uri of [...this.#presence.keys()]) if (!(uri in people.presence)) this.#presence.delete(uri);
  }
}
