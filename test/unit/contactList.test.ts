// The contact list, read at sign-in by the real core from the embedded local service (myGroups, each
// group's groupContacts, myContacts), and from a hostile server in front of it: the pinned group first,
// a group that fails reported and the others kept, bad hrefs, bad JSON and oversize fields refused with
// typed errors and nothing else lost.
import type { IncomingMessage } from 'node:http';
import { afterEach, describe, expect, it } from 'vitest';
import { Core } from '../../main/core/core.js';
import { LocalUcwaService, type LocalServiceOptions } from '../../main/local/service.js';
import { ForeignHrefError, HttpError, MalformedError, type UcwaError } from '../../main/ucwa/errors.js';
import { FaultProxy, type ProxiedReply } from '../support/faultProxy.js';
import { eventually } from '../support/localServer.js';

const stops: Array<() => Promise<void>> = [];
afterEach(async () => {
  await Promise.all(stops.splice(0).map((stop) => stop()));
});

type Rewrite = (request: IncomingMessage, reply: ProxiedReply) => ProxiedReply;

/** Signs the core in to the local service, through a proxy that rewrites its replies when `rewrite` is given. */
async function signIn(local: LocalServiceOptions = {}, rewrite?: Rewrite) {
  const service = new LocalUcwaService({ maxHoldSeconds: 1, ...local });
  await service.start();
  const proxy = new FaultProxy({ service, schedule: [], ...(rewrite && { rewrite }) });
  const problems: UcwaError[] = [];
  const core = await Core.start({
    server: { rootUrl: await proxy.start(), credentials: { grant: 'password', ...service.credentials } },
    endpointId: '5b0e3c2a-1d4f-4a6b-8c9d-0e1f2a3b4c5d',
    userAgent: 'softphone-test',
    // A failed GET is tried five times: quickly here.
    backoff: { initialMs: 5, maxMs: 20 },
    onProblem: (error) => problems.push(error),
  });
  stops.push(async () => {
    await core.stop();
    await proxy.stop();
    await service.stop();
  });
  const list = await eventually('the contact list', () => core.snapshot().people.contactList);
  return { list, problems, core };
}

/** Rewrites the JSON of the replies whose path ends with `path`. */
const rewriting =
  (path: string, change: (json: Record<string, unknown>) => unknown): Rewrite =>
  (request, reply) => {
    if (!new URL(request.url ?? '/', 'http://x').pathname.endsWith(path)) return reply;
    return { ...reply, body: JSON.stringify(change(JSON.parse(reply.body) as Record<string, unknown>)) };
  };

describe('the contact list', () => {
  it('is read at sign-in: the pinned group first, the default group last, each person with their details', async () => {
    const { list, problems } = await signIn();
    expect(list.groups.map((group) => [group.name, group.pinned])).toEqual([
      ['Favourites', true],
      ['Engineering', false],
      ['Design', false],
      ['Finance', false],
      ['Other Contacts', false],
    ]);
    expect(list.groups[0]!.people).toEqual([
      expect.objectContaining({
        name: 'Ada Lovelace',
        uri: 'sip:answers@softphone.local',
        title: 'Analyst',
        phones: [{ kind: 'work', number: 'tel:+14255550123' }],
      }),
      expect.objectContaining({ name: 'Grace Hopper', uri: 'sip:chat@softphone.local' }),
    ]);
    expect(list.groups.reduce((count, group) => count + group.people.length, 0)).toBe(35);
    expect(list.problem).toBeUndefined();
    expect(problems).toEqual([]);
  });

  it('can hold as many colleagues as a test asks, a group per department, all of them watched', async () => {
    const { list, problems, core } = await signIn({ contactBook: { colleagues: 500 } });
    const uris = list.groups.flatMap((group) => group.people.map((person) => person.uri));
    expect(list.groups.map((group) => group.name)).toEqual(['Favourites', 'Engineering', 'Design', 'Finance', 'Sales', 'Support', 'People', 'Other Contacts']);
    expect(new Set(uris).size).toBe(500);
    await eventually('everyone’s presence', () => Object.keys(core.snapshot().people.presence).length === 500, 30_000);
    expect(problems).toEqual([]);
  });

  it('keeps the other groups when one fails, reporting it and saying which', async () => {
    const { list, problems } = await signIn({ contactBook: { failingGroups: ['Design'] } });
    expect(list.groups.map((group) => group.name)).toEqual(['Favourites', 'Engineering', 'Finance', 'Other Contacts']);
    expect(list.problem).toBe('Part of the contact list could not be read: Design.');
    expect(problems.length).toBeGreaterThan(0);
    expect(problems.every((problem) => problem instanceof HttpError && problem.status === 500)).toBe(true);
  });

  it('shows everyone in myContacts, in one group, when myGroups is not JSON', async () => {
    const { list, problems } = await signIn({}, (request, reply) =>
      request.url?.endsWith('/groups') ? { ...reply, body: '{"_links": {"pinnedGroup": ' } : reply,
    );
    expect(list.groups.map((group) => [group.name, group.people.length])).toEqual([['Other Contacts', 35]]);
    expect(list.problem).toBe('Part of the contact list could not be read: the groups.');
    expect(problems.length).toBeGreaterThan(0);
    expect(problems.every((problem) => problem instanceof MalformedError)).toBe(true);
  });

  it('refuses a group whose contacts are linked on another origin, and keeps the others', async () => {
    const hostile = rewriting('/groups', (json) => {
      const embedded = json._embedded as { group: Array<{ _links: Record<string, { href: string }> }> };
      embedded.group[0]!._links.groupContacts = { href: 'https://attacker.example/steal' };
      return json;
    });
    const { list, problems } = await signIn({}, hostile);
    expect(list.groups.map((group) => group.name)).toEqual(['Favourites', 'Design', 'Finance', 'Other Contacts']);
    expect(list.problem).toBe('Part of the contact list could not be read: Engineering.');
    expect(problems).toEqual([expect.any(ForeignHrefError)]);
    // Engineering's people are in myContacts: they are not lost but shown in the default group.
    expect(list.groups.at(-1)!.people.some((person) => person.uri === 'sip:sfb@softphone.local')).toBe(true);
  });

  it('reads a group whose contacts are only linked, each contact once, however many links', async () => {
    const linksOnly = rewriting('/groups/engineering/contacts', (json) => {
      const links = json._links as { contact: unknown[] };
      return { ...json, _links: { ...links, contact: Array.from({ length: 6 }, () => links.contact).flat() }, _embedded: undefined };
    });
    const { list, problems } = await signIn({}, linksOnly);
    const engineering = list.groups.find((group) => group.name === 'Engineering')!;
    expect(engineering.people).toHaveLength(12);
    expect(engineering.people[0]).toMatchObject({ name: 'Annie Easley', title: 'Programmer' });
    expect(list.problem).toBeUndefined();
    expect(problems).toEqual([]);
  });

  it('leaves out an oversize property, a contact without a usable address, and a group without a name', async () => {
    const hostileContacts = rewriting('/groups/pinnedGroup/contacts', (json) => {
      const [ada, grace] = (json._embedded as { contact: Array<Record<string, unknown>> }).contact;
      ada!.title = 'x'.repeat(10_000);
      ada!.name = 'y'.repeat(10_000);
      grace!.uri = `sip:${'g'.repeat(5000)}@softphone.local`;
      return json;
    });
    const noName: Rewrite = rewriting('/groups', (json) => {
      (json._embedded as { group: Array<Record<string, unknown>> }).group[1]!.name = '';
      return json;
    });
    const { list, problems } = await signIn({}, (request, reply) => noName(request, hostileContacts(request, reply)));
    const favourites = list.groups[0]!;
    expect(favourites.people).toEqual([
      expect.objectContaining({ uri: 'sip:answers@softphone.local', name: 'answers@softphone.local', department: 'Engineering' }),
    ]);
    expect(favourites.people[0]!.title).toBeUndefined();
    expect(list.groups.map((group) => group.name)).toEqual(['Favourites', 'Engineering', 'Finance', 'Other Contacts']);
    expect(list.problem).toBe('Part of the contact list could not be read: a group.');
    expect(problems).toHaveLength(2);
    expect(problems.every((problem) => problem instanceof MalformedError)).toBe(true);
  });
});
