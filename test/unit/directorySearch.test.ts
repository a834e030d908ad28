// Directory search through the real core (searchPeople) against the embedded local service: what it finds,
// read into people; what it never sends (counted at the service); a newer search superseding an older one;
// a hostile contact refused alone; and a server without search, which the snapshot says.
import { afterEach, describe, expect, it } from 'vitest';
import type { LocalServiceOptions } from '../../main/local/service.js';
import type { CommandResult, PeopleSearchResult } from '../../preload/shared/contract.js';
import { coreOnService } from '../support/coreOnService.js';
import type { ProxiedReply } from '../support/faultProxy.js';

const stops: Array<() => Promise<void>> = [];
afterEach(async () => {
  for (const stop of stops.splice(0).reverse()) await stop();
});

async function start(local: LocalServiceOptions = {}, rewrite?: (reply: ProxiedReply) => ProxiedReply) {
  const { core, service, problems, route } = await coreOnService(stops, {
    local,
    ...(rewrite && { rewrite: (request, reply) => (request.url?.includes('/people/search') ? rewrite(reply) : reply) }),
  });
  const search = (query: string) => route({ url: 'app://softphone/index.html' }, { type: 'searchPeople', query });
  return { core, service, problems, search };
}

function found(result: CommandResult): PeopleSearchResult {
  if (!result.ok) throw new Error(result.error.message);
  return result.search!;
}

describe('directory search', () => {
  it('finds people by part of a name and reads each into a person with their numbers as tel:+digits', async () => {
    const { core, search } = await start();
    expect(core.snapshot().people.canSearch).toBe(true);
    const { results, more, skipped } = found(await search('ada lov'));
    expect(skipped).toBeUndefined();
    expect(more).toBe(false);
    expect(results).toEqual([
      {
        uri: 'sip:answers@softphone.local',
        name: 'Ada Lovelace',
        title: 'Analyst',
        department: 'Engineering',
        company: 'Softphone Local',
        office: 'Building 1/1010',
        email: 'answers@softphone.local',
        phones: [{ kind: 'work', number: 'tel:+14255550123' }],
        kind: 'user',
      },
    ]);
  });

  it('asks for at most 20 and says when the server has more', async () => {
    const { search } = await start();
    const { results, more } = found(await search('a'));
    expect(results).toHaveLength(20);
    expect(more).toBe(true);
  });

  it('sends nothing for a query that is empty, over 250 characters or only punctuation, and says why', async () => {
    const { service, search } = await start();
    expect(found(await search(''))).toEqual({ results: [], more: false, skipped: 'empty' });
    expect(found(await search('   '))).toEqual({ results: [], more: false, skipped: 'empty' });
    expect(found(await search('a'.repeat(251)))).toEqual({ results: [], more: false, skipped: 'tooLong' });
    expect(found(await search(' .,;-+()@ '))).toEqual({ results: [], more: false, skipped: 'noLettersOrDigits' });
    expect(service.people.searchesReceived).toBe(0);
    expect(found(await search('a'.repeat(250))).skipped).toBeUndefined();
    expect(service.people.searchesReceived).toBe(1);
  });

  it('lets a newer search supersede one still on its way: the older resolves as superseded, without results', async () => {
    const { search } = await start();
    const older = search('grace');
    const newer = search('ada');
    expect(found(await older)).toEqual({ results: [], more: false, skipped: 'superseded' });
    expect(found(await newer).results.map((person) => person.name)).toEqual(['Ada Lovelace']);
  });

  it('refuses a contact with no usable address with a MalformedError, leaves out a hostile or oversize property, and keeps the rest', async () => {
    const hostile = (reply: ProxiedReply) => {
      const body = JSON.parse(reply.body) as { _embedded: { contact: Array<Record<string, unknown>> } };
      const [first] = body._embedded.contact;
      body._embedded.contact = [
        { ...first, name: 'Ada\u202eecalevoL' },
        { ...first, uri: 'javascript:alert(1)' },
        { ...first, title: 'x'.repeat(10_000) },
        { ...first, type: 'Robot', mobilePhoneNumber: 'tel:4255551212;phone-context=defaultprofile', homePhoneNumber: 'tel:+1 (425) 555-0107;ext=7' },
      ];
      return { ...reply, body: JSON.stringify(body) };
    };
    const { problems, search } = await start({}, hostile);
    const { results } = found(await search('ada lovelace'));
    expect(results).toHaveLength(3);
    // A name with a bidi override is left out (the address stands in); an oversize title is left out.
    expect(results[0]).toMatchObject({ uri: 'sip:answers@softphone.local', name: 'answers@softphone.local' });
    expect(results[1]).toMatchObject({ name: 'Ada Lovelace', department: 'Engineering' });
    expect(results[1]!.title).toBeUndefined();
    // An unknown type is a user; a number that is not E.164 is dropped, one with separators and parameters normalised.
    expect(results[2]).toMatchObject({
      name: 'Ada Lovelace',
      kind: 'user',
      phones: [
        { kind: 'work', number: 'tel:+14255550123' },
        { kind: 'home', number: 'tel:+14255550107' },
      ],
    });
    expect(problems.map((problem) => [problem.name, problem.message])).toEqual([['MalformedError', expect.stringContaining('search._embedded.contact.1.uri')]]);
  });

  it('is not offered by a server without people/search: the snapshot says so and nothing is sent', async () => {
    const { core, service, search } = await start({ search: false });
    expect(core.snapshot().people.canSearch).toBe(false);
    expect(found(await search('ada'))).toEqual({ results: [], more: false, skipped: 'notOffered' });
    expect(service.people.searchesReceived).toBe(0);
  });
});
