// The local service's people as contact_ref and its neighbours serve them: each contact with its note,
// location and photo, and the user's contact list (myContacts, myGroups and each group's contacts). The
// contact list is read-only, as UCWA 1.0's is: myGroups_ref and myContacts_ref offer no writes.
import type { ServerResponse } from 'node:http';
import { photoBytes, type PhotoKind } from './contactPhotos.js';
import * as shapes from './contactResources.js';
import type { LocalGroup, NoteType } from './contactResources.js';
import type { DirectoryPerson } from './directory.js';
import type { LocalApplication } from './localApplication.js';
import type { Person } from './resources.js';
import { sendJson, ServiceError } from './serviceHttp.js';

export type ContactBookOptions = {
  /** Test knob: whose photo is bytes that are no image (`broken`) or a 5 MB PNG (`huge`), by uri. */
  photos?: Readonly<Record<string, Exclude<PhotoKind, 'drawn'>>>;
  /** Test knob: the names of contact groups whose groupContacts fail with 500 ServiceFailure. */
  failingGroups?: readonly string[];
  /**
   * The list is instead this many colleagues of the directory (in its order), in a group per department,
   * as a large organisation's might be; the bench floods 500 people's presence through it.
   */
  colleagues?: number;
};

/** Notes of the scripted callees; a colleague's comes from their place in the directory. */
const NOTES: Readonly<Record<string, { message: string; type: NoteType }>> = {
  'sip:answers@softphone.local': { message: 'Heads down on the Analytical Engine today', type: 'Personal' },
  'sip:unreachable@softphone.local': { message: 'Out of the office until Monday', type: 'OutOfOffice' },
};

const colleaguesIn = (people: readonly DirectoryPerson[]) => people.filter((person) => /^sip:[a-z]+\.[a-z]+@/.test(person.uri));

/** The user's contact list: Favourites (pinned), three groups by department and the default group. */
function defaultGroups(people: readonly DirectoryPerson[]): LocalGroup[] {
  const colleagues = colleaguesIn(people);
  const from = (department: string, count: number) =>
    colleagues
      .filter((person) => person.department === department)
      .slice(0, count)
      .map((person) => person.uri);
  return [
    { id: 'pinnedGroup', rel: 'pinnedGroup', name: 'Favourites', members: ['sip:answers@softphone.local', 'sip:chat@softphone.local'] },
    {
      id: 'engineering',
      rel: 'group',
      name: 'Engineering',
      members: ['sip:sfb@softphone.local', 'sip:earlymedia@softphone.local', ...from('Engineering', 10)],
    },
    { id: 'design', rel: 'group', name: 'Design', members: from('Design', 8) },
    { id: 'finance', rel: 'group', name: 'Finance', members: ['sip:declines@softphone.local', 'sip:busy@softphone.local', ...from('Finance', 6)] },
    { id: 'defaultGroup', rel: 'defaultGroup', name: 'Other Contacts', members: from('Sales', 5) },
  ];
}

/** The first `count` colleagues, a group per department in the order the departments first come, between an empty Favourites and an empty default group (a server always has both). */
function groupsByDepartment(people: readonly DirectoryPerson[], count: number): LocalGroup[] {
  const byDepartment = new Map<string, string[]>();
  for (const person of colleaguesIn(people).slice(0, count)) {
    const department = person.department ?? 'Colleagues';
    const members = byDepartment.get(department) ?? [];
    members.push(person.uri);
    byDepartment.set(department, members);
  }
  return [
    { id: 'pinnedGroup', rel: 'pinnedGroup', name: 'Favourites', members: [] },
    ...[...byDepartment].map(([name, members]): LocalGroup => ({ id: name.toLowerCase().replace(/\W+/g, '-'), rel: 'group', name, members })),
    { id: 'defaultGroup', rel: 'defaultGroup', name: 'Other Contacts', members: [] },
  ];
}

export class LocalContactBook {
  readonly #groups: readonly LocalGroup[];
  /** How many times each person's photo was served, by uri (tests check the client's cache with it). */
  readonly photosServed = new Map<string, number>();

  constructor(
    private readonly people: ReadonlyMap<string, Person>,
    directory: readonly DirectoryPerson[],
    private readonly options: ContactBookOptions = {},
  ) {
    this.#groups = options.colleagues === undefined ? defaultGroups(directory) : groupsByDepartment(directory, options.colleagues);
  }

  sendContact(app: LocalApplication, uri: string | undefined, response: ServerResponse): void {
    sendJson(response, 200, shapes.contact(app.path, this.#person(uri)));
  }

  sendNote(uri: string | undefined, url: URL, response: ServerResponse): void {
    const person = this.#directoryPerson(uri);
    const note =
      NOTES[person.uri] ??
      (person.name.length % 3 === 0 ? { message: `Working on ${person.department ?? 'the'} plans`, type: 'Personal' as const } : undefined);
    sendJson(response, 200, shapes.contactNote(url.pathname, note?.message ?? '', note?.type ?? 'Personal'));
  }

  sendLocation(uri: string | undefined, url: URL, response: ServerResponse): void {
    const person = this.#directoryPerson(uri);
    sendJson(response, 200, shapes.contactLocation(url.pathname, person.office === 'Remote' ? 'Working from home' : `Redmond, ${person.office ?? ''}`));
  }

  sendPhoto(uri: string | undefined, response: ServerResponse): void {
    const person = this.#directoryPerson(uri);
    if (!person.hasPhoto) throw new ServiceError(404, 'NotFound');
    const bytes = photoBytes(person.uri, this.options.photos?.[person.uri] ?? 'drawn');
    this.photosServed.set(person.uri, (this.photosServed.get(person.uri) ?? 0) + 1);
    response.writeHead(200, { 'Content-Type': 'image/png', 'Content-Length': bytes.length });
    response.end(bytes);
  }

  sendMyGroups(app: LocalApplication, url: URL, response: ServerResponse): void {
    sendJson(response, 200, shapes.myGroups(app.path, this.#groups, url.searchParams.get('expand') !== 'false'));
  }

  sendGroup(app: LocalApplication, id: string | undefined, response: ServerResponse): void {
    sendJson(response, 200, shapes.group(app.path, this.#group(id)));
  }

  sendGroupContacts(app: LocalApplication, id: string | undefined, url: URL, response: ServerResponse): void {
    const group = this.#group(id);
    if (this.options.failingGroups?.includes(group.name)) throw new ServiceError(500, 'ServiceFailure');
    const members = group.members.map((uri) => this.#person(uri));
    sendJson(response, 200, shapes.contacts('groupContacts', url.pathname, app.path, members, url.searchParams.get('expand') !== 'false'));
  }

  sendMyContacts(app: LocalApplication, url: URL, response: ServerResponse): void {
    const everyone = [...new Set(this.#groups.flatMap((group) => group.members))].map((uri) => this.#person(uri));
    sendJson(response, 200, shapes.contacts('myContacts', url.pathname, app.path, everyone, url.searchParams.get('expand') !== 'false'));
  }

  #person(uri: string | undefined): Person {
    const person = this.people.get(uri ?? '');
    if (!person) throw new ServiceError(404, 'NotFound');
    return person;
  }

  #directoryPerson(uri: string | undefined): DirectoryPerson {
    const person = this.#person(uri);
    if (!shapes.isDirectoryPerson(person)) throw new ServiceError(404, 'NotFound');
    return person;
  }

  #group(id: string | undefined): LocalGroup {
    const group = this.#groups.find((candidate) => candidate.id === id);
    if (!group) throw new ServiceError(404, 'NotFound');
    return group;
  }
}
