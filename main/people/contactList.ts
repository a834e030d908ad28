// The contact list, read once at sign-in: myGroups (the pinned group, the user's groups, the default
// group), each group's contacts (groupContacts), and myContacts for anyone in no group, who joins the
// default group. A group or contact that cannot be read is reported and left out, the rest shown with a
// sentence saying the list is incomplete. Read-only: UCWA 1.0's myGroups and myContacts offer no writes.
import * as z from '../../preload/shared/zod/zod.js';
import type { ContactGroup, ContactList as ContactListSnapshot, PersonSummary } from '../../preload/shared/people.js';
import type { UcwaClient } from '../ucwa/client.js';
import type { UcwaError } from '../ucwa/errors.js';
import { linksSchema, parseWith, readLinks } from '../ucwa/resources.js';
import { readContact } from './contactSummary.js';
import { fewAtOnce } from '../ucwa/fewAtOnce.js';
import { orReported } from '../ucwa/orReported.js';

const MAX_GROUPS = 64;
/** Skype for Business Server's default contact limit (MaxContacts) is 1 000 in all. */
const MAX_PEOPLE_PER_GROUP = 1000;
/** Linked contacts (not embedded) are fetched this many at a time. */
const FETCHES_AT_ONCE = 8;

type Link = { href: string };
// Lists are taken whole (the response is already capped at 4 MB) and cut to their bounds after.
const relSchema = z.union([z.looseObject({ href: z.string() }), z.array(z.looseObject({ href: z.string() }))]).optional();
const groupSchema = z.looseObject({ id: z.string().max(256).optional(), name: z.string().trim().min(1).max(256), _links: linksSchema });
const myGroupsSchema = z.looseObject({
  _links: z.looseObject({ pinnedGroup: relSchema, group: relSchema, defaultGroup: relSchema }),
  _embedded: z.looseObject({ pinnedGroup: z.unknown(), group: z.array(z.unknown()).optional(), defaultGroup: z.unknown() }).optional(),
});
const contactsSchema = z.looseObject({
  _links: z.looseObject({ contact: relSchema }).optional(),
  _embedded: z.looseObject({ contact: z.array(z.unknown()).optional() }).optional(),
});

/** The groups in the order shown: the pinned group first, then the user's, the default group last. */
const SHOWN_ORDER = ['pinnedGroup', 'group', 'defaultGroup'] as const;
type GroupRel = (typeof SHOWN_ORDER)[number];

export type ContactListHooks = { onChange(): void; onProblem(error: UcwaError): void };

export class ContactList {
  #list: ContactListSnapshot | undefined;

  constructor(
    private readonly client: UcwaClient,
    private readonly hooks: ContactListHooks,
  ) {}

  snapshot(): ContactListSnapshot | undefined {
    return this.#list;
  }

  /** Everyone on the list, group by group, the pinned group first. */
  uris(): string[] {
    return [...new Set(this.#list?.groups.flatMap((group) => group.people.map((person) => person.uri)) ?? [])];
  }

  /** Reads the list where the server offers one (people's myGroups); what cannot be read is reported and left out. */
  async read(): Promise<void> {
    const href = this.client.application.people.get('myGroups');
    if (href === undefined) return;
    const failed: string[] = [];
    const listed = (await this.#groups(href, failed)) ?? [];
    const groups = listed.map(({ group }) => group);
    await this.#addUngrouped(groups, listed.find(({ rel }) => rel === 'defaultGroup')?.group, failed);
    this.#list = { groups, ...(failed.length > 0 && { problem: `Part of the contact list could not be read: ${failed.join(', ')}.` }) };
    this.hooks.onChange();
  }

  async #groups(href: string, failed: string[]): Promise<Array<{ rel: GroupRel; group: ContactGroup }> | undefined> {
    const myGroups = await this.#reported(async () => {
      const { url, json } = await this.client.getJson(href);
      return { url, body: parseWith(myGroupsSchema, json, 'myGroups') };
    });
    if (myGroups === undefined) return void failed.push('the groups');
    const { url, body } = myGroups;
    const listed = SHOWN_ORDER.flatMap((rel) => {
      const embedded = body._embedded?.[rel];
      const found = embedded === undefined ? hrefs(body._links[rel]) : Array.isArray(embedded) ? embedded : [embedded];
      return found.slice(0, MAX_GROUPS).map((group) => ({ rel, group }));
    });
    const groups = await Promise.all(listed.map(async ({ rel, group }) => ({ rel, group: await this.#group(group, rel === 'pinnedGroup', url, failed) })));
    return groups.filter((read): read is { rel: GroupRel; group: ContactGroup } => read.group !== undefined).slice(0, MAX_GROUPS);
  }

  /** One group: embedded in myGroups, or a link to GET; then its contacts. */
  async #group(given: unknown, pinned: boolean, base: URL, failed: string[]): Promise<ContactGroup | undefined> {
    const group = await this.#reported(async () => {
      const json = typeof given === 'string' ? (await this.client.getJson(given, base)).json : given;
      return parseWith(groupSchema, json, 'group');
    });
    if (group === undefined) return void failed.push('a group');
    const contactsHref = readLinks(group._links).get('groupContacts');
    const people = contactsHref === undefined ? [] : await this.#contacts(contactsHref, base);
    if (people === undefined) return void failed.push(group.name);
    return { id: group.id ?? group.name, name: group.name, pinned, people };
  }

  /** Anyone in myContacts and in no group goes into the default group, or into a group of their own. */
  async #addUngrouped(groups: ContactGroup[], defaultGroup: ContactGroup | undefined, failed: string[]): Promise<void> {
    const href = this.client.application.people.get('myContacts');
    if (href === undefined) return;
    const everyone = await this.#contacts(href, this.client.base);
    if (everyone === undefined) return void failed.push('your contacts');
    const grouped = new Set(groups.flatMap((group) => group.people.map((person) => person.uri)));
    const ungrouped = everyone.filter((person) => !grouped.has(person.uri));
    if (ungrouped.length === 0) return;
    if (defaultGroup) defaultGroup.people = [...defaultGroup.people, ...ungrouped].slice(0, MAX_PEOPLE_PER_GROUP);
    else groups.push({ id: 'ungrouped', name: 'Other Contacts', pinned: false, people: ungrouped.slice(0, MAX_PEOPLE_PER_GROUP) });
  }

  /** groupContacts or myContacts: the embedded contacts, else the linked ones, a few GETs at a time; undefined when the collection cannot be read. */
  async #contacts(href: string, base: URL): Promise<PersonSummary[] | undefined> {
    const read = await this.#reported(async () => {
      const { url, json } = await this.client.getJson(href, base);
      return { url, body: parseWith(contactsSchema, json, 'groupContacts') };
    });
    if (read === undefined) return undefined;
    const given: unknown[] = read.body._embedded?.contact ?? hrefs(read.body._links?.contact);
    const readOne = (contact: unknown) =>
      this.#reported(async () => readContact(typeof contact === 'string' ? (await this.client.getJson(contact, read.url)).json : contact, 'contact').person);
    // A contact linked twice is fetched once.
    const people = await fewAtOnce([...new Set(given)].slice(0, MAX_PEOPLE_PER_GROUP), FETCHES_AT_ONCE, readOne);
    const seen = new Set<string>();
    return people.filter((person): person is PersonSummary => person !== undefined && !seen.has(person.uri) && Boolean(seen.add(person.uri)));
  }

  #reported<T>(work: () => Promise<T>): Promise<T | undefined> {
    return orReported(work, this.hooks.onProblem);
  }
}

function hrefs(value: Link | Link[] | undefined): string[] {
  if (value === undefined) return [];
  return (Array.isArray(value) ? value : [value]).map((link) => link.href);
}
