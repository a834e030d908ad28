// Colleagues' presence as the core keeps it (main/people/), against the local service: who is watched and
// in how many subscriptions, released, renewed before expiry, and the GETs a flood of updates costs.
import { afterEach, describe, expect, it } from 'vitest';
import { directoryPeople } from '../../main/local/directory.js';
import type { LocalServiceOptions } from '../../main/local/service.js';
import { People, type PeopleOptions } from '../../main/people/people.js';
import type { UcwaError } from '../../main/ucwa/errors.js';
import { connectClient, eventually, startService } from '../support/localServer.js';

const ADA = 'sip:answers@softphone.local';
const COLLEAGUES = directoryPeople()
  .slice(10)
  .map((person) => person.uri);

const stops: Array<() => Promise<void>> = [];
afterEach(async () => {
  await Promise.all(stops.splice(0).map((stop) => stop()));
});

async function watching(service: LocalServiceOptions = {}, presence: PeopleOptions['presence'] = {}) {
  const started = await startService(service);
  let people: People | undefined;
  const problems: UcwaError[] = [];
  const { client } = await connectClient(started.service, started.rootUrl, async (batch) => people?.handleBatch(batch), {
    onApplicationReplaced: () => people?.applicationReplaced(),
  });
  let changes = 0;
  people = new People(client, { onChange: () => changes++, onProblem: (error) => problems.push(error), chosen: () => undefined, presence });
  client.listen();
  const watch = people.presence!;
  stops.push(async () => {
    people.dispose();
    await client.close();
    await started.service.stop();
  });
  const held = () => started.service.people.presence.held();
  const subscribed = () => held().flatMap((s) => s.members);
  return { service: started.service, client, people, watch, problems, held, subscribed, changes: () => changes };
}

describe('colleagues’ presence (PresenceWatch)', () => {
  it('watches the most important people up to its bound, in as few subscriptions as the server allows, and shows their presence', async () => {
    const { watch, held, subscribed, problems } = await watching({ presenceLimits: { subscriptions: 3, members: 4 } }, { maxWatched: 10 });
    watch.want('contactList', COLLEAGUES.slice(20, 25));
    watch.want('recent', COLLEAGUES.slice(0, 8));
    watch.want('ringing', [ADA, 'tel:+14255550123']);
    const expected = [ADA, ...COLLEAGUES.slice(0, 8), COLLEAGUES[20]!];
    await eventually('ten people subscribed to', () => subscribed().length === 10);
    expect(new Set(subscribed())).toEqual(new Set(expected));
    expect(held().map((s) => s.members.length)).toEqual([4, 4, 2]);
    await eventually('their presence', () => Object.keys(watch.snapshot()).length === 10);
    expect(Object.keys(watch.snapshot()).sort()).toEqual([...expected].sort());
    expect(problems).toEqual([]);
  });

  it('beyond what the server allows, the lowest-priority people go unwatched', async () => {
    const { watch, subscribed, held } = await watching({ presenceLimits: { subscriptions: 2, members: 3 } });
    watch.want('recent', COLLEAGUES.slice(0, 10));
    await eventually('six people subscribed to', () => subscribed().length === 6 && held().length === 2);
    expect(subscribed()).toEqual(COLLEAGUES.slice(0, 6));
  });

  it('releases people no longer shown: their memberships, and a subscription nobody stays in', async () => {
    const { watch, held, subscribed } = await watching({ presenceLimits: { subscriptions: 5, members: 3 } });
    watch.want('recent', COLLEAGUES.slice(0, 6));
    await eventually('six subscribed to', () => subscribed().length === 6);
    watch.want('recent', [COLLEAGUES[0]!, COLLEAGUES[1]!]);
    await eventually('four released', () => subscribed().length === 2);
    expect(held()).toEqual([expect.objectContaining({ members: [COLLEAGUES[0], COLLEAGUES[1]] })]);
    await eventually('their presence gone from the snapshot', () => Object.keys(watch.snapshot()).length === 2);
    watch.want('recent', []);
    await eventually('the subscription deleted', () => held().length === 0);
  });

  it('extends its subscriptions before they expire, and keeps hearing updates', async () => {
    // A minute of 20 ms on both sides: a 10-minute subscription lasts 200 ms.
    const { watch, held, service } = await watching({ presenceMinuteMs: 20 }, { durationMinutes: 10, minuteMs: 20 });
    watch.want('recent', [ADA]);
    await eventually('Ada subscribed to', () => held().length === 1);
    const { id } = held()[0]!;
    await eventually('three extensions', () => (held()[0]?.extensions ?? 0) >= 3);
    expect(held().map((s) => s.id)).toEqual([id]);
    service.people.presence.set(ADA, 'BeRightBack');
    await eventually('the update heard', () => watch.snapshot()[ADA]?.availability === 'BeRightBack');
  });

  it('coalesces a flood of updates: one more GET per person while one is in flight, and the work queued never exceeds the people watched', async () => {
    const { watch, service, subscribed } = await watching();
    const people = COLLEAGUES.slice(0, 40);
    watch.want('recent', people);
    await eventually('everyone’s first presence', () => Object.keys(watch.snapshot()).length === 40 && watch.pendingFetches === 0);
    expect(people.map((uri) => service.people.presence.gets(uri))).toEqual(people.map(() => 1));
    expect(subscribed()).toHaveLength(40);

    // 25 updates for each of 40 people in one go, then the last: 1 040 contactPresence events.
    for (let round = 0; round < 25; round++) for (const uri of people) service.people.presence.set(uri, round % 2 ? 'Busy' : 'Away');
    for (const uri of people) service.people.presence.set(uri, 'DoNotDisturb', 'in-a-conference');
    let mostPending = 0;
    await eventually('the last presence of everyone', () => {
      mostPending = Math.max(mostPending, watch.pendingFetches);
      return people.every((uri) => watch.snapshot()[uri]?.availability === 'DoNotDisturb') && watch.pendingFetches === 0;
    });
    expect(mostPending).toBeLessThanOrEqual(people.length);
    // 26 updates each, in a batch or two: a GET or two each (one more if an update came while one was in flight), never one per update.
    expect(Math.max(...people.map((uri) => service.people.presence.gets(uri) - 1))).toBeLessThanOrEqual(3);
    expect(service.people.presence.gets(ADA)).toBe(0);
    expect(watch.snapshot()[people[0]!]).toEqual({ availability: 'DoNotDisturb', activity: 'in-a-conference' });
  });

  it('fetches someone whose presence keeps changing at most once per refetchAfterMs: the updates meanwhile wait, one GET for them all', async () => {
    let released = 0;
    const { watch, service } = await watching(
      { onEventsReleased: (events) => (released += events.filter((event) => event.link.rel === 'contactPresence').length) },
      { refetchAfterMs: 60_000 },
    );
    watch.want('recent', [ADA]);
    await eventually('Ada’s first presence', () => watch.snapshot()[ADA] && watch.pendingFetches === 0);
    for (let update = 1; update <= 10; update++) {
      service.people.presence.set(ADA, update % 2 ? 'Busy' : 'Away');
      await eventually(`update ${update} released`, () => released === update);
    }
    await eventually('the updates read', () => watch.pendingFetches === 1);
    expect(service.people.presence.gets(ADA)).toBe(1);
  });

  it('keeps the GETs that updates cost within getsPerSecond in all: the more people watched, the longer each waits', async () => {
    let released = 0;
    const { watch, service } = await watching(
      { onEventsReleased: (events) => (released += events.filter((event) => event.link.rel === 'contactPresence').length) },
      // Room for everyone's first fetch (a contact and a presence each) at once.
      { refetchAfterMs: 0, getsPerSecond: 1, burstGets: 40 },
    );
    const people = COLLEAGUES.slice(0, 20);
    watch.want('recent', people);
    await eventually('everyone’s first presence', () => Object.keys(watch.snapshot()).length === 20 && watch.pendingFetches === 0);
    // 20 people at 1 GET a second: each waits 20 s after their last GET.
    for (const [index, uri] of people.entries()) {
      service.people.presence.set(uri, 'Busy');
      await eventually(`update ${index + 1} released`, () => released === index + 1);
    }
    await eventually('the updates read', () => watch.pendingFetches === 20);
    expect(people.map((uri) => service.people.presence.gets(uri))).toEqual(people.map(() => 1));
  });

  it('fetches the presence due in one turn in batches: N people updated cost ⌈N / peoplePerBatch⌉ POSTs, not N GETs', async () => {
    const { watch, service, problems } = await watching({}, { refetchAfterMs: 0, getsPerSecond: 1000, peoplePerBatch: 10 });
    const people = COLLEAGUES.slice(0, 30);
    watch.want('recent', people);
    await eventually('everyone’s first presence', () => Object.keys(watch.snapshot()).length === 30 && watch.pendingFetches === 0);
    // Their contacts, then their presences: two batches of ten people each time.
    expect(service.batches).toEqual({ received: 6, parts: 60 });
    for (const uri of people) service.people.presence.set(uri, 'Busy', 'in-a-meeting');
    await eventually('everyone Busy', () => people.every((uri) => watch.snapshot()[uri]?.availability === 'Busy') && watch.pendingFetches === 0);
    expect(service.batches).toEqual({ received: 9, parts: 90 });
    expect(people.map((uri) => service.people.presence.gets(uri))).toEqual(people.map(() => 2));
    expect(problems).toEqual([]);
  });

  it('waits for a whole batch’s worth of its budget, rather than spending each GET as it comes in a request of its own', async () => {
    // Updates spaced 100 ms at most (30 people at 300 a second), a budget of one batch at a time.
    const { watch, service } = await watching({}, { refetchAfterMs: 0, getsPerSecond: 300, burstGets: 10, peoplePerBatch: 10 });
    const people = COLLEAGUES.slice(0, 30);
    watch.want('recent', people);
    await eventually('everyone’s first presence', () => Object.keys(watch.snapshot()).length === 30 && watch.pendingFetches === 0);
    const before = { ...service.batches };
    for (const uri of people) service.people.presence.set(uri, 'BeRightBack');
    await eventually('everyone back soon', () => people.every((uri) => watch.snapshot()[uri]?.availability === 'BeRightBack') && watch.pendingFetches === 0);
    // Every GET went as a part of a batch of ten, each waiting for the budget to cover it whole (none alone).
    expect({ received: service.batches.received - before.received, parts: service.batches.parts - before.parts }).toEqual({ received: 3, parts: 30 });
  });

  it('fetches one GET at a time where the server offers no batch', async () => {
    const { watch, service, problems } = await watching({ batch: false }, { refetchAfterMs: 0 });
    const people = COLLEAGUES.slice(0, 5);
    watch.want('recent', people);
    await eventually('everyone’s first presence', () => Object.keys(watch.snapshot()).length === 5 && watch.pendingFetches === 0);
    for (const uri of people) service.people.presence.set(uri, 'Away');
    await eventually('everyone Away', () => people.every((uri) => watch.snapshot()[uri]?.availability === 'Away') && watch.pendingFetches === 0);
    expect(people.map((uri) => service.people.presence.gets(uri))).toEqual(people.map(() => 2));
    expect(service.batches.received).toBe(0);
    expect(problems).toEqual([]);
  });

  it('fetches with plain GETs once the application is replaced by one that offers no batch', async () => {
    const { watch, service, client, problems, subscribed } = await watching({}, { refetchAfterMs: 0 });
    const people = COLLEAGUES.slice(0, 5);
    watch.want('recent', people);
    await eventually('everyone’s first presence, in a batch', () => Object.keys(watch.snapshot()).length === 5 && watch.pendingFetches === 0);
    const batched = service.batches.received;
    expect(batched).toBeGreaterThan(0);
    service.offerBatch(false);
    service.expireApplications();
    await eventually('the application replaced and everyone watched again', () => client.application.batch === undefined && subscribed().length === 5);
    await eventually('the fetches after the replacement done', () => watch.pendingFetches === 0);
    const gets = people.map((uri) => service.people.presence.gets(uri));
    for (const uri of people) service.people.presence.set(uri, 'Away');
    await eventually('everyone Away', () => people.every((uri) => watch.snapshot()[uri]?.availability === 'Away') && watch.pendingFetches === 0);
    expect(people.map((uri, index) => service.people.presence.gets(uri) - gets[index]!)).toEqual(people.map(() => 1));
    expect(service.batches.received).toBe(batched);
    expect(problems).toEqual([]);
  });

  it('spends the same budget on the first fetches of people newly watched: 20 shown at once are not 40 GETs at once', async () => {
    // Ten GETs at once and then hardly any more: five people's contacts and presences.
    const { watch, service, people } = await watching({}, { getsPerSecond: 0.001, burstGets: 10 });
    const shown = COLLEAGUES.slice(0, 20);
    watch.want('recent', shown);
    await eventually('five presences, the others waiting', () => Object.keys(watch.snapshot()).length === 5 && watch.pendingFetches === 15);
    // A round trip to the server and back: the others would have come meanwhile.
    await people.me.read();
    expect(Object.keys(watch.snapshot())).toEqual(shown.slice(0, 5));
    expect(service.batches.parts).toBe(10);
    expect(shown.reduce((sum, uri) => sum + service.people.presence.gets(uri), 0)).toBe(5);
  });

  it('shows a presence it does not know, or of someone the server does not know, as Unknown', async () => {
    const { watch, service, problems } = await watching();
    watch.want('recent', [ADA, 'sip:nobody@softphone.local']);
    await eventually('both presences', () => Object.keys(watch.snapshot()).length === 2);
    expect(watch.snapshot()['sip:nobody@softphone.local']).toEqual({ availability: 'Unknown' });
    service.people.presence.set(ADA, 'OnTheMoon', 'orbiting');
    await eventually('Ada’s', () => watch.snapshot()[ADA]?.availability === 'Unknown');
    expect(problems).toEqual([]);
  });
});
