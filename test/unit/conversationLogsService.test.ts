// The local service's conversation history (conversationLogs_ref, conversationLog_ref,
// conversationLogTranscripts_ref, missedItems_ref), spoken to over HTTP with the client's HTTP layer: a
// call nobody answered is logged Missed with its caller, an IM conversation with its message as a
// transcript; `added` and missedItems `updated` events; limit and its 400s; markAsRead; the continue links.
import { describe, expect, it } from 'vitest';
import { httpSessionPerTest, type HttpSession, type Resource } from '../support/httpSession.js';
import { CHROME_OFFER, scriptedCaller } from '../support/localServer.js';

const signIn = httpSessionPerTest();
const ADA = { name: 'Ada Lovelace', uri: 'sip:ada@contoso.com' };

async function communicationLinks(session: HttpSession) {
  const application = await session.get('');
  return ((application._embedded as { communication: Resource }).communication._links ?? {}) as Record<string, { href: string }>;
}

async function logs(session: HttpSession, query = '') {
  const { conversationLogs } = await communicationLinks(session);
  return (await session.get(`${conversationLogs!.href}${query}`)) as Resource & { _links: { conversationLog: Array<{ href: string }> } };
}

describe('conversationLogs and missedItems', () => {
  it('logs a call the caller gave up on as Missed, with an added event and missedItems updated', async () => {
    const session = await signIn();
    const mark = session.events().length;
    const placed = session.service.placeCall(scriptedCaller({ from: ADA, subject: 'Budget' }).request);
    placed.cancel();
    const added = await session.nextEvent('the log’s added event', mark, (event) => event.rel === 'conversationLog' && event.type === 'added');
    await session.nextEvent(
      'missedItems updated',
      mark,
      (event) => event.rel === 'missedItems' && event.type === 'updated' && event.sender.rel === 'communication',
    );

    const list = await logs(session);
    expect(list.rel).toBe('conversationLogs');
    expect(list._links.conversationLog.map((link) => link.href)).toEqual([added.href]);
    const log = await session.get(added.href);
    expect(log).toMatchObject({ rel: 'conversationLog', status: 'Missed', direction: 'Incoming', type: 'AudioLog', subject: 'Budget' });
    expect(String(log.creationTime)).toMatch(/^\/Date\(\d+\)\/$/);
    expect((log._embedded as { conversationLogRecipient: Resource[] }).conversationLogRecipient[0]).toMatchObject({
      displayName: 'Ada Lovelace',
      sipUri: ADA.uri,
    });
    expect(Object.keys(log._links)).toEqual(
      expect.arrayContaining(['continueAudioVideo', 'continueAudio', 'continuePhoneAudio', 'continueMessaging', 'markAsRead']),
    );

    const { missedItems } = await communicationLinks(session);
    expect(await session.get(missedItems!.href)).toMatchObject({ rel: 'missedItems', missedConversationsCount: 1, unreadMissedConversationsCount: 1 });
  });

  it('logs an IM conversation with its first message as the preview and a transcript', async () => {
    const session = await signIn();
    const mark = session.events().length;
    session.service.startMessaging({ from: ADA, message: 'Lunch?' }).cancel();
    const added = await session.nextEvent('the log', mark, (event) => event.rel === 'conversationLog' && event.type === 'added');
    const log = await session.get(added.href);
    expect(log).toMatchObject({ type: 'MessageLog', status: 'Missed', previewMessage: 'Lunch?', modalities: ['Messaging'] });
    const transcripts = await session.get(log._links.conversationLogTranscripts!.href);
    const [first] = (transcripts._embedded as { conversationLogTranscript: Resource[] }).conversationLogTranscript;
    const message = (first?._embedded as { messageTranscript: Resource }).messageTranscript;
    expect(decodeURIComponent(message._links.plainMessage!.href.split(',')[1]!.replace(/\+/g, ' '))).toBe('Lunch?');
  });

  it('lists the newest first, at most `limit`; a limit that is no whole number from 1 to 500 is 400 ParameterValidationFailure', async () => {
    const session = await signIn();
    for (const subject of ['one', 'two', 'three']) session.service.placeCall(scriptedCaller({ from: ADA, subject }).request).cancel();
    const all = await session.nextEvent('three logs', 0, () => session.service.conversationLogs.list().length === 3);
    expect(all).toBeTruthy();
    const two = await logs(session, '?limit=2');
    const subjects = await Promise.all(two._links.conversationLog.map(async (link) => (await session.get(link.href)).subject));
    expect(subjects).toEqual(['three', 'two']);
    for (const bad of ['0', '-1', '1.5', 'ten', '501', '']) {
      await expect(logs(session, `?limit=${bad}`)).rejects.toMatchObject({ status: 400, code: 'BadRequest', subcode: 'ParameterValidationFailure' });
    }
  });

  it('markAsRead: the log is read, missedItems counts it no more, the link goes, and the service records it', async () => {
    const session = await signIn();
    session.service.placeCall(scriptedCaller({ from: ADA }).request).cancel();
    const added = await session.nextEvent('the log', 0, (event) => event.rel === 'conversationLog' && event.type === 'added');
    const log = await session.get(added.href);
    const mark = session.events().length;
    await session.post(log._links.markAsRead!.href);
    await session.nextEvent('the log updated', mark, (event) => event.rel === 'conversationLog' && event.type === 'updated');
    expect((await session.get(added.href))._links.markAsRead).toBeUndefined();
    const { missedItems } = await communicationLinks(session);
    expect(await session.get(missedItems!.href)).toMatchObject({ missedConversationsCount: 1, unreadMissedConversationsCount: 0 });
    expect(session.service.conversationLogs.markedRead()).toEqual([session.service.conversationLogs.list()[0]!.id]);
  });

  // Each continue link's page documents its request body; whom the new conversation is with is the log's.
  const mediaOffer = { href: `data:application/sdp;base64,${Buffer.from(CHROME_OFFER).toString('base64')}` };
  // The pages of the calls' continue links document no request body, though their examples send an
  // operationId: a call continued with its offer alone is placed too.
  it.each([
    { link: 'continueAudioVideo', sent: 'an operationId and its offer', body: { operationId: 'op1', _links: { mediaOffer } } },
    { link: 'continueAudio', sent: 'its offer alone', body: { _links: { mediaOffer } } },
  ] as const)('$link with $sent places a call to the log’s recipient, as startAudioVideo does', async ({ link, body }) => {
    const session = await signIn({ calleeAnswerMs: 0 });
    session.service.placeCall(scriptedCaller({ from: ADA }).request).cancel();
    const added = await session.nextEvent('the log', 0, (event) => event.rel === 'conversationLog' && event.type === 'added');
    const log = await session.get(added.href);
    const response = await session.post(log._links[link]!.href, { json: body });
    expect(response.status).toBe(201);
    expect(session.service.callPlacedTo(ADA.uri)?.media.offerSdp).toBe(CHROME_OFFER);
  });

  const call = { operationId: 'op3', sessionContext: 'context3', _links: { mediaOffer } };
  it.each([
    { link: 'continueAudioVideo', documented: call },
    { link: 'continueAudio', documented: call },
    { link: 'continuePhoneAudio', documented: { operationId: 'op3', phoneNumber: 'tel:+14255550100' } },
    { link: 'continueMessaging', documented: { operationId: 'op3', _links: { message: { href: 'data:text/plain;base64,SGk=' } } } },
  ])('$link takes the fields its page documents only: anything more is 400 ParameterValidationFailure', async ({ link, documented }) => {
    const session = await signIn({ calleeAnswerMs: 0 });
    session.service.placeCall(scriptedCaller({ from: ADA }).request).cancel();
    const added = await session.nextEvent('the log', 0, (event) => event.rel === 'conversationLog' && event.type === 'added');
    const { href } = (await session.get(added.href))._links[link]!;
    for (const extra of [{ to: 'sip:answers@softphone.local' }, { subject: 'Budget' }, { importance: 'Normal' }, { threadId: 't1' }]) {
      await expect(session.post(href, { json: { ...documented, ...extra } })).rejects.toMatchObject({
        status: 400,
        code: 'BadRequest',
        subcode: 'ParameterValidationFailure',
      });
    }
    expect(session.service.conversationLogs.continued()).toEqual([]);
    expect((await session.post(href, { json: documented })).status).toBe(201);
    expect(session.service.conversationLogs.continued()).toEqual([{ id: session.service.conversationLogs.list()[0]!.id, link, received: documented }]);
  });

  it('logs a call the user placed as Outgoing and Archived once it ends, with whom it was for', async () => {
    const session = await signIn();
    const { startAudioVideo } = await communicationLinks(session);
    const offer = Buffer.from(CHROME_OFFER).toString('base64');
    const mark = session.events().length;
    await session.post(startAudioVideo!.href, {
      json: { to: 'sip:busy@softphone.local', operationId: 'op2', _links: { mediaOffer: { href: `data:application/sdp;base64,${offer}` } } },
    });
    const added = await session.nextEvent('the log', mark, (event) => event.rel === 'conversationLog' && event.type === 'added');
    const log = await session.get(added.href);
    expect(log).toMatchObject({ type: 'AudioLog', status: 'Archived', direction: 'Outgoing' });
    expect((log._embedded as { conversationLogRecipient: Resource[] }).conversationLogRecipient[0]).toMatchObject({ sipUri: 'sip:busy@softphone.local' });
    expect(log._links.markAsRead).toBeUndefined();
  });

  it('with conversation history off, communication links neither and says Disabled', async () => {
    const session = await signIn({ conversationHistory: false });
    const links = await communicationLinks(session);
    expect(links.conversationLogs).toBeUndefined();
    expect(links.missedItems).toBeUndefined();
    expect((await session.get(links.self!.href)).conversationHistory).toBe('Disabled');
  });
});
