// The `contact` resource as the local service serves it, alone (GET people/{uri}) and embedded in search
// results: contact_ref's properties (name, uri, type, title, department, company, office, emailAddresses,
// work/mobile/home/other numbers) as far as the directory knows them, and the links search_ref shows.
import type { DirectoryPerson, PhoneType } from './directory.js';
import { contactHref, type Person } from './resources.js';

const PHONE_PROPERTIES: Record<PhoneType, string> = {
  Work: 'workPhoneNumber',
  Mobile: 'mobilePhoneNumber',
  Home: 'homePhoneNumber',
  Other: 'otherPhoneNumber',
};

/** A person the directory knows in full, or one only an invitation named (name and uri). */
export type Contact = Person | DirectoryPerson;

function isListed(person: Contact): person is DirectoryPerson {
  return 'phones' in person;
}

export function contactResource(appPath: string, person: Contact) {
  const self = contactHref(appPath, person);
  const listed = isListed(person) ? person : undefined;
  return {
    rel: 'contact',
    name: person.name,
    uri: person.uri,
    type: person.uri.startsWith('tel:') ? 'Phone' : 'User',
    sourceNetwork: 'SameEnterprise',
    ...(listed && {
      company: listed.company,
      ...(listed.title !== undefined && { title: listed.title }),
      ...(listed.department !== undefined && { department: listed.department }),
      ...(listed.office !== undefined && { office: listed.office }),
      emailAddresses: listed.email === undefined ? [] : [listed.email],
      ...Object.fromEntries(listed.phones.map(({ type, number }) => [PHONE_PROPERTIES[type], number])),
    }),
    _links: {
      self: { href: self },
      contactPresence: { href: `${self}/contactPresence` },
      ...(listed?.hasPhoto && { contactPhoto: { href: `${self}/contactPhoto` } }),
    },
  };
}
