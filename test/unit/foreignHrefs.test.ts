// A server that hands out links to another origin: the proxy in front of the local service moves one
// reply's links to a listener at another loopback address. The client refuses each link (nothing reaches
// that listener, so no bearer token either), says so, and keeps working: a normal call still rings.
import { createServer, type IncomingHttpHeaders, type IncomingMessage } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { LocalUcwaService } from '../../main/local/service.js';
import { Core } from '../../main/core/core.js';
import { ForeignHrefError, HttpError, MalformedError, type UcwaError } from '../../main/ucwa/errors.js';
import { FaultProxy, type ProxiedReply } from '../support/faultProxy.js';
import { CHROME_OFFER, eventually } from '../support/localServer.js';

const ADA = { name: 'Ada Lovelace', uri: 'sip:ada@contoso.com' };
const GRACE = { name: 'Grace Hopper', uri: 'sip:grace@contoso.com' };
const MEETING = 'sip:grace@contoso.com;gruu;opaque=app:conf:focus:id:7T4LQJ2B';

type Heard = { method: string; url: string; headers: IncomingHttpHeaders };
type Link = { href: string };
type EventsBody = {
  _links: Record<string, Link>;
  sender?: Array<{ events: Array<{ link: Link & { rel: string }; _embedded?: Record<string, { _links: Record<string, Link> }> }> }>;
};

/** A listener at another loopback address (another origin): it records every connection and request. */
async function listenElsewhere() {
  const heard: Heard[] = [];
  let connections = 0;
  const server = createServer((request, response) => {
    heard.push({ method: request.method ?? '', url: request.url ?? '', headers: request.headers });
    response.writeHead(200, { 'Content-Type': 'application/json' }).end('{}');
  });
  server.on('connection', () => connections++);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.2', resolve));
  return {
    origin: `http://127.0.0.2:${(server.address() as AddressInfo).port}`,
    heard,
    get connections() {
      return connections;
    },
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

describe('links to another origin', () => {
  let service: LocalUcwaService;
  let proxy: FaultProxy;
  let core: Core;
  let elsewhere: Awaited<ReturnType<typeof listenElsewhere>>;
  let problems: UcwaError[];
  /** Rewrites the next reply it returns something for, then steps aside. */
  let rewriteOnce: ((request: IncomingMessage, reply: ProxiedReply) => ProxiedReply | undefined) | undefined;
  /** Rewrites every reply from now on. */
  let rewriteAll: ((reply: ProxiedReply) => ProxiedReply) | undefined;

  beforeEach(async () => {
    elsewhere = await listenElsewhere();
    service = new LocalUcwaService({ maxHoldSeconds: 1 });
    await service.start();
    proxy = new FaultProxy({
      service,
      schedule: [],
      rewrite: (request, reply) => {
        const rewritten = rewriteOnce?.(request, reply);
        if (rewritten) rewriteOnce = undefined;
        return rewriteAll?.(rewritten ?? reply) ?? rewritten ?? reply;
      },
    });
    problems = [];
    rewriteAll = undefined;
    core = await Core.start({
      server: { rootUrl: await proxy.start(), credentials: { grant: 'password', ...service.credentials } },
      endpointId: '2d7e5c1a-8f4b-4e2a-9c6d-1b3a5e7f9d02',
      userAgent: 'softphone-foreign-hrefs',
      backoff: { initialMs: 10, maxMs: 100 },
      onProblem: (error) => problems.push(error),
    });
  });

  afterEach(async () => {
    try {
      // The app still works, and the other origin never heard from it: no request, no token, not even a connection.
      service.placeCall({ from: GRACE, subject: 'Still ringing', offerSdp: CHROME_OFFER, acceptAnswer: async () => {} });
      await ringing('Still ringing');
      expect(elsewhere.heard).toEqual([]);
      expect(elsewhere.connections).toBe(0);
    } finally {
      await core.stop();
      await proxy.stop();
      await service.stop();
      await elsewhere.close();
    }
  });

  /** The service's href (absolute or not) at the other origin. */
  const moved = (href: string) => {
    const url = new URL(href, 'http://service.invalid');
    return `${elsewhere.origin}${url.pathname}${url.search}`;
  };

  /** Changes the first event batch whose text holds `marker`. */
  function rewriteBatchWith(marker: string, change: (batch: EventsBody) => void): void {
    rewriteOnce = (request, reply) => {
      if (!request.url?.includes('/events?') || !reply.body.includes(marker)) return undefined;
      const batch = JSON.parse(reply.body) as EventsBody;
      change(batch);
      return { ...reply, body: JSON.stringify(batch) };
    };
  }

  const eventsOf = (batch: EventsBody) => (batch.sender ?? []).flatMap((sender) => sender.events);

  const snapshotOf = (id: string) => core.snapshot().calls.find((call) => call.id === id);

  function ringing(subject: string) {
    return eventually(`“${subject}” to ring`, () => core.snapshot().calls.find((call) => call.subject === subject && call.phase === 'ringing'));
  }

  /** The refusals so far of hrefs that led to `origin`. */
  const refusedAt = (origin: string) =>
    problems.filter((error): error is ForeignHrefError => error instanceof ForeignHrefError && error.href.startsWith(origin));

  it('rings for an invitation whose links lead elsewhere, follows none, and refuses to answer or decline through them', async () => {
    rewriteBatchWith('Links elsewhere', (batch) => {
      for (const event of eventsOf(batch)) {
        for (const link of Object.values(event._embedded?.audioVideoInvitation?._links ?? {})) {
          if (!link.href.startsWith('data:')) link.href = moved(link.href);
        }
      }
    });
    const caller = service.placeCall({
      from: ADA,
      subject: 'Links elsewhere',
      offerSdp: CHROME_OFFER,
      acceptAnswer: async () => {},
      context: { onBehalfOf: GRACE, forwardedBy: { name: 'Alan Turing', uri: 'sip:alan@contoso.com' } },
    });
    const call = await ringing('Links elsewhere');
    // The names of whom it comes on behalf of and who forwarded it are not looked up there.
    await eventually('the contacts refused', () => refusedAt(elsewhere.origin).length === 2);
    expect(snapshotOf(call.id)?.context).not.toHaveProperty('onBehalfOf');
    await expect(core.calls.answer(call.id, 'v=0\r\n')).rejects.toThrow(ForeignHrefError);
    await expect(core.calls.decline(call.id)).rejects.toThrow(ForeignHrefError);
    caller.cancel();
    await eventually('the call to end', () => core.snapshot().calls.length === 0);
  });

  it('refuses an event batch whose next link leads elsewhere and asks for the batch again', async () => {
    rewriteBatchWith('Next elsewhere', (batch) => {
      batch._links.next!.href = moved(batch._links.next!.href);
    });
    const caller = service.placeCall({ from: ADA, subject: 'Next elsewhere', offerSdp: CHROME_OFFER, acceptAnswer: async () => {} });
    await ringing('Next elsewhere');
    expect(refusedAt(elsewhere.origin).map((error) => new URL(error.href).pathname)).toEqual([expect.stringMatching(/\/events$/)]);
    caller.cancel();
  });

  it('fetches no message from elsewhere, neither its resource nor its text', async () => {
    const leg = service.startMessaging({ from: ADA, subject: 'Chat', message: 'Hello' });
    const call = await ringing('Chat');
    await core.calls.accept(call.id);
    const messages = () => snapshotOf(call.id)?.messages?.map((line) => line.text);
    await eventually('the conversation', () => snapshotOf(call.id)?.phase === 'connected');

    rewriteBatchWith('ResourceElsewhere', (batch) => {
      for (const event of eventsOf(batch)) {
        delete event._embedded;
        event.link.href = moved(event.link.href);
      }
    });
    leg.sendMessage({ format: 'plain', text: 'ResourceElsewhere' });
    await eventually('the message resource refused', () => refusedAt(elsewhere.origin).length === 1);

    rewriteBatchWith('TextElsewhere', (batch) => {
      for (const event of eventsOf(batch)) event._embedded!.message!._links.plainMessage = { href: `${elsewhere.origin}/message.txt` };
    });
    leg.sendMessage({ format: 'plain', text: 'TextElsewhere' });
    // The text of a message is a data: link, never a resource to fetch.
    await eventually('the message text refused', () =>
      problems.some((error) => error instanceof MalformedError && error.field === 'message._links.plainMessage'),
    );

    leg.sendMessage({ format: 'plain', text: 'Still talking' });
    await eventually('the next message', () => messages()?.includes('Still talking'));
    expect(messages()).toEqual(['Still talking']);
    leg.hangUp();
  });

  it('keeps following the other calls when one links a conversation that is no URL', async () => {
    rewriteBatchWith('No URL conversation', (batch) => {
      for (const event of eventsOf(batch)) {
        const links = event._embedded?.messagingInvitation?._links;
        if (links?.conversation) links.conversation.href = 'http://[';
      }
    });
    service.startMessaging({ from: ADA, subject: 'No URL conversation', message: 'Hello' });
    await ringing('No URL conversation');
    const leg = service.startMessaging({ from: GRACE, subject: 'Fine', message: 'Hi' });
    const fine = await ringing('Fine');
    await core.calls.accept(fine.id);
    await eventually('the conversation', () => snapshotOf(fine.id)?.phase === 'connected');
    leg.hangUp();
    await eventually('the call to end', () => snapshotOf(fine.id) === undefined);
  });

  it('shows a colleague whose contactPresence link leads elsewhere, or is no URL, as Unknown, refused with a typed error', async () => {
    // Their contacts (alone or in a batch) link their presence elsewhere, or to something that is no URL.
    const presenceLink = (person: string) => new RegExp(`"href":"([^"]*${person}%40softphone\\.local/contactPresence)"`, 'g');
    rewriteAll = (reply) => ({
      ...reply,
      body: reply.body
        .replace(presenceLink('yara\\.abbott'), (_link, href: string) => `"href":"${moved(href)}"`)
        .replace(presenceLink('yara\\.brandt'), '"href":"http://[::1"'),
    });
    const found = await core.people.search('Yara');
    expect(found.results.map((person) => person.uri)).toEqual(
      expect.arrayContaining(['sip:yara.abbott@softphone.local', 'sip:yara.brandt@softphone.local', 'sip:yara.costa@softphone.local']),
    );
    const presence = () => core.snapshot().people.presence;
    await eventually('everyone found shown', () => found.results.every((person) => presence()[person.uri]));
    expect(presence()['sip:yara.abbott@softphone.local']).toEqual({ availability: 'Unknown' });
    expect(presence()['sip:yara.brandt@softphone.local']).toEqual({ availability: 'Unknown' });
    expect(presence()['sip:yara.costa@softphone.local']?.availability).not.toBe('Unknown');
    expect(refusedAt(elsewhere.origin).map((error) => new URL(error.href).pathname)).toEqual([
      expect.stringMatching(/yara\.abbott%40softphone\.local\/contactPresence$/),
    ]);
    expect(problems).toContainEqual(expect.objectContaining({ name: 'ForeignHrefError', href: 'http://[::1' }));
  });

  it('does not follow a redirect to elsewhere', async () => {
    rewriteOnce = (request) => (request.url?.includes('/people/') ? { status: 302, headers: { location: moved(request.url) }, body: '' } : undefined);
    const caller = service.placeCall({
      from: ADA,
      subject: 'Redirected',
      offerSdp: CHROME_OFFER,
      acceptAnswer: async () => {},
      context: { onBehalfOf: GRACE },
    });
    await ringing('Redirected');
    await eventually('the redirect reported', () => problems.some((error) => error instanceof HttpError && error.status === 302));
    caller.cancel();
  });

  it('refuses a meeting join whose Location leads elsewhere', async () => {
    service.createMeeting(MEETING, { subject: 'Weekly sync' });
    rewriteOnce = (request, reply) =>
      request.method === 'POST' && request.url?.endsWith('/onlineMeetingInvitations')
        ? { ...reply, headers: { ...reply.headers, location: moved(String(reply.headers.location)) } }
        : undefined;
    await expect(core.calls.joinMeeting(MEETING)).rejects.toThrow(ForeignHrefError);
    expect(core.snapshot().calls).toEqual([]);
  });
});
