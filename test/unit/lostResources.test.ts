// What the calls controller does when the server answers 404 for something on the way: an early answer
// refused while the person answers, and a renegotiation gone before its answer could be read. The server's
// replies are rewritten on the wire by the fault proxy in front of the real local service.
import type { IncomingMessage } from 'node:http';
import { afterEach, describe, expect, it } from 'vitest';
import { CallsController } from '../../main/calls/controller.js';
import { RenegotiationFailedError } from '../../main/calls/errors.js';
import type { LocalServiceOptions } from '../../main/local/service.js';
import { HttpError } from '../../main/ucwa/errors.js';
import { FaultProxy, type ProxiedReply } from '../support/faultProxy.js';
import { CHROME_OFFER, connectClient, eventually, scriptedCaller, startService } from '../support/localServer.js';

const ANSWER = CHROME_OFFER.replace('a=setup:actpass', 'a=setup:active');
const HOLD_OFFER = ANSWER.replaceAll('a=recvonly', 'a=sendonly');
const HOLD_ANSWER = CHROME_OFFER.replaceAll('a=recvonly', 'a=inactive');
const NOT_FOUND: ProxiedReply = { status: 404, headers: { 'content-type': 'application/json' }, body: '{"code":"NotFound"}' };

type EventsBody = { sender?: { events: { link: { rel: string }; _embedded?: unknown }[] }[] };

let stops: (() => Promise<void>)[] = [];
afterEach(async () => {
  for (const stop of stops.reverse()) await stop();
  stops = [];
});

/** A controller signed in through a proxy that hands each reply to `rewrite` on its way to the client. */
async function signedInThroughProxy(options: LocalServiceOptions, rewrite: (request: IncomingMessage, reply: ProxiedReply) => ProxiedReply) {
  const { service } = await startService(options);
  const proxy = new FaultProxy({ service, schedule: [], rewrite });
  const rootUrl = await proxy.start();
  let calls: CallsController | undefined;
  const { client, problems } = await connectClient(service, rootUrl, async (batch) => calls?.handleBatch(batch));
  calls = new CallsController(client, { onChange: () => {}, onProblem: (error) => problems.push(error) });
  client.listen();
  const controller = calls;
  stops.push(async () => {
    controller.dispose();
    await client.close();
    await proxy.stop();
    await service.stop();
  });
  return { service, calls: controller, problems };
}

describe('when the server has lost what an action was about', () => {
  it('an early answer refused with 404 leaves the call ringing, and answering it still connects', async () => {
    const refuseEarlyAnswer = (request: IncomingMessage, reply: ProxiedReply) => (request.url?.includes('/sendProvisionalAnswer') ? NOT_FOUND : reply);
    const { service, calls, problems } = await signedInThroughProxy({}, refuseEarlyAnswer);
    const caller = scriptedCaller({ acceptProvisionalAnswer: () => {} });
    service.placeCall(caller.request);
    const ringing = await eventually('a ringing call', () => calls.snapshot().calls.find((call) => call.phase === 'ringing'));
    expect(ringing.actions).toContain('provisionalAnswer');

    const early = await calls.provisionalAnswer(ringing.id, ANSWER).catch((error: unknown) => error);
    expect(early).toBeInstanceOf(HttpError);
    expect(calls.snapshot().calls[0]).toMatchObject({ id: ringing.id, phase: 'ringing', actions: expect.arrayContaining(['answer']) });

    await calls.answer(ringing.id, ANSWER);
    await eventually('the call connected', () => calls.snapshot().calls.find((call) => call.id === ringing.id && call.phase === 'connected'));
    expect(caller.answers).toEqual([ANSWER]);
    expect(problems).toEqual([]);
  });

  it('a renegotiation whose answer comes by a bare event and is gone (404) fails at once with a clear reason', async () => {
    const bareRenegotiationEventsAndGone = (request: IncomingMessage, reply: ProxiedReply): ProxiedReply => {
      if (request.method === 'GET' && /\/renegotiations\/\d+$/.test(request.url ?? '')) return NOT_FOUND;
      if (!request.url?.includes('/events?') || !reply.body.includes('audioVideoRenegotiation')) return reply;
      const batch = JSON.parse(reply.body) as EventsBody;
      for (const event of (batch.sender ?? []).flatMap((sender) => sender.events)) {
        if (event.link.rel === 'audioVideoRenegotiation') delete event._embedded;
      }
      return { ...reply, body: JSON.stringify(batch) };
    };
    const { service, calls, problems } = await signedInThroughProxy({ renegotiationAnswerInEventOnly: true }, bareRenegotiationEventsAndGone);
    service.placeCall(scriptedCaller({ renegotiate: async () => HOLD_ANSWER }).request);
    const ringing = await eventually('a ringing call', () => calls.snapshot().calls.find((call) => call.phase === 'ringing'));
    await calls.answer(ringing.id, ANSWER);
    const call = await eventually('a call that takes new offers', () =>
      calls.snapshot().calls.find((c) => c.phase === 'connected' && c.actions.includes('renegotiate')),
    );

    const failure = await calls.renegotiate(call.id, HOLD_OFFER).catch((error: unknown) => error);
    expect(failure).toBeInstanceOf(RenegotiationFailedError);
    expect((failure as Error).message).toBe('The server lost the new offer before its answer could be read.');
    expect(calls.snapshot().calls[0]).toMatchObject({ id: call.id, phase: 'connected', actions: expect.arrayContaining(['renegotiate']) });
    expect(problems).toEqual([expect.objectContaining({ status: 404 })]);
  });
});
