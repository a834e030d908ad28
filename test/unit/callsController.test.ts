import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { IllegalActionError } from '../../main/calls/errors.js';
import { type CallsController } from '../../main/calls/controller.js';
import { UnknownCallError } from '../../main/calls/errors.js';
import type { LocalServiceOptions, LocalUcwaService } from '../../main/local/service.js';
import { CHROME_OFFER, eventually, scriptedCaller, signedInCalls } from '../support/localServer.js';

const ANSWER = CHROME_OFFER.replace('a=setup:actpass', 'a=setup:active');

for (const embedInvitations of [true, false]) {
  describe(`audio/video calls (${embedInvitations ? 'invitation embedded in the event' : 'invitation fetched by GET'})`, () => {
    let session: Awaited<ReturnType<typeof signedInCalls>>;
    let service: LocalUcwaService;
    let calls: CallsController;

    const signIn = async (options: LocalServiceOptions = {}) => {
      session = await signedInCalls({ service: { embedInvitations, ...options } });
      ({ service, calls } = session);
    };

    beforeEach(() => signIn());

    afterEach(async () => {
      try {
        expect(session.problems).toEqual([]);
      } finally {
        await session.stop();
      }
    });

    const ringing = () => eventually('a ringing call', () => calls.snapshot().calls.find((c) => c.phase === 'ringing'));

    it('rings with the caller, subject and decoded offer, then connects on answer', async () => {
      let letCallerConnect!: () => void;
      const callerConnects = new Promise<void>((resolve) => (letCallerConnect = resolve));
      const answers: string[] = [];
      const leg = service.placeCall(
        scriptedCaller({
          acceptAnswer: async (sdp) => {
            answers.push(sdp);
            await callerConnects;
          },
        }).request,
      );
      const call = await ringing();
      expect(call).toMatchObject({
        direction: 'Incoming',
        invitationState: 'Connecting',
        caller: { name: 'Grace Hopper', uri: 'sip:grace@contoso.com' },
        subject: 'Compiler review',
        offerSdp: CHROME_OFFER,
      });

      await calls.answer(call.id, ANSWER);
      expect(calls.snapshot().calls[0]?.phase).toBe('answering');
      letCallerConnect();
      expect(await leg.outcome).toEqual({ status: 'Success' });
      expect(answers).toEqual([ANSWER]);
      const connected = await eventually('connected', () => calls.snapshot().calls.find((c) => c.phase === 'connected'));
      expect(connected.connectedAt).toBeGreaterThan(0);
      expect(connected.invitationState).toBe('Connected');

      await expect(calls.answer(call.id, ANSWER)).rejects.toBeInstanceOf(IllegalActionError);
      await calls.hangUp(call.id);
      expect(await leg.ended).toBe('callee');
      expect(calls.snapshot()).toEqual({ calls: [] });
      expect(session.ended).toMatchObject([{ id: call.id, phase: 'ended', end: { outcome: 'hungUp' } }]);
    });

    it('declines: the caller sees RemoteFailure/Declined', async () => {
      const leg = service.placeCall(scriptedCaller().request);
      const call = await ringing();
      await calls.decline(call.id);
      expect(await leg.outcome).toMatchObject({ status: 'Failure', reason: { code: 'RemoteFailure', subcode: 'Declined' } });
      expect(session.ended[0]?.end).toMatchObject({ outcome: 'declined', message: 'You declined the call.' });
      await expect(calls.hangUp(call.id)).rejects.toBeInstanceOf(UnknownCallError);
    });

    it('a caller who gives up leaves a missed call with the reason from the seed table', async () => {
      const leg = service.placeCall(scriptedCaller().request);
      await ringing();
      leg.cancel();
      const missed = await eventually('a missed call', () => session.ended[0]);
      expect(missed.end).toMatchObject({
        outcome: 'missed',
        code: 'RemoteFailure',
        subcode: 'Canceled',
        message: 'The caller hung up before the call was answered.',
      });
      expect(missed.offerSdp).toBeUndefined();
    });

    it('an unanswered call is missed when the invitation times out', async () => {
      await session.stop();
      await signIn({ ringTimeoutMs: 300 });
      const leg = service.placeCall(scriptedCaller().request);
      expect(await leg.outcome).toMatchObject({ status: 'Failure', reason: { code: 'Informational', subcode: 'Missed' } });
      const missed = await eventually('a missed call', () => session.ended[0]);
      expect(missed.end).toMatchObject({ outcome: 'missed', message: 'You missed this call.' });
    });

    it('the caller hanging up a connected call ends it as remoteHungUp', async () => {
      const leg = service.placeCall(scriptedCaller().request);
      const call = await ringing();
      await calls.answer(call.id, ANSWER);
      await leg.outcome;
      await eventually('connected', () => calls.snapshot().calls.find((c) => c.phase === 'connected'));
      leg.hangUp();
      const ended = await eventually('the call to end', () => session.ended[0]);
      expect(ended.end).toMatchObject({ outcome: 'remoteHungUp', message: 'The other person hung up.' });
    });

    it('a rejected answer fails the call with the server’s reason', async () => {
      const leg = service.placeCall(scriptedCaller({ acceptAnswer: async () => Promise.reject(new Error('bad answer')) }).request);
      const call = await ringing();
      await calls.answer(call.id, ANSWER);
      expect((await leg.outcome).status).toBe('Failure');
      const failed = await eventually('the call to fail', () => session.ended[0]);
      expect(failed.end).toMatchObject({ outcome: 'failed', subcode: 'UnsupportedMediaType' });
    });
  });
}
