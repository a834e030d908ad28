// JSON shapes of the people the local service knows, as contact_ref, contactNote_ref, contactLocation_ref,
// myGroups_ref, pinnedGroup_ref, groupContacts_ref and myContacts_ref show them. `contact` is the one
// contact resource: GET people/{uri}, the contact list's groups and search results all embed it.
import type { DirectoryPerson, PhoneType } from './directory.js';
import { contactHref, contactPresenceHref, type Person } from './resources.js';

export type NoteType = 'Personal' | 'OutOfOffice';

/** A group of the user's contact list: the pinned group, the default group or one of their own. */
export type LocalGroup = { id: string; name: string; rel: 'pinnedGroup' | 'defaultGroup' | 'group'; members: readonly string[] };

const PHONE_PROPERTIES: Record<PhoneType, string> = {
  Work: 'workPhoneNumber',
  Mobile: 'mobilePhoneNumber',
  Home: 'homePhoneNumber',
  Other: 'otherPhoneNumber',
};

export function isDirectoryPerson(person: Person): person is DirectoryPerson {
  return 'phones' in person;
}

/** The contact resource: name and uri for anyone; the directory's people with their card's details and links. */
export function contact(appPath: string, person: Person) {
  const self = contactHref(appPath, person);
  const type = person.uri.startsWith('tel:') ? 'Phone' : 'User';
  if (!isDirectoryPerson(person)) return { rel: 'contact', name: person.name, uri: person.uri, type, _links: { self: { href: self } } };
  return {
    rel: 'contact',
    company: person.company,
    ...(person.department !== undefined && { department: person.department }),
    ...(person.email !== undefined && { emailAddresses: [person.email] }),
    ...Object.fromEntries(person.phones.map((phone) => [PHONE_PROPERTIES[phone.type], phone.number])),
    name: person.name,
    ...(person.office !== undefined && { office: person.office }),
    sourceNetwork: 'SameEnterprise',
    ...(person.title !== undefined && { title: person.title }),
    type,
    uri: person.uri,
    _links: {
      self: { href: self },
      contactLocation: { href: `${self}/contactLocation` },
      contactNote: { href: `${self}/contactNote` },
      ...(person.hasPhoto && { contactPhoto: { href: `${self}/contactPhoto` } }),
      contactPresence: { href: contactPresenceHref(self) },
    },
  };
}

export function contactNote(href: string, message: string, type: NoteType) {
  return { rel: 'contactNote', message, type, _links: { self: { href } } };
}

export function contactLocation(href: string, location: string) {
  return { rel: 'contactLocation', location, _links: { self: { href } } };
}

export function groupHref(appPath: string, group: LocalGroup): string {
  return `${appPath}/groups/${group.id}`;
}

export function group(appPath: string, of: LocalGroup) {
  const self = groupHref(appPath, of);
  return { rel: of.rel, id: of.id, name: of.name, _links: { self: { href: self }, groupContacts: { href: `${self}/contacts` } } };
}

/** myGroups: the groups as links (pinnedGroup and defaultGroup one each, group a list) and, unless `expand=false`, embedded. */
export function myGroups(appPath: string, groups: readonly LocalGroup[], expand: boolean) {
  const byRel = (shape: (of: LocalGroup) => unknown) => ({
    ...Object.fromEntries(groups.filter((of) => of.rel !== 'group').map((of) => [of.rel, shape(of)])),
    group: groups.filter((of) => of.rel === 'group').map(shape),
  });
  return {
    rel: 'myGroups',
    _links: { self: { href: `${appPath}/groups` }, ...byRel((of) => ({ href: groupHref(appPath, of) })) },
    ...(expand && { _embedded: byRel((of) => group(appPath, of)) }),
  };
}

/** groupContacts or myContacts: the contacts as links and, unless `expand=false`, embedded. */
export function contacts(rel: 'groupContacts' | 'myContacts', self: string, appPath: string, people: readonly Person[], expand: boolean) {
  return {
    rel,
    _links: { self: { href: self }, contact: people.map((person) => ({ href: contactHref(appPath, person) })) },
    ...(expand && { _embedded: { contact: people.map((person) => contact(appPath, person)) } }),
  };
}
