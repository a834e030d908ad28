// The local service's contacts as UCWA documents them (contact_ref, contactNote_ref, contactLocation_ref,
// contactPhoto_ref, myGroups_ref, pinnedGroup_ref, groupContacts_ref, myContacts_ref), read over HTTP by
// the UCWA client's HTTP layer.
import { afterEach, describe, expect, it } from 'vitest';
import type { LocalServiceOptions } from '../../main/local/service.js';
import { HttpError } from '../../main/ucwa/errors.js';
import { connectClient, startService } from '../support/localServer.js';

type Resource = { [property: string]: unknown; _links: Record<string, { href: string } | { href: string }[]>; _embedded?: Record<string, unknown> };
const PNG_SIGNATURE = [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a];
const ADA = 'sip:answers@softphone.local';

const stops: Array<() => Promise<void>> = [];
afterEach(async () => {
  await Promise.all(stops.splice(0).map((stop) => stop()));
});

async function session(options: LocalServiceOptions = {}) {
  const { service, rootUrl } = await startService(options);
  const { client } = await connectClient(service, rootUrl);
  stops.push(async () => {
    await client.close();
    await service.stop();
  });
  const url = (href: string) => client.http.resolve(href, client.base);
  const get = async (href: string) => (await client.http.get(url(href))).json as Resource;
  const bytes = (href: string) =>
    client.http.read(url(href), async (chunks) => {
      const all: Uint8Array[] = [];
      for await (const chunk of chunks) all.push(chunk);
      return Buffer.concat(all);
    });
  const link = (resource: Resource, rel: string) => {
    const value = resource._links[rel];
    return Array.isArray(value) ? value.map((one) => one.href) : value?.href;
  };
  const contactHref = `${client.application.people.get('self')}/${encodeURIComponent(ADA)}`;
  return { client, get, bytes, link, contactHref };
}

describe('a contact of the local service', () => {
  it('has the properties and links contact_ref lists', async () => {
    const { get, contactHref } = await session();
    const ada = await get(contactHref);
    expect(ada).toMatchObject({
      rel: 'contact',
      name: 'Ada Lovelace',
      uri: ADA,
      title: 'Analyst',
      department: 'Engineering',
      company: 'Softphone Local',
      office: 'Building 1/1010',
      emailAddresses: ['answers@softphone.local'],
      workPhoneNumber: 'tel:+14255550123',
      type: 'User',
    });
    expect(Object.keys(ada._links).sort()).toEqual(['contactLocation', 'contactNote', 'contactPhoto', 'contactPresence', 'self']);
  });

  it('links a photo only for people the directory has one of', async () => {
    const { get, client } = await session();
    const people = client.application.people.get('self')!;
    const withPhoto = await get(`${people}/${encodeURIComponent('sip:alan.abbott@softphone.local')}`);
    const without = await get(`${people}/${encodeURIComponent('sip:barbara.abbott@softphone.local')}`);
    expect(withPhoto._links.contactPhoto).toBeDefined();
    expect(without._links.contactPhoto).toBeUndefined();
  });

  it('has a note and a location', async () => {
    const { get, link, contactHref } = await session();
    const ada = await get(contactHref);
    expect(await get(link(ada, 'contactNote') as string)).toMatchObject({
      rel: 'contactNote',
      message: 'Heads down on the Analytical Engine today',
      type: 'Personal',
    });
    expect(await get(link(ada, 'contactLocation') as string)).toMatchObject({ rel: 'contactLocation', location: 'Redmond, Building 1/1010' });
  });

  it('serves the photo as PNG bytes, the same on every request', async () => {
    const { get, link, bytes, contactHref } = await session();
    const photo = link(await get(contactHref), 'contactPhoto') as string;
    const first = await bytes(photo);
    expect([...first.subarray(0, 8)]).toEqual(PNG_SIGNATURE);
    expect(first.length).toBeLessThan(4096);
    expect((await bytes(photo)).equals(first)).toBe(true);
  });

  it('serves a broken photo or a huge one where a test asks for it', async () => {
    const grace = 'sip:chat@softphone.local';
    const { get, link, bytes, client } = await session({ contactBook: { photos: { [ADA]: 'broken', [grace]: 'huge' } } });
    const photoOf = async (uri: string) => link(await get(`${client.application.people.get('self')}/${encodeURIComponent(uri)}`), 'contactPhoto') as string;
    const broken = await bytes(await photoOf(ADA));
    expect([...broken.subarray(0, 8)]).not.toEqual(PNG_SIGNATURE);
    // Larger than any response the client reads (4 MB).
    await expect(bytes(await photoOf(grace))).rejects.toThrow(/body larger than/);
  });
});

describe('the contact list of the local service', () => {
  it('has the pinned group, the default group and the user’s groups, embedded with their names', async () => {
    const { get, link, client } = await session();
    const myGroups = await get(client.application.people.get('myGroups')!);
    expect(link(myGroups, 'pinnedGroup')).toBeDefined();
    expect(link(myGroups, 'defaultGroup')).toBeDefined();
    expect(link(myGroups, 'group')).toHaveLength(3);
    const embedded = myGroups._embedded as { pinnedGroup: Resource; defaultGroup: Resource; group: Resource[] };
    expect(embedded.pinnedGroup).toMatchObject({ rel: 'pinnedGroup', name: 'Favourites' });
    expect(embedded.defaultGroup).toMatchObject({ rel: 'defaultGroup', name: 'Other Contacts' });
    expect(embedded.group.map((group) => group.name)).toEqual(['Engineering', 'Design', 'Finance']);
    const linksOnly = await get(`${client.application.people.get('myGroups')!}?expand=false`);
    expect(linksOnly._embedded).toBeUndefined();
    expect(await get(link(myGroups, 'pinnedGroup') as string)).toMatchObject({ rel: 'pinnedGroup', id: 'pinnedGroup', name: 'Favourites' });
  });

  it('has each group’s contacts (groupContacts), and all of them in myContacts', async () => {
    const { get, link, client } = await session();
    const myGroups = await get(client.application.people.get('myGroups')!);
    const pinned = (myGroups._embedded as { pinnedGroup: Resource }).pinnedGroup;
    const favourites = await get(link(pinned, 'groupContacts') as string);
    expect(favourites.rel).toBe('groupContacts');
    expect((favourites._embedded as { contact: Resource[] }).contact.map((contact) => contact.name)).toEqual(['Ada Lovelace', 'Grace Hopper']);
    expect(link(favourites, 'contact')).toHaveLength(2);
    const myContacts = await get(client.application.people.get('myContacts')!);
    expect(myContacts.rel).toBe('myContacts');
    const everyone = (myContacts._embedded as { contact: Resource[] }).contact;
    expect(everyone.length).toBeGreaterThanOrEqual(30);
    expect(everyone.every((contact) => typeof contact.name === 'string' && typeof contact.uri === 'string')).toBe(true);
  });

  it('fails the groups a test names with 500 ServiceFailure', async () => {
    const { get, link, client } = await session({ contactBook: { failingGroups: ['Design'] } });
    const groups = (await get(client.application.people.get('myGroups')!))._embedded as { group: Resource[] };
    const design = groups.group.find((group) => group.name === 'Design')!;
    await expect(get(link(design, 'groupContacts') as string)).rejects.toMatchObject({ status: 500, code: 'ServiceFailure' });
    await expect(get(link(design, 'groupContacts') as string)).rejects.toBeInstanceOf(HttpError);
  });
});
