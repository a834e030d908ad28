// The local service's people/search (search_ref, SearchForUsersContact), spoken to over HTTP with the
// client's HTTP layer: what it finds by part of a name, by address or email and by part of a number, its
// limit and moreResultsAvailable, the 400 for a bad query, and the contact resource it shares with people/{uri}.
import { describe, expect, it } from 'vitest';
import { HttpError } from '../../main/ucwa/errors.js';
import { httpSessionPerTest, type Resource } from '../support/httpSession.js';

const signIn = httpSessionPerTest();

type SearchResult = Resource & { moreResultsAvailable: boolean; _embedded: { contact: Resource[] } };

async function searchLink(get: (href: string) => Promise<Resource>): Promise<string | undefined> {
  const application = await get('');
  const people = (application._embedded as { people?: Resource } | undefined)?.people;
  return people?._links.search?.href;
}

async function search(query: string, limit?: number) {
  const { get } = await signIn();
  const href = await searchLink(get);
  const params = new URLSearchParams({ query, ...(limit !== undefined && { limit: String(limit) }) });
  const result = (await get(`${href}?${params}`)) as SearchResult;
  return { result, names: result._embedded.contact.map((contact) => String(contact.name)), get };
}

const statusOf = (request: Promise<unknown>) =>
  request.then(
    () => 200,
    (error: unknown) => (error instanceof HttpError ? `${error.status} ${error.code}/${error.subcode}` : error),
  );

describe('people/search', () => {
  it('is linked from the application’s embedded people resource, beside its self', async () => {
    const { get } = await signIn();
    const application = await get('');
    const people = (application._embedded as { people: Resource }).people;
    expect(people.rel).toBe('people');
    expect(people._links.self?.href).toMatch(/\/people$/);
    expect(people._links.search?.href).toMatch(/\/people\/search$/);
  });

  it('finds people by the start of any word of their name, whatever its case', async () => {
    expect((await search('lovel')).names).toEqual(['Ada Lovelace']);
    expect((await search('GRACE h')).names).toEqual(['Grace Hopper']);
    expect((await search('hopper grace')).names).toEqual(['Grace Hopper']);
    // "ace" is inside Lovelace but starts no word: no match.
    expect((await search('ace')).names).not.toContain('Ada Lovelace');
  });

  it('finds people by SIP address and by email', async () => {
    expect((await search('sip:chat@softphone.local')).names).toEqual(['Grace Hopper']);
    expect((await search('answers@softphone.local')).names).toEqual(['Ada Lovelace']);
  });

  it('finds people by part of a number, ignoring +, spaces and punctuation', async () => {
    expect((await search('555-0123')).names).toEqual(['Ada Lovelace']);
    expect((await search('+1 (425) 555 0127')).names).toEqual(['Grace Hopper']);
    expect((await search('tel:+14255550123')).names).toEqual(['Ada Lovelace']);
  });

  it('returns each contact with the properties and links of the documented sample', async () => {
    const { result, get } = await search('Ada Lovelace');
    const [ada] = result._embedded.contact;
    expect(result.rel).toBe('search');
    expect(result.moreResultsAvailable).toBe(false);
    expect(result._links.self?.href).toContain('query=Ada+Lovelace');
    expect(ada).toMatchObject({
      rel: 'contact',
      name: 'Ada Lovelace',
      uri: 'sip:answers@softphone.local',
      type: 'User',
      title: 'Analyst',
      department: 'Engineering',
      company: 'Softphone Local',
      emailAddresses: ['answers@softphone.local'],
      workPhoneNumber: 'tel:+14255550123',
    });
    expect(Object.keys(ada!._links)).toEqual(['self', 'contactLocation', 'contactNote', 'contactPhoto', 'contactPresence']);
    // The contact resource itself is the same shape (one definition for both).
    expect(await get(ada!._links.self!.href)).toEqual(ada);
  });

  it('returns at most `limit` contacts and says when there are more', async () => {
    const few = await search('Alan', 3);
    expect(few.names).toHaveLength(3);
    expect(few.result.moreResultsAvailable).toBe(true);
    const all = await search('Alan', 100);
    expect(all.names).toHaveLength(20);
    expect(all.result.moreResultsAvailable).toBe(false);
    expect(all.names.every((name) => name.startsWith('Alan '))).toBe(true);
  });

  it('answers 400 ParameterValidationFailure to a missing, empty or over-long query and a limit out of 1–100', async () => {
    const { get } = await signIn();
    const href = await searchLink(get);
    const refused = '400 BadRequest/ParameterValidationFailure';
    expect(await statusOf(get(`${href}`))).toBe(refused);
    expect(await statusOf(get(`${href}?query=`))).toBe(refused);
    expect(await statusOf(get(`${href}?query=${'a'.repeat(257)}`))).toBe(refused);
    expect(await statusOf(get(`${href}?query=ada&limit=0`))).toBe(refused);
    expect(await statusOf(get(`${href}?query=ada&limit=101`))).toBe(refused);
    expect(await statusOf(get(`${href}?query=ada&limit=many`))).toBe(refused);
    expect(await statusOf(get(`${href}?query=${'a'.repeat(256)}&limit=100`))).toBe(200);
  });

  it('is not offered when the service is started without search: no link, and the URL is 404', async () => {
    const { get } = await signIn({ search: false });
    expect(await searchLink(get)).toBeUndefined();
    const application = await get('');
    expect(await statusOf(get(`${String(application._links.self?.href)}/people/search?query=ada`))).toBe('404 NotFound/undefined');
  });
});
