import { afterEach, describe, expect, it } from 'vitest';
import { Core } from '../../main/core/core.js';
import { CHROME_OFFER, eventually, scriptedCaller } from '../support/localServer.js';

const started: Core[] = [];
afterEach(async () => {
  await Promise.all(started.splice(0).map((core) => core.stop()));
});

async function ringingWithEarlyMedia() {
  const core = await Core.start({ endpointId: '2a3b4c5d-6e7f-4a8b-9c0d-1e2f3a4b5c6d', userAgent: 'softphone-test', local: { maxHoldSeconds: 2 } });
  started.push(core);
  const early: string[] = [];
  const caller = scriptedCaller({ acceptProvisionalAnswer: (sdp) => void early.push(sdp) });
  const leg = core.localService!.placeCall(caller.request);
  const ringing = await eventually('the ring', () => core.snapshot().calls.find((call) => call.phase === 'ringing'));
  const answerSdp = CHROME_OFFER.replace('a=setup:actpass', 'a=setup:active');
  await core.provisionalAnswer(ringing.id, answerSdp);
  expect(early).toEqual([answerSdp]);
  return { core, caller, leg, callId: ringing.id, answerSdp };
}

describe('the person’s choice to answer a call with early media', () => {
  // The final answer repeats the early one, which the core sent itself: it needs nothing more from the main
  // window, and waiting for the choice to reach it and its answer to come back was most of click to answer.
  it('is answered by the core at once, with the early answer; the main window’s answer, the same, is taken as that one', async () => {
    const { core, caller, leg, callId, answerSdp } = await ringingWithEarlyMedia();
    core.chooseAnswer(callId, false);
    expect(await leg.outcome).toEqual({ status: 'Success' });
    expect(caller.answers).toEqual([answerSdp]);

    await core.answer(callId, answerSdp);
    expect(caller.answers).toEqual([answerSdp]);
    await eventually('the call connected', () => core.snapshot().calls.find((call) => call.id === callId && call.phase === 'connected'));
  });

  it('that could not be answered: the main window hears why when it sends the same answer', async () => {
    const { core, caller, leg, callId, answerSdp } = await ringingWithEarlyMedia();
    // The caller gives up just before the person chooses: the core has not heard yet, and answers a call that is gone.
    leg.cancel();
    core.chooseAnswer(callId, false);
    await expect(core.answer(callId, answerSdp)).rejects.toThrow();
    expect(caller.answers).toEqual([]);
  });
});
