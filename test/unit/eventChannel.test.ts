import { afterEach, describe, expect, it } from 'vitest';
import { directoryPeople } from '../../main/local/directory.js';
import type { ServiceEvent } from '../../main/local/eventQueue.js';
import type { LocalUcwaService } from '../../main/local/service.js';
import { People } from '../../main/people/people.js';
import type { UcwaClient } from '../../main/ucwa/client.js';
import { parseEventBatch } from '../../main/ucwa/events.js';
import { connectClient, eventually, scriptedCaller, startService } from '../support/localServer.js';

describe('event channel against the local service', () => {
  let service: LocalUcwaService;
  let client: UcwaClient | undefined;
  afterEach(async () => {
    await client?.close();
    await service.stop();
  });

  it('gets an empty release with only `next` on timeout, then the invitation in the following batch', async () => {
    const started = await startService({ maxHoldSeconds: 1 });
    service = started.service;
    const connected = await connectClient(service, started.rootUrl);
    client = connected.client;
    client.listen();
    await eventually('an empty release', () => connected.batches.length >= 1);
    expect(connected.batches[0]).toMatchObject({ events: [], next: expect.stringMatching(/events\?ack=2$/) });

    service.placeCall(scriptedCaller().request);
    const batch = await eventually('the invitation', () => connected.batches.find((b) => b.events.length > 0));
    expect(batch.events[0]).toMatchObject({ sender: { rel: 'communication' }, rel: 'audioVideoInvitation', type: 'started' });
    expect(connected.problems).toEqual([]);
  });

  it('sends each batch once and in order', async () => {
    const started = await startService();
    service = started.service;
    const order: string[] = [];
    const connected = await connectClient(service, started.rootUrl, async (batch) => {
      for (const event of batch.events) order.push(`${event.type}:${event.href}`);
      await new Promise((resolve) => setTimeout(resolve, 30)); // slow processing must not reorder
    });
    client = connected.client;
    client.listen();
    const legs = Array.from({ length: 5 }, () => service.placeCall(scriptedCaller().request));
    await eventually('five started events', () => order.filter((e) => e.startsWith('started')).length === 5);
    legs.forEach((leg) => leg.cancel());
    await eventually('five completed events', () => order.filter((e) => e.startsWith('completed')).length === 5);
    // The invitations' events each come once (the missed calls' missedItems updates repeat by nature).
    const ofInvitations = order.filter((e) => e.startsWith('started') || e.startsWith('completed'));
    expect(new Set(ofInvitations).size).toBe(ofInvitations.length);
    const started5 = order.filter((e) => e.startsWith('started')).map((e) => Number(e.split('/').pop()));
    expect(started5).toEqual([...started5].sort((a, b) => a - b));
  });
});

describe('event priorities (the Events tables of the UCWA reference)', () => {
  const colleagues = directoryPeople()
    .slice(10, 30)
    .map((person) => person.uri);
  let service: LocalUcwaService;
  let client: UcwaClient;
  let people: People;
  afterEach(async () => {
    people.dispose();
    await client.close();
    await service.stop();
  });

  /** A client watching the 20 colleagues' presence, every release of the channel recorded. */
  async function watchingColleagues(deferredEventsWaitMs?: number) {
    const releases: Array<readonly ServiceEvent[]> = [];
    const started = await startService({ onEventsReleased: (events) => releases.push(events), ...(deferredEventsWaitMs && { deferredEventsWaitMs }) });
    service = started.service;
    const connected = await connectClient(service, started.rootUrl, async (batch) => people.handleBatch(batch));
    client = connected.client;
    people = new People(client, { onChange: () => {}, onProblem: () => {}, chosen: () => undefined, presence: {} });
    client.listen();
    people.presence!.want('contactList', colleagues);
    await eventually('everyone’s presence', () => Object.keys(people.presence!.snapshot()).length === 20 && people.presence!.pendingFetches === 0);
    return { releases, rootUrl: started.rootUrl };
  }
  const presenceEvents = (events: readonly ServiceEvent[]) => events.filter((event) => event.link.rel === 'contactPresence').length;

  it('holds Medium priority events (contactPresence) while a High one (an invitation) goes out at once, with all of them', async () => {
    // The Medium events could wait a minute: only the invitation can release them within the test.
    const { releases, rootUrl } = await watchingColleagues(60_000);
    for (const uri of colleagues) {
      service.people.presence.set(uri, 'Busy');
      await fetch(rootUrl); // a round trip, in which a released channel would be asked again
    }
    service.placeCall(scriptedCaller().request);
    const ring = await eventually('the invitation', () => releases.find((events) => events.some((event) => event.link.rel === 'audioVideoInvitation')));
    expect(releases.filter((events) => presenceEvents(events) > 0)).toEqual([ring]);
    expect(presenceEvents(ring)).toBe(20);
  });

  it('releases Medium priority events by themselves once they have waited', async () => {
    const { releases } = await watchingColleagues();
    for (const uri of colleagues) service.people.presence.set(uri, 'Away');
    await eventually('the presence events', () => releases.reduce((sum, events) => sum + presenceEvents(events), 0) === 20);
    await eventually('everyone Away', () => colleagues.every((uri) => people.presence!.snapshot()[uri]?.availability === 'Away'));
  });
});

describe('parseEventBatch', () => {
  it('keeps good events and rejects a malformed one, naming it', () => {
    const batch = parseEventBatch({
      _links: { next: { href: '/events?ack=3' } },
      sender: [
        {
          rel: 'communication',
          href: '/communication',
          events: [
            { link: { rel: 'ms:rtc:saas:messagingInvitation', href: '/inv/1' }, type: 'started' },
            { link: { rel: 'audioVideoInvitation' }, type: 'started' },
            { link: { rel: 'audioVideoInvitation', href: '/inv/2' }, type: 'exploded' },
          ],
        },
      ],
    });
    expect(batch.events).toHaveLength(1);
    expect(batch.events[0]?.rel).toBe('messagingInvitation');
    expect(batch.rejected.map((e) => e.field)).toEqual(['events.sender[0].events[1].link.href', 'events.sender[0].events[2].type']);
  });

  it('rejects an event or a sender whose href no URL parser takes, and keeps the rest of the batch', () => {
    const started = (href: string) => ({ link: { rel: 'messagingInvitation', href }, type: 'started' });
    const batch = parseEventBatch({
      _links: { next: { href: '/events?ack=3' } },
      sender: [
        {
          rel: 'communication',
          href: '/communication',
          events: [started('/inv/1'), started('https://[::1/inv/2'), { ...started('/inv/3'), in: { rel: 'x', href: '//host:99999/' } }],
        },
        { rel: 'communication', href: 'http://exa mple.com/communication', events: [started('/inv/4')] },
        { rel: 'communication', href: '/communication', events: [started('/inv/5')] },
      ],
    });
    expect(batch.events.map((event) => event.href)).toEqual(['/inv/1', '/inv/5']);
    expect(batch.rejected.map((e) => e.field)).toEqual([
      'events.sender[0].events[1].link.href',
      'events.sender[0].events[2].in.href',
      'events.sender[1].events[0]',
    ]);
  });

  it('reads a resync-only response', () => {
    expect(parseEventBatch({ _links: { resync: { href: '/events?ack=1' } } })).toMatchObject({ resync: '/events?ack=1', events: [] });
  });
});
