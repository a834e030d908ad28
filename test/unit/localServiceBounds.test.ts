// The local service's records of what happened, which tests read (whom forwarding rang, the logs marked as
// read, …), keep only their newest RECORDS_KEPT entries however many calls it takes: a service that runs
// long (the browser host, a soak) does not grow with every call.
import { describe, expect, it } from 'vitest';
import { RECORDS_KEPT } from '../../main/local/keepNewest.js';
import { httpSessionPerTest } from '../support/httpSession.js';
import { scriptedCaller } from '../support/localServer.js';

const signIn = httpSessionPerTest();
const MORE = 20;
const caller = (n: number) => ({ name: `Caller ${n}`, uri: `sip:caller${n}@contoso.com` });
type Links = { _links: Record<string, { href: string } | undefined> };

describe('the local service’s records', () => {
  it('keep the newest logs marked as read and people forwarding rang, however many calls', async () => {
    const session = await signIn();
    const mark = session.events().length;
    session.service.placeCall(scriptedCaller({ from: caller(0) }).request).cancel();
    const added = await session.nextEvent('the missed call’s log', mark, (event) => event.rel === 'conversationLog' && event.type === 'added');
    const markAsRead = ((await session.get(added.href)) as Links)._links.markAsRead!.href;
    for (let n = 0; n < RECORDS_KEPT + MORE; n++) await session.post(markAsRead);
    expect(session.service.conversationLogs.markedRead()).toHaveLength(RECORDS_KEPT);

    const application = (await session.get('')) as unknown as { _embedded: { me: Links } };
    const settings = (await session.get(application._embedded.me._links.callForwardingSettings!.href)) as unknown as { _embedded: Record<string, Links> };
    await session.post(settings._embedded.immediateForwardSettings!._links.immediateForwardToContact!.href, { json: { target: 'tel:+14255550123' } });
    for (let n = 1; n <= RECORDS_KEPT + MORE; n++) {
      expect(await session.service.placeCall(scriptedCaller({ from: caller(n) }).request).outcome).toMatchObject({ reason: { subcode: 'Forwarded' } });
    }
    const rung = session.service.forwarding.rung;
    expect(rung).toHaveLength(RECORDS_KEPT);
    expect([rung[0]?.from, rung.at(-1)?.from]).toEqual([caller(MORE + 1).uri, caller(RECORDS_KEPT + MORE).uri]);
  });
});
