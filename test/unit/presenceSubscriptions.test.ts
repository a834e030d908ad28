// The local service's presence subscriptions as their reference pages document them, spoken to over HTTP
// with the client's HTTP layer: the bodies, the errors, the contactPresence events, extension and expiry.
import { describe, expect, it } from 'vitest';
import { HttpError } from '../../main/ucwa/errors.js';
import type { UcwaEvent } from '../../main/ucwa/events.js';
import { httpSessionPerTest, type HttpSession, type Resource } from '../support/httpSession.js';

const ADA = 'sip:answers@softphone.local';
const GRACE = 'sip:chat@softphone.local';
const ALAN = 'sip:alan.abbott@softphone.local';

const refusal = (promise: Promise<unknown>) =>
  promise.then(
    () => undefined,
    (error: unknown) => (error instanceof HttpError ? { status: error.status, code: error.code, subcode: error.subcode } : error),
  );

async function subscriptionsLink(session: HttpSession): Promise<string> {
  const application = await session.get('');
  const people = (application._embedded as { people: Resource }).people;
  return people._links.presenceSubscriptions!.href;
}

/** A contact's href, as the application's people resource has them. */
async function contactOf(session: HttpSession, uri: string): Promise<string> {
  const people = ((await session.get(''))._embedded as { people: Resource }).people;
  return `${people._links.self!.href}/${encodeURIComponent(uri)}`;
}

const presenceUpdate = (href: string) => (event: UcwaEvent) => event.rel === 'contactPresence' && event.type === 'updated' && event.href === href;

describe('the local service: presence subscriptions', () => {
  const signIn = httpSessionPerTest();

  it('subscribes to people (201, the subscription and its links), tells each change as a contactPresence update from people, and serves it', async () => {
    const session = await signIn();
    const created = await session.post(await subscriptionsLink(session), { json: { duration: 15, uris: [ADA, GRACE] } });
    expect(created.status).toBe(201);
    const subscription = created.json as Resource;
    expect(subscription).toMatchObject({ rel: 'presenceSubscription', id: expect.any(String) });
    expect(Object.keys(subscription._links).sort()).toEqual(['addToPresenceSubscription', 'memberships', 'self']);

    const ada = await session.get(await contactOf(session, ADA));
    const presenceHref = ada._links.contactPresence!.href;
    const mark = session.events().length;
    session.service.people.presence.set(ADA, 'DoNotDisturb', 'in-a-conference');
    const event = await session.nextEvent('Ada’s presence update', mark, presenceUpdate(presenceHref));
    expect(event.sender.rel).toBe('people');
    expect(event.in).toEqual({ rel: 'contact', href: ada._links.self!.href });
    const presence = await session.get(presenceHref);
    expect(presence).toMatchObject({ rel: 'contactPresence', availability: 'DoNotDisturb', activity: 'in-a-conference', deviceType: 'PC' });
    expect(presence.lastActive).toMatch(/^\/Date\(\d+\)\/$/);
  });

  it('adds members (their memberships), and a removed member, or a deleted subscription, is no longer told of', async () => {
    const session = await signIn();
    const subscription = (await session.post(await subscriptionsLink(session), { json: { duration: 10, uris: [ADA] } })).json as Resource;
    const added = (await session.post(subscription._links.addToPresenceSubscription!.href, { json: { contactUris: [GRACE, ALAN] } })).json as Resource;
    const memberships = (added._embedded as { presenceSubscriptionMembership: Resource[] }).presenceSubscriptionMembership;
    expect(memberships.map((m) => m._links.contact!.href)).toEqual([GRACE, ALAN].map((uri) => expect.stringContaining(`/people/${encodeURIComponent(uri)}`)));
    expect(session.service.people.presence.held()[0]?.members).toEqual([ADA, GRACE, ALAN]);

    await session.remove(memberships[0]!._links.self!.href);
    expect(session.service.people.presence.held()[0]?.members).toEqual([ADA, ALAN]);
    const mark = session.events().length;
    session.service.people.presence.set(GRACE, 'Away');
    session.service.people.presence.set(ALAN, 'Busy');
    await session.nextEvent('Alan’s update', mark, (event) => event.rel === 'contactPresence' && event.href.includes(encodeURIComponent(ALAN)));
    expect(
      session
        .events()
        .slice(mark)
        .filter((event) => event.href.includes(encodeURIComponent(GRACE))),
    ).toEqual([]);

    await session.remove(subscription._links.self!.href);
    expect(session.service.people.presence.held()).toEqual([]);
  });

  it('refuses a duration outside 10–30 minutes, a uri that is not sip:, too many people or subscriptions, and presence of someone unknown', async () => {
    const session = await signIn({ presenceLimits: { subscriptions: 1, members: 2 } });
    const link = await subscriptionsLink(session);
    const badRequest = { status: 400, code: 'BadRequest', subcode: 'ParameterValidationFailure' };
    expect(await refusal(session.post(link, { json: { duration: 5, uris: [ADA] } }))).toEqual(badRequest);
    expect(await refusal(session.post(link, { json: { duration: 31, uris: [ADA] } }))).toEqual(badRequest);
    expect(await refusal(session.post(link, { json: { duration: 10, uris: ['tel:+14255550123'] } }))).toEqual(badRequest);
    const limit = { status: 403, code: 'Forbidden', subcode: 'LimitExceeded' };
    expect(await refusal(session.post(link, { json: { duration: 10, uris: [ADA, GRACE, ALAN] } }))).toEqual(limit);
    const subscription = (await session.post(link, { json: { duration: 10, uris: [ADA, GRACE] } })).json as Resource;
    expect(await refusal(session.post(subscription._links.addToPresenceSubscription!.href, { json: { contactUris: [ALAN] } }))).toEqual(limit);
    expect(await refusal(session.post(link, { json: { duration: 10, uris: [ALAN] } }))).toEqual(limit);
    expect(await refusal(session.get(`${await contactOf(session, 'sip:nobody@softphone.local')}/contactPresence`))).toMatchObject({
      status: 404,
      code: 'NotFound',
    });
  });

  it('warns with an update that a subscription is about to expire, deletes it when it does, and an extension adds to what is left', async () => {
    // A minute of 200 ms: a 10-minute subscription lasts 2 s, its warning (a Medium priority event, which
    // waits for company a while, here shortened as the minutes are) comes 2 minutes (400 ms) before.
    const session = await signIn({ presenceMinuteMs: 200, deferredEventsWaitMs: 20 });
    const subscription = (await session.post(await subscriptionsLink(session), { json: { duration: 10, uris: [ADA] } })).json as Resource;
    const self = subscription._links.self!.href;
    const about = (type: string) => (event: UcwaEvent) => event.rel === 'presenceSubscription' && event.type === type && event.href === self;
    await session.nextEvent('the warning', 0, about('updated'));
    expect(session.events().some(about('deleted'))).toBe(false);
    await session.post(self, { json: { duration: 10 } });
    expect(session.service.people.presence.held()[0]?.extensions).toBe(1);
    const mark = session.events().length;
    await session.nextEvent('the next warning', mark, about('updated'));
    await session.nextEvent('the expiry', mark, about('deleted'));
    expect(session.service.people.presence.held()).toEqual([]);
    expect(
      session
        .events()
        .filter((event) => event.sender.rel === 'people')
        .every((event) => event.sender.href.endsWith('/people')),
    ).toBe(true);
  });
});
