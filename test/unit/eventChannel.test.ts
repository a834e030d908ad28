import { afterEach, describe, expect, it } from 'vitest';
import type { LocalUcwaService } from '../../main/local/service.js';
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
    expect(new Set(order).size).toBe(order.length);
    const started5 = order.filter((e) => e.startsWith('started')).map((e) => Number(e.split('/').pop()));
    expect(started5).toEqual([...started5].sort((a, b) => a - b));
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

  it('reads a resync-only response', () => {
    expect(parseEventBatch({ _links: { resync: { href: '/events?ack=1' } } })).toMatchObject({ resync: '/events?ack=1', events: [] });
  });
});
