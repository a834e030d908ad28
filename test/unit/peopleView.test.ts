// The renderer's people view (renderer/stores/peopleView.svelte.ts) across snapshots: every snapshot is a
// new object from the core, but what did not change in it must stay what the rows already show, so that
// a flood of one person's changes renders only that person's row.
import { describe, expect, it } from 'vitest';
import type { ContactList, PeopleSnapshot } from '../../preload/shared/contract.js';
import { PeopleView } from '../../renderer/stores/peopleView.svelte.js';

const ADA = 'sip:ada@contoso.com';
const GRACE = 'sip:grace@contoso.com';
const list = (): ContactList => ({
  groups: [
    {
      id: 'pinnedGroup',
      name: 'Favourites',
      pinned: true,
      people: [
        { uri: ADA, name: 'Ada Lovelace', phones: [], kind: 'user' },
        { uri: GRACE, name: 'Grace Hopper', phones: [], kind: 'user' },
      ],
    },
  ],
});
/** As each snapshot arrives: built afresh, as structured cloning across the IPC gives it. */
const snapshot = (presence: PeopleSnapshot['presence'], contactList = list()): PeopleSnapshot => ({
  canSearch: true,
  presence: structuredClone(presence),
  contactList,
});

describe('PeopleView', () => {
  it('keeps the contact list and the presence of everyone unchanged when a snapshot changes one person', () => {
    const view = new PeopleView();
    view.apply(snapshot({ [ADA]: { availability: 'Online' }, [GRACE]: { availability: 'Away' } }));
    const [shownList, shownGrace] = [view.contactList, view.presenceOf(GRACE)];
    view.apply(snapshot({ [ADA]: { availability: 'Busy', activity: 'on-the-phone' }, [GRACE]: { availability: 'Away' } }));
    expect(view.contactList).toBe(shownList);
    expect(view.presenceOf(GRACE)).toBe(shownGrace);
    expect(view.presenceOf(ADA)).toEqual({ availability: 'Busy', activity: 'on-the-phone' });
  });

  it('takes a contact list that changed, and forgets the presence of someone no longer watched', () => {
    const view = new PeopleView();
    view.apply(snapshot({ [ADA]: { availability: 'Online' }, [GRACE]: { availability: 'Away' } }));
    const changed = list();
    changed.groups[0]!.people.pop();
    view.apply(snapshot({ [ADA]: { availability: 'Online' } }, changed));
    expect(view.contactList).toBe(changed);
    expect(view.presenceOf(GRACE)).toBeUndefined();
  });
});
