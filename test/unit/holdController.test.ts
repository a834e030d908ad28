// Hold and resume as the calls controller does them: a new offer through the audioVideoSession's
// renegotiations, and the other side's new offers, answered or dismissed. Against the real local service.
import { describe, expect, it } from 'vitest';
import { RenegotiationFailedError, UnavailableActionError } from '../../main/calls/errors.js';
import type { LocalServiceOptions, PlaceCallRequest } from '../../main/local/service.js';
import { CHROME_OFFER, eventually, scriptedCaller, signInPerTest } from '../support/localServer.js';

const ANSWER = CHROME_OFFER.replace('a=setup:actpass', 'a=setup:active');
const HOLD_OFFER = ANSWER.replaceAll('a=recvonly', 'a=sendonly');
const HOLD_ANSWER = CHROME_OFFER.replaceAll('a=recvonly', 'a=inactive');

const signIn = signInPerTest();

async function connectedCall(options: LocalServiceOptions = {}, caller: Partial<PlaceCallRequest> = {}) {
  const session = await signIn({ service: options });
  const { service, calls } = session;
  const leg = service.placeCall(scriptedCaller(caller).request);
  const ringing = await eventually('a ringing call', () => calls.snapshot().calls.find((c) => c.phase === 'ringing'));
  expect(ringing.actions).not.toContain('renegotiate');
  await calls.answer(ringing.id, ANSWER);
  // The server takes new offers: its audioVideoSession has renegotiations, learnt once the call connects.
  const call = await eventually('a call that takes new offers', () =>
    calls.snapshot().calls.find((c) => c.phase === 'connected' && c.actions.includes('renegotiate')),
  );
  return { ...session, leg, call };
}

describe('holding and resuming a call (renegotiations)', () => {
  it('our new offer reaches the other side, whose answer comes back in the 201', async () => {
    const offers: string[] = [];
    const { calls, call } = await connectedCall({}, { renegotiate: async (offer) => (offers.push(offer), HOLD_ANSWER) });
    expect(await calls.renegotiate(call.id, HOLD_OFFER)).toBe(HOLD_ANSWER);
    expect(offers).toEqual([HOLD_OFFER]);
    expect(calls.snapshot().calls[0]).toMatchObject({ id: call.id, phase: 'connected' });
  });

  it('when the server reports the answer only by event, the answer comes from the event', async () => {
    const { calls, call } = await connectedCall({ renegotiationAnswerInEventOnly: true }, { renegotiate: async () => HOLD_ANSWER });
    expect(await calls.renegotiate(call.id, HOLD_OFFER)).toBe(HOLD_ANSWER);
  });

  it('an offer the other side cannot take fails with the reason and leaves the call connected', async () => {
    const { calls, call } = await connectedCall({}, { renegotiate: () => Promise.reject(new Error('no')) });
    const failure = await calls.renegotiate(call.id, HOLD_OFFER).catch((error: unknown) => error);
    expect(failure).toBeInstanceOf(RenegotiationFailedError);
    expect((failure as Error).message).toBe('The other side does not support this kind of media.');
    expect(calls.snapshot().calls[0]).toMatchObject({ id: call.id, phase: 'connected', actions: expect.arrayContaining(['renegotiate']) });
  });

  it('the other side’s new offer shows in the snapshot until answered; the answer reaches them', async () => {
    const { calls, call, leg } = await connectedCall();
    const answered = leg.renegotiate(HOLD_OFFER);
    const offered = await eventually('their offer', () => calls.snapshot().calls[0]?.renegotiationOffer);
    expect(offered.sdp).toBe(HOLD_OFFER);
    await calls.answerRenegotiation(call.id, offered.id, HOLD_ANSWER);
    expect(await answered).toBe(HOLD_ANSWER);
    expect(calls.snapshot().calls[0]?.renegotiationOffer).toBeUndefined();
    // Answered once: the same offer cannot be answered again.
    await expect(calls.answerRenegotiation(call.id, offered.id, HOLD_ANSWER)).rejects.toThrow(UnavailableActionError);
  });

  it('a new offer the renderer cannot take is dismissed with the reason', async () => {
    const { calls, call, leg } = await connectedCall();
    const answered = leg.renegotiate(HOLD_OFFER).catch((error: unknown) => error);
    const offered = await eventually('their offer', () => calls.snapshot().calls[0]?.renegotiationOffer);
    await calls.dismissRenegotiation(call.id, offered.id, 'InvalidMediaOffer');
    expect(String(await answered)).toContain('InvalidMediaOffer');
    expect(calls.snapshot().calls[0]).toMatchObject({ id: call.id, phase: 'connected' });
  });
});
