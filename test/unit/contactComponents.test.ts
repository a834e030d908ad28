// The contact list and the contact card as Svelte renders them (server side): groups that fold, each
// person with their presence where known, and a card with photo or initials and a call button per number.
import { render } from 'svelte/server';
import { describe, expect, it } from 'vitest';
import type { ContactCard as Card, ContactList as List } from '../../preload/shared/contract.js';
import ContactCard from '../../renderer/components/ContactCard.svelte';
import ContactList from '../../renderer/components/ContactList.svelte';
import { appSnapshot } from '../support/snapshots.js';

const ADA: Card = {
  uri: 'sip:answers@softphone.local',
  name: 'Ada Lovelace',
  title: 'Analyst',
  department: 'Engineering',
  office: 'Building 1/1010',
  phones: [
    { kind: 'work', number: 'tel:+14255550123' },
    { kind: 'mobile', number: 'tel:+12065550123' },
  ],
  kind: 'user',
  note: { message: 'Back on Monday', type: 'OutOfOffice' },
  location: 'Redmond',
};
const LIST: List = {
  groups: [
    { id: 'pinnedGroup', name: 'Favourites', pinned: true, people: [ADA] },
    { id: 'design', name: 'Design', pinned: false, people: [{ uri: 'sip:hedy@softphone.local', name: 'Hedy Lamarr', phones: [], kind: 'user' }] },
  ],
  problem: 'Part of the contact list could not be read: Finance.',
};

describe('ContactList', () => {
  it('shows each group unfolded with a toggle, each person opening their card, presence where it is known, and what could not be read', () => {
    const html = render(ContactList, {
      props: { list: LIST, presenceOf: (uri: string) => (uri === ADA.uri ? { availability: 'Busy' as const } : undefined), labelledBy: 'contacts-title' },
    }).body;
    expect(html.indexOf('Favourites')).toBeLessThan(html.indexOf('Design'));
    expect(html.match(/aria-expanded="true"/g)).toHaveLength(2);
    expect(html).toContain('aria-controls="contact-group-pinnedGroup"');
    expect(html).toContain('Contact card of</span>');
    expect(html).toContain('aria-label="Busy"');
    expect(html.match(/role="img"/g)).toHaveLength(1);
    expect(html).toContain('Part of the contact list could not be read: Finance.');
  });
});

describe('ContactCard', () => {
  const card = (shown: { uri: string; name: string; card?: Card; problem?: string }) => render(ContactCard, { props: { snapshot: appSnapshot(), shown } }).body;

  it('shows the photo, the details, the note as out of office, and a call button per number', () => {
    const html = card({ uri: ADA.uri, name: ADA.name, card: { ...ADA, photo: 'data:image/png;base64,iVBORw0KGgo=' } });
    expect(html).toContain('role="dialog"');
    expect(html).toContain('src="data:image/png;base64,iVBORw0KGgo="');
    expect(html).toContain('Analyst · Engineering');
    expect(html).toContain('Out of office');
    expect(html).toContain('Back on Monday');
    expect(html).toContain('aria-label="Call Ada Lovelace at Work +14255550123"');
    expect(html).toContain('aria-label="Call Ada Lovelace at Mobile +12065550123"');
    expect(html).toContain('aria-label="Video call Ada Lovelace"');
    expect(html).toContain('aria-label="Message Ada Lovelace"');
  });

  it('shows initials without a photo, says while it reads the card, and says why it could not', () => {
    const reading = card({ uri: ADA.uri, name: ADA.name });
    expect(reading).not.toContain('<img');
    expect(reading).toContain('>AL</div>');
    expect(reading).toContain('Reading the contact card…');
    expect(card({ uri: ADA.uri, name: ADA.name, problem: 'HTTP 404 NotFound' })).toContain('HTTP 404 NotFound');
  });
});
