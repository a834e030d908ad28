// Calling back from Recent, in Node: each audio or video call that ended keeps whom to call back and whether
// it was a video call (callBack), and calling that address reaches the person: on the embedded service,
// someone who called the user answers when called back.
import { describe, expect, it } from 'vitest';
import type { CallSnapshot } from '../../preload/shared/contract.js';
import { CHROME_OFFER, eventually, scriptedCaller, signInPerTest, type SignedInCalls } from '../support/localServer.js';
import { offeringPeersPerTest } from '../support/offeringPeer.js';

const ADA = { name: 'Ada Lovelace', uri: 'sip:ada@contoso.com' };
const signIn = signInPerTest();
const offeringPeer = offeringPeersPerTest();

function ringing(session: SignedInCalls): Promise<CallSnapshot> {
  return eventually('the call to ring', () => session.calls.snapshot().calls.find((call) => call.phase === 'ringing'));
}

function inRecent(session: SignedInCalls, callId: string): Promise<CallSnapshot> {
  return eventually('the call in Recent', () => session.ended.find((call) => call.id === callId));
}

describe('call back from Recent', () => {
  it('keeps whom to call back, and whether it was a video call, for missed, declined and placed calls and IM conversations; not for a withheld number', async () => {
    const session = await signIn({ service: { calleeAnswerMs: 0 } });
    const audioOnly = (await offeringPeer({ video: false })).offerSdp;

    const missed = session.service.placeCall(scriptedCaller({ from: ADA }).request);
    const missedCall = await ringing(session);
    missed.cancel();
    expect((await inRecent(session, missedCall.id)).callBack).toEqual({ address: 'sip:ada@contoso.com', video: true });

    session.service.placeCall(scriptedCaller({ from: { name: 'Grace Hopper', uri: 'tel:+442079460000' }, offerSdp: audioOnly }).request);
    const declined = await ringing(session);
    await session.calls.decline(declined.id);
    expect((await inRecent(session, declined.id)).callBack).toEqual({ address: 'tel:+442079460000', video: false });

    const busy = await session.calls.startAudioVideo('busy@softphone.local', CHROME_OFFER, true);
    expect((await inRecent(session, busy)).callBack).toEqual({ address: 'sip:busy@softphone.local', video: true });

    // An IM conversation: Ada can be called or messaged back.
    const conversation = session.service.startMessaging({ from: ADA, subject: 'Lunch', message: 'Lunch?' });
    const conversationCall = await ringing(session);
    await session.calls.decline(conversationCall.id);
    await conversation.outcome;
    expect((await inRecent(session, conversationCall.id)).callBack).toEqual({ address: 'sip:ada@contoso.com', video: false });

    const withheld = session.service.placeCall(scriptedCaller({ from: { name: 'Anonymous', uri: '' } }).request);
    const withheldCall = await ringing(session);
    withheld.cancel();
    expect((await inRecent(session, withheldCall.id)).callBack).toBeUndefined();
  });

  it('a missed call from someone the embedded service rang the user with: calling back reaches them, and they answer', async () => {
    const session = await signIn({ service: { calleeAnswerMs: 0 } });
    const missed = session.service.placeCall(scriptedCaller({ from: ADA }).request);
    const missedCall = await ringing(session);
    missed.cancel();
    const { callBack } = await inRecent(session, missedCall.id);

    const user = await offeringPeer({ video: false });
    const callId = await session.calls.startAudioVideo(callBack!.address, user.offerSdp, false);
    const answer = await eventually('the answer, or the end', () => {
      const { calls } = session.calls.snapshot();
      return calls.find((call) => call.id === callId)?.remoteAnswer ?? session.ended.find((call) => call.id === callId)?.end;
    });
    expect(answer).toMatchObject({ provisional: false });
    expect(session.service.callPlacedTo(ADA.uri)?.media.offerSdp).toBe(user.offerSdp);
    await eventually('Ada’s name on the call', () => session.calls.snapshot().calls.find((call) => call.id === callId)?.context?.to === 'Ada Lovelace');
  });
});
