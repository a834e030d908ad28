// The server's conversation history in the core (main/conversationLogs/), against the embedded service:
// the newest logs read at sign-in (limit), new ones on their events, the missed count from missedItems,
// the person seeing Recent (markAsRead on the server, or a local mark where the server keeps no
// history), and a hostile server's logs: bad fields and foreign hrefs reported and left out.
import { afterEach, describe, expect, it } from 'vitest';
import type { LoggedConversation } from '../../main/local/conversationLogResources.js';
import type { AppSnapshot, HistoryEntry } from '../../preload/shared/contract.js';
import type { LocalServiceOptions, LocalUcwaService } from '../../main/local/service.js';
import { ForeignHrefError, MalformedError } from '../../main/ucwa/errors.js';
import { waitFor } from '../harness/browser.js';
import { coreOnService } from '../support/coreOnService.js';
import type { ProxiedReply } from '../support/faultProxy.js';
import { CHROME_OFFER, eventually, scriptedCaller } from '../support/localServer.js';

const stops: Array<() => Promise<void>> = [];
afterEach(async () => {
  for (const stop of stops.splice(0).reverse()) await stop();
});

const ADA = { name: 'Ada Lovelace', uri: 'sip:ada@contoso.com' };
const GRACE = { name: 'Grace Hopper', uri: 'sip:chat@softphone.local' };

async function start(
  local: LocalServiceOptions = {},
  rewrite?: (path: string, reply: ProxiedReply) => ProxiedReply,
  before?: (service: LocalUcwaService) => void,
) {
  const { core, service, problems, route } = await coreOnService(stops, {
    local,
    ...(rewrite && { rewrite: (request, reply) => rewrite(new URL(request.url ?? '/', 'http://x').pathname, reply) }),
    ...(before && { before }),
  });
  const send = (command: Parameters<typeof route>[1]) => route({ url: 'app://softphone/index.html' }, command);
  // What the windows show: the snapshot's Recent (the server's logs among its entries) and the badge.
  const until = <T>(what: string, probe: (shown: AppSnapshot) => T | undefined | false) => waitFor(what, () => probe(core.snapshot()), 5000, 20);
  return { core, service, problems, send, until };
}

/** Recent's entries read from the server's logs, newest first. */
const fromServer = (shown: AppSnapshot) => shown.history.recent.filter((entry) => entry.source === 'server');
/** How long ago each entry began, in whole minutes (the logs below begin `minutesAgo` before now). */
const minutesAgo = (entries: readonly HistoryEntry[]) => entries.map((entry) => Math.round((Date.now() - entry.startedAt) / 60_000));

const log = (minutesAgo: number, overrides: Partial<LoggedConversation> = {}): Omit<LoggedConversation, 'id'> => ({
  type: 'AudioLog',
  status: 'Missed',
  direction: 'Incoming',
  who: ADA,
  subject: `${minutesAgo} minutes ago`,
  modalities: ['Audio'],
  startedAt: Date.now() - minutesAgo * 60_000,
  messages: [],
  read: false,
  ...overrides,
});

/** The client marked every log the service keeps as read, each once. */
function expectEveryLogMarkedOnce(service: LocalUcwaService): void {
  const sorted = (ids: readonly number[]) => [...ids].sort((a, b) => a - b);
  expect(sorted(service.conversationLogs.markedRead())).toEqual(sorted(service.conversationLogs.list().map((logged) => logged.id)));
}

describe('the server’s history in the core', () => {
  it('reads the newest 20 logs at sign-in, newest first, and the missed count from missedItems', async () => {
    const { core, until } = await start({}, undefined, (service) => {
      for (let minutes = 25; minutes >= 1; minutes--)
        service.conversationLogs.add(log(minutes, { status: minutes % 2 ? 'Missed' : 'Archived', read: minutes % 2 === 0 }));
    });
    const history = await until('20 entries', (snapshot) => fromServer(snapshot).length === 20 && fromServer(snapshot));
    expect(minutesAgo(history)).toEqual(Array.from({ length: 20 }, (_, index) => index + 1));
    expect(history[0]).toMatchObject({ source: 'server', kind: 'audio', outcome: 'missed', direction: 'Incoming', name: 'Ada Lovelace', address: ADA.uri });
    expect(history[1]).toMatchObject({ outcome: 'answered' });
    // The unread missed ones (the odd minutes, 25 to 1) are on the badge.
    await until('13 missed', (snapshot) => snapshot.missed.calls === 13);
    expect(core.conversationLogs.revision).toBeGreaterThanOrEqual(20);
  });

  it('a call missed while signed in arrives by its event and counts; seeing Recent marks it as read on the server and clears the count', async () => {
    const { service, send, until } = await start();
    service.placeCall(scriptedCaller({ from: ADA }).request).cancel();
    // The call this app saw ring, its server log merged into it.
    const entry = await until('the missed call', (snapshot) => snapshot.history.recent.find((shown) => shown.serverHref !== undefined));
    expect(entry).toMatchObject({ outcome: 'missed', name: 'Ada Lovelace' });
    await until('the count', (snapshot) => snapshot.missed.calls === 1);

    expect((await send({ type: 'seenMissedCalls' })).ok).toBe(true);
    expect(service.conversationLogs.markedRead()).toEqual([service.conversationLogs.list()[0]!.id]);
    await until('the count cleared', (snapshot) => snapshot.missed.calls === 0);
  });

  it('seeing Recent marks the unread missed logs older than the first page as read too, so the badge clears', async () => {
    const { service, send, until } = await start({}, undefined, (local) => {
      for (let minutes = 30; minutes >= 1; minutes--) local.conversationLogs.add(log(minutes));
    });
    await until('30 missed', (snapshot) => snapshot.missed.calls === 30);
    expect((await send({ type: 'seenMissedCalls' })).ok).toBe(true);
    expectEveryLogMarkedOnce(service);
    await until('the badge cleared', (snapshot) => snapshot.missed.calls === 0);
  });

  it('a markAsRead the server fails is said, leaves the log unread and the badge, and is sent again the next time Recent is seen', async () => {
    const { service, send, until } = await start({}, undefined, (local) => {
      for (const minutes of [2, 1]) local.conversationLogs.add(log(minutes));
    });
    await until('2 missed', (snapshot) => snapshot.missed.calls === 2);
    service.conversationLogs.failMarkAsRead();
    const failed = await send({ type: 'seenMissedCalls' });
    expect(failed).toMatchObject({ ok: false, error: { code: 'ServerError', message: expect.stringContaining('could not mark') } });
    expect(service.conversationLogs.markedRead()).toHaveLength(1);
    await until('the one left unread still counted', (snapshot) => snapshot.missed.calls === 1);

    expect((await send({ type: 'seenMissedCalls' })).ok).toBe(true);
    expectEveryLogMarkedOnce(service);
    await until('the badge cleared', (snapshot) => snapshot.missed.calls === 0);
  });

  it('seeing Recent twice at once (pointed at and moved into) marks each missed log as read once', async () => {
    const { service, send, until } = await start({}, undefined, (local) => {
      for (const minutes of [3, 2, 1]) local.conversationLogs.add(log(minutes));
    });
    await until('3 missed', (snapshot) => snapshot.missed.calls === 3);
    const replies = await Promise.all([send({ type: 'seenMissedCalls' }), send({ type: 'seenMissedCalls' })]);
    expect(replies.every((reply) => reply.ok)).toBe(true);
    await until('the badge cleared', (snapshot) => snapshot.missed.calls === 0);
    expectEveryLogMarkedOnce(service);
  });

  it('a flood of new logs costs one reading of the newest, published as one change, not a GET and a snapshot each', async () => {
    const { core, service, until } = await start();
    await until('signed in', (shown) => shown.account.state === 'signedIn');
    let published = 0;
    core.subscribe(() => published++);
    service.inOneBatch(() => {
      for (let minutes = 500; minutes >= 1; minutes--)
        service.conversationLogs.add(log(minutes, { who: { name: `Flood ${minutes}`, uri: `sip:flood${minutes}@contoso.com` } }));
    });
    await until('the newest of the flood', (shown) => fromServer(shown)[0]?.name === 'Flood 1' && fromServer(shown).length === 20);
    expect(published).toBeLessThanOrEqual(3);
  });

  it('Call back and Message from a Recent entry the server logged go through its continue links; from one it did not log, through the start links', async () => {
    const { core, service, send } = await start({ calleeAnswerMs: 0 });
    service.conversationLogs.add(log(5, { who: GRACE, type: 'MessageLog', modalities: ['Messaging'], status: 'Archived', read: true }));
    const entry = await eventually('the log in Recent', () => core.snapshot().history.recent.find((shown) => shown.serverHref !== undefined));
    const logId = service.conversationLogs.list()[0]!.id;
    expect((await send({ type: 'startCall', to: GRACE.uri, video: false, sdp: CHROME_OFFER, continueFrom: entry.id })).ok).toBe(true);
    const started = await send({ type: 'startMessaging', to: GRACE.uri, text: 'Hello again', continueFrom: entry.id });
    expect(started.ok).toBe(true);
    // What continueAudio_ref and continueMessaging_ref document, no more: whom (and the subject) are the log's.
    const operationId = expect.any(String);
    expect(service.conversationLogs.continued()).toEqual([
      {
        id: logId,
        link: 'continueAudio',
        received: {
          operationId,
          sessionContext: expect.any(String),
          _links: { mediaOffer: { href: expect.stringMatching(/^data:application\/sdp;base64,/) } },
        },
      },
      { id: logId, link: 'continueMessaging', received: { operationId, _links: { message: { href: expect.stringMatching(/^data:text\/plain;base64,/) } } } },
    ]);
    const callId = (started.ok && started.callId) || '';
    await eventually('Grace to accept', () => core.snapshot().calls.find((call) => call.id === callId)?.phase === 'connected');
    expect((await send({ type: 'sendMessage', callId, text: 'Are you there?' })).ok).toBe(true);
    const reply = await eventually('Grace’s answer', () =>
      core
        .snapshot()
        .calls.find((call) => call.id === callId)
        ?.messages?.find((line) => line.direction === 'Incoming'),
    );
    expect(reply.text).toBe('You said: Are you there?');

    expect((await send({ type: 'startCall', to: ADA.uri, video: true, sdp: CHROME_OFFER, continueFrom: 'not-a-logged-entry' })).ok).toBe(true);
    expect(service.conversationLogs.continued()).toHaveLength(2);
  });

  it('reads older logs a page at a time, only when asked, into the history where the search finds them', async () => {
    const { core, send } = await start({}, undefined, (service) => {
      for (let minutes = 45; minutes >= 1; minutes--)
        service.conversationLogs.add(log(minutes, { who: { name: `Person ${minutes}`, uri: `sip:p${minutes}@contoso.com` } }));
    });
    const fromServer = () => core.snapshot().history.recent.filter((entry) => entry.source === 'server');
    await eventually('the newest page in Recent', () => fromServer().length === 20);
    const search = async (query: string) => {
      const reply = await send({ type: 'searchHistory', query });
      return reply.ok ? (reply.history ?? []).map((entry) => entry.name) : [];
    };
    expect(await search('Person 30')).toEqual([]);
    expect(await send({ type: 'readOlderHistory' })).toMatchObject({ ok: true, moreHistory: true });
    expect(await search('Person 30')).toEqual(['Person 30']);
    expect(await search('Person 45')).toEqual([]);
    expect(await send({ type: 'readOlderHistory' })).toMatchObject({ ok: true, moreHistory: false });
    expect(await search('Person 45')).toEqual(['Person 45']);
  });

  it('an older page the server failed to list is asked for again: reading older logs stops only when the server has no more', async () => {
    let failList = false;
    const { core, send, problems } = await start(
      {},
      (path, reply) => {
        if (!failList || !path.endsWith('/conversationLogs')) return reply;
        failList = false;
        return { ...reply, body: JSON.stringify({ _links: 'unreadable' }) };
      },
      (service) => {
        for (let minutes = 30; minutes >= 1; minutes--)
          service.conversationLogs.add(log(minutes, { who: { name: `Person ${minutes}`, uri: `sip:p${minutes}@contoso.com` } }));
      },
    );
    await eventually('the newest page in Recent', () => core.snapshot().history.recent.filter((entry) => entry.source === 'server').length === 20);
    failList = true;
    expect(await send({ type: 'readOlderHistory' })).toMatchObject({ ok: true, moreHistory: true });
    expect(problems.length).toBeGreaterThan(0);
    expect(await send({ type: 'readOlderHistory' })).toMatchObject({ ok: true, moreHistory: false });
    const found = await send({ type: 'searchHistory', query: 'Person 30' });
    expect(found.ok && found.history?.map((entry) => entry.name)).toEqual(['Person 30']);
  });

  it('shows an IM log’s messages from the server when asked, never keeps them, and leaves out a message that is no data: link', async () => {
    const messages: LoggedConversation['messages'] = [
      { from: 'them', text: 'Lunch at noon?', at: Date.now() - 60_000 },
      { from: 'me', text: 'The usual place', at: Date.now() - 50_000 },
      { from: 'them', text: 'x'.repeat(20_000), at: Date.now() - 40_000 },
      { from: 'me', text: 'hostile', at: Date.now() - 30_000 },
    ];
    const { core, send, problems } = await start(
      {},
      (path, reply) =>
        path.endsWith('/conversationLogTranscripts')
          ? { ...reply, body: reply.body.replace(/"data:text\/plain;charset=utf-8,hostile"/, '"http://evil.example/message"') }
          : reply,
      (service) =>
        service.conversationLogs.add(log(5, { who: GRACE, type: 'MessageLog', modalities: ['Messaging'], status: 'Archived', messages, read: true })),
    );
    const entry = await eventually('the log in Recent', () => core.snapshot().history.recent.find((shown) => shown.serverHref !== undefined));
    const reply = await send({ type: 'getTranscript', entryId: entry.id });
    const lines = reply.ok ? (reply.transcript ?? []) : [];
    expect(lines.map(({ direction, text }) => [direction, text.slice(0, 20)])).toEqual([
      ['Incoming', 'Lunch at noon?'],
      ['Outgoing', 'The usual place'],
      ['Incoming', 'x'.repeat(20)],
    ]);
    expect(lines[2]).toMatchObject({ shortened: true });
    expect(lines[2]!.text.length).toBeLessThanOrEqual(8000);
    expect(problems.some((problem) => problem instanceof MalformedError)).toBe(true);
    const found = await send({ type: 'searchHistory', query: 'hopper' });
    expect(JSON.stringify(found.ok && found.history)).not.toContain('usual place');
    expect(await send({ type: 'getTranscript', entryId: 'unknown' })).toMatchObject({ ok: true, transcript: undefined });
  });

  it('Show messages and Message from a logged conversation this session no longer keeps read its log from the server when asked', async () => {
    const messages: LoggedConversation['messages'] = [{ from: 'them', text: 'Remember the review?', at: Date.now() - 200 * 60_000 }];
    const { core, service, send } = await start({}, undefined, (service) => {
      service.conversationLogs.add(log(200, { who: GRACE, type: 'MessageLog', modalities: ['Messaging'], status: 'Archived', messages, read: true }));
      for (let minutes = 120; minutes >= 1; minutes--) service.conversationLogs.add(log(minutes, { status: 'Archived', read: true }));
    });
    await eventually('the newest page in Recent', () => core.snapshot().history.recent.some((entry) => entry.source === 'server'));
    // Seven pages of 20 reach the oldest log; the session keeps the newest 100, so not that one.
    for (let page = 0; page < 7; page++) await send({ type: 'readOlderHistory' });
    const found = await send({ type: 'searchHistory', query: 'Grace' });
    const entry = (found.ok && found.history?.find((shown) => shown.serverHref !== undefined)) || undefined;
    expect(entry?.kind).toBe('messaging');
    const reply = await send({ type: 'getTranscript', entryId: entry!.id });
    expect(reply.ok && reply.transcript?.map((line) => line.text)).toEqual(['Remember the review?']);
    expect((await send({ type: 'startMessaging', to: GRACE.uri, text: 'About that review', continueFrom: entry!.id })).ok).toBe(true);
    expect(service.conversationLogs.continued()).toEqual([
      expect.objectContaining({ id: service.conversationLogs.list().at(-1)!.id, link: 'continueMessaging' }),
    ]);
  });

  it('Show messages says the messages are not available when the log cannot be read now, rather than that there are none', async () => {
    let gone = false;
    const { core, service, send, problems } = await start(
      {},
      (path, reply) => (gone && path.includes('/conversationLogs/') ? { ...reply, status: 404, body: '' } : reply),
      (service) => service.conversationLogs.add(log(5, { who: GRACE, type: 'MessageLog', modalities: ['Messaging'], status: 'Archived', read: true })),
    );
    const entry = await eventually('the log in Recent', () => core.snapshot().history.recent.find((shown) => shown.serverHref !== undefined));
    gone = true;
    await core.conversationLogs.reread();
    const reply = await send({ type: 'getTranscript', entryId: entry.id });
    expect(reply).toMatchObject({ ok: true, transcript: undefined });
    expect(problems.length).toBeGreaterThan(0);
    expect(service.conversationLogs.list()).toHaveLength(1);
  });

  it('without conversation history on the server, the count is the missed calls in Recent since the person last saw it', async () => {
    const { service, send, until } = await start({ conversationHistory: false });
    service.placeCall(scriptedCaller({ from: ADA }).request).cancel();
    await until('the count', (snapshot) => snapshot.missed.calls === 1);
    expect(service.conversationLogs.list()).toEqual([]);
    expect((await send({ type: 'seenMissedCalls' })).ok).toBe(true);
    await until('the count cleared', (snapshot) => snapshot.missed.calls === 0);
    expect(service.conversationLogs.markedRead()).toEqual([]);
  });

  it('a hostile server’s logs: an unreadable date or a foreign href is reported and left out, an address that is no SIP or tel: URI is dropped', async () => {
    const { until, problems } = await start(
      {},
      (path, reply) => {
        if (path.endsWith('/conversationLogs'))
          return { ...reply, body: reply.body.replace('"conversationLog":[', '"conversationLog":[{"href":"http://evil.example/log"},') };
        if (path.endsWith('/conversationLogs/1')) return { ...reply, body: reply.body.replace(/"creationTime":"[^"]*"/, '"creationTime":"yesterday"') };
        if (path.endsWith('/conversationLogs/2')) return { ...reply, body: reply.body.replace(`"sipUri":"${ADA.uri}"`, '"sipUri":"javascript:alert(1)"') };
        return reply;
      },
      (service) => {
        for (const minutes of [3, 2, 1]) service.conversationLogs.add(log(minutes));
      },
    );
    const history = await until('the good entries', (snapshot) => fromServer(snapshot).length === 2 && fromServer(snapshot));
    expect(minutesAgo(history)).toEqual([1, 2]);
    expect(history[1]).toMatchObject({ name: 'Ada Lovelace' });
    expect(history[1]!.address).toBeUndefined();
    await eventually('both problems', () => problems.some((p) => p instanceof ForeignHrefError) && problems.some((p) => p instanceof MalformedError));
  });
});
