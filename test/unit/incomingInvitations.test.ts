import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { CallsController } from '../../main/calls/controller.js';
import type { LocalUcwaService } from '../../main/local/service.js';
import { CHROME_OFFER, connectClient, eventually, scriptedCaller, signedInCalls } from '../support/localServer.js';

const ANSWER = CHROME_OFFER.replace('a=setup:actpass', 'a=setup:active');
const ADA = { name: 'Ada Lovelace', uri: 'sip:ada@contoso.com' };

describe('incoming invitations other than a plain audio/video answer', () => {
  let session: Awaited<ReturnType<typeof signedInCalls>>;
  let service: LocalUcwaService;
  let calls: CallsController;

  beforeEach(async () => {
    session = await signedInCalls();
    ({ service, calls } = session);
  });

  afterEach(async () => {
    try {
      expect(session.problems).toEqual([]);
    } finally {
      await session.stop();
    }
  });

  const ringing = () => eventually('a ringing invitation', () => calls.snapshot().calls.find((c) => c.phase === 'ringing'));
  const connected = () => eventually('a connected call', () => calls.snapshot().calls.find((c) => c.phase === 'connected'));

  it('a messaging invitation shows its URL-encoded first message and connects on accept', async () => {
    const leg = service.startMessaging({ from: ADA, subject: 'Lunch', message: 'Hi Tosh, lunch at 12:30? 100% yes' });
    const call = await ringing();
    expect(call).toMatchObject({
      kind: 'messaging',
      caller: ADA,
      subject: 'Lunch',
      firstMessage: { format: 'plain', text: 'Hi Tosh, lunch at 12:30? 100% yes' },
    });
    expect(call.actions).toEqual(['accept', 'decline']);
    await calls.accept(call.id);
    expect(await leg.outcome).toEqual({ status: 'Success' });
    expect(await connected()).toMatchObject({ id: call.id, kind: 'messaging', actions: ['leave'] });

    leg.sendMessage({ format: 'html', text: 'Shall we say <b>12:30</b>?' });
    await calls.sendMessage(call.id, 'Yes, 12:30 works & see you there');
    const lines = await eventually('both messages', () => {
      const messages = calls.snapshot().calls[0]?.messages ?? [];
      return messages.length === 2 ? messages : undefined;
    });
    expect(lines.map(({ direction, format, text }) => ({ direction, format, text }))).toEqual([
      { direction: 'Incoming', format: 'html', text: 'Shall we say <b>12:30</b>?' },
      { direction: 'Outgoing', format: 'plain', text: 'Yes, 12:30 works & see you there' },
    ]);
    expect(leg.messagesFromCallee).toEqual([{ format: 'plain', text: 'Yes, 12:30 works & see you there' }]);

    await calls.leave(call.id);
    expect(await leg.ended).toBe('callee');
    expect(session.ended[0]?.end?.message).toBe('You ended the conversation.');
  });

  it('the ms:rtc:saas: flavour is served by the same handler and exposes acceptAndBridge and startAdhocMeeting', async () => {
    const leg = service.startMessaging({ from: ADA, message: 'From the bot platform', flavour: 'saas' });
    const call = await ringing();
    expect(call).toMatchObject({ kind: 'messaging', firstMessage: { text: 'From the bot platform' } });
    expect(call.actions).toEqual(['accept', 'acceptAndBridge', 'startAdhocMeeting', 'decline']);
    await calls.decline(call.id);
    expect(await leg.outcome).toMatchObject({ status: 'Failure', reason: { code: 'RemoteFailure', subcode: 'Declined' } });
    expect(session.ended[0]?.end).toMatchObject({ outcome: 'declined' });
  });

  it('the saas links are served: startAdhocMeeting makes a meeting and acceptAndBridge bridges the IM into it', async () => {
    const leg = service.startMessaging({ from: ADA, message: 'Bridge me', flavour: 'saas' });
    await ringing();
    const started = session.batches.flatMap((batch) => batch.events).find((event) => event.type === 'started');
    const links = (started?.embedded as { _links: Record<string, { href: string }> })._links;
    const base = new URL(started!.href, session.client.base);
    const adhoc = await session.client.create(links['ms:rtc:saas:startAdhocMeeting']!.href, base, { json: { subject: 'Escalated' } });
    const { onlineMeetingUri } = adhoc.json as { onlineMeetingUri: string };
    expect(onlineMeetingUri).toMatch(/;gruu;opaque=app:conf:focus:id:/);
    await session.client.post(links['ms:rtc:saas:acceptAndBridge']!.href, base, { body: { json: { meetingUri: onlineMeetingUri } } });
    expect(await leg.outcome).toEqual({ status: 'Success' });
  });

  it('an onlineMeetingInvitation (someone added the user to a meeting) rings with its meeting URI and connects on accept', async () => {
    const meetingUri = 'sip:grace@contoso.com;gruu;opaque=app:conf:focus:id:7T4LQJ2B';
    const leg = service.inviteToMeeting({ from: ADA, subject: 'Design review', meetingUri });
    const call = await ringing();
    expect(call).toMatchObject({ kind: 'onlineMeeting', meetingUri, subject: 'Design review' });
    expect(call.actions).toEqual(['accept', 'decline']);
    await calls.accept(call.id);
    expect(await leg.outcome).toEqual({ status: 'Success' });
    await connected();
  });

  it('the ring names whom the call is for, who forwarded or transferred it, and how it should start', async () => {
    const person = (name: string, user: string) => ({ name, uri: `sip:${user}@contoso.com` });
    service.placeCall(
      scriptedCaller({
        context: {
          delegator: person('Grace Hopper', 'grace'),
          onBehalfOf: person('Grace Hopper', 'grace'),
          forwardedBy: person('Alan Turing', 'alan'),
          transferredBy: person('Edsger Dijkstra', 'edsger'),
          privateLine: true,
          joinAudioMuted: true,
        },
      }).request,
    );
    const call = await eventually('the contacts to be named', () =>
      calls.snapshot().calls.find((c) => c.phase === 'ringing' && c.context?.transferredBy !== undefined),
    );
    expect(call.context).toEqual({
      delegator: 'sip:grace@contoso.com',
      onBehalfOf: 'Grace Hopper',
      forwardedBy: 'Alan Turing',
      transferredBy: 'Edsger Dijkstra',
      privateLine: true,
      joinAudioMuted: true,
      joinVideoMuted: false,
    });
  });

  it('names a contact whose address is long (the service serves people/{uri} for any address a ring links to)', async () => {
    const forwarder = { name: 'Alan Turing', uri: `sip:${'alan.turing.'.repeat(12)}x@contoso.com` };
    service.placeCall(scriptedCaller({ context: { forwardedBy: forwarder } }).request);
    const call = await eventually('the forwarder to be named', () => calls.snapshot().calls.find((c) => c.context?.forwardedBy === 'Alan Turing'));
    expect(call.phase).toBe('ringing');
  });

  it('a call can be declined with a short message: an IM conversation with the caller starts with it', async () => {
    service.addPerson(ADA, 'accept');
    const leg = service.placeCall(scriptedCaller({ from: ADA }).request);
    const call = await ringing();
    expect(calls.snapshot().calls).toHaveLength(1);
    const messaging = await calls.declineWithMessage(call.id, "Can't talk now. I'll call you back.");
    expect(await leg.outcome).toMatchObject({ status: 'Failure', reason: { subcode: 'Declined' } });
    expect(service.messagesSentTo(ADA.uri)).toEqual(["Can't talk now. I'll call you back."]);
    const conversation = await eventually('the IM conversation', () => calls.snapshot().calls.find((c) => c.id === messaging && c.phase === 'connected'));
    expect(conversation).toMatchObject({ kind: 'messaging', direction: 'Outgoing', to: ADA.uri });
  });

  it('early media: a provisional answer reaches the caller and the call keeps ringing until answered', async () => {
    const provisional: string[] = [];
    const caller = scriptedCaller({ acceptProvisionalAnswer: (sdp) => provisional.push(sdp) });
    const leg = service.placeCall(caller.request);
    const call = await ringing();
    await calls.provisionalAnswer(call.id, ANSWER);
    expect(provisional).toEqual([ANSWER]);
    expect(calls.snapshot().calls[0]).toMatchObject({ phase: 'ringing', actions: expect.arrayContaining(['answer', 'decline']) });
    await calls.answer(call.id, ANSWER);
    expect(await leg.outcome).toEqual({ status: 'Success' });
    expect(caller.answers).toEqual([ANSWER]);
  });

  it('early media refused while the answer is in flight: the answer still moves the call to answering', async () => {
    let releaseCaller!: () => void;
    const held = new Promise<void>((resolve) => (releaseCaller = resolve));
    const caller = scriptedCaller({
      acceptProvisionalAnswer: () => {
        throw new Error('no early media on this line');
      },
      acceptAnswer: () => held,
    });
    const leg = service.placeCall(caller.request);
    const call = await ringing();
    const early = calls.provisionalAnswer(call.id, ANSWER);
    const answered = calls.answer(call.id, ANSWER);
    await expect(early).rejects.toThrow();
    await answered;
    expect(calls.snapshot().calls[0]).toMatchObject({ id: call.id, phase: 'answering' });
    releaseCaller();
    expect(await leg.outcome).toEqual({ status: 'Success' });
  });

  it('after a `resume` (the server tore its conversations down) a ringing call is checked and ends', async () => {
    service.placeCall(scriptedCaller().request);
    const call = await ringing();
    service.resumeAfterInactivity();
    const ended = await eventually('the torn-down call to end', () => session.ended.find((c) => c.id === call.id));
    expect(ended.end).toMatchObject({ outcome: 'failed', message: 'It ended while the connection was interrupted.' });
    const resumed = session.batches.find((batch) => batch.resume !== undefined);
    expect(resumed).toBeDefined();
    expect(resumed?.next).toBeUndefined();
    // The channel carried on through the resume link: a new call still rings.
    service.placeCall(scriptedCaller({ subject: 'After resume' }).request);
    expect(await eventually('a new ring', () => calls.snapshot().calls.find((c) => c.subject === 'After resume'))).toMatchObject({ phase: 'ringing' });
  });

  it('a call answered on another of the user’s devices stops ringing here and is not a missed call', async () => {
    const otherDevice = await connectClient(service, session.rootUrl, async (batch) => otherCalls.handleBatch(batch));
    const otherCalls = new CallsController(otherDevice.client, { onChange: () => {}, onProblem: (error) => otherDevice.problems.push(error) });
    otherDevice.client.listen();
    try {
      const leg = service.placeCall(scriptedCaller().request);
      const here = await ringing();
      const there = await eventually('ringing on the other device', () => otherCalls.snapshot().calls[0]);
      await otherCalls.answer(there.id, ANSWER);
      expect(await leg.outcome).toEqual({ status: 'Success' });
      const ended = await eventually('the ring to stop here', () => session.ended[0]);
      expect(ended).toMatchObject({
        id: here.id,
        end: { outcome: 'answeredElsewhere', code: 'Informational', subcode: 'ConnectedElsewhere', message: 'The call was answered on another device.' },
      });
      expect(otherDevice.problems).toEqual([]);
    } finally {
      otherCalls.dispose();
      await otherDevice.client.close();
    }
  });
});
