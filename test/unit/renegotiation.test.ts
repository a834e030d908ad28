// Hold and resume on the local service's side: a connected incoming call's audioVideoSession takes the
// user's new offer through its renegotiations (the caller answers), and the caller's own new offer comes
// to the user as an audioVideoRenegotiation `started` event to answer or dismiss. The controller side is
// not involved: the test speaks HTTP to the service with the UCWA client's HTTP layer.
import sdpTransform from 'sdp-transform';
import { describe, expect, it } from 'vitest';
import { gatheredLocalSdp, negotiatedSending } from '../../main/local/media/loopbackPeer.js';
import type { LocalServiceOptions, PlaceCallRequest } from '../../main/local/service.js';
import type { UcwaEvent } from '../../main/ucwa/events.js';
import type { RequestBody } from '../../main/ucwa/http.js';
import { httpSessionPerTest, sdpOf, type HttpSession, type Resource } from '../support/httpSession.js';
import { CHROME_OFFER, eventually, scriptedCaller } from '../support/localServer.js';
import { answeredTestCall, userPeer, type UserPeer } from '../support/testCallUser.js';

const ANSWER = CHROME_OFFER.replace('a=setup:actpass', 'a=setup:active');
/** The user holds: every medium inactive (RFC 3264). */
const HOLD_OFFER = CHROME_OFFER.replaceAll('a=recvonly', 'a=inactive');
const CALLER_HOLD_ANSWER = HOLD_OFFER.replaceAll('a=setup:actpass', 'a=setup:passive');
const OPERATION_ID = '4c2b9a0e5f3d4e1b8a7c6d5e4f3a2b1c';
/** ICE and DTLS over loopback take well under a second; the margin is for a loaded machine. */
const MEDIA_TIMEOUT_MS = 15_000;
/** Long enough for dozens of packets: a count that stays put this long has stopped. */
const OBSERVATION_MS = 600;

const signIn = httpSessionPerTest();

/** Rings the user with the request and waits for the invitation; `answer` then accepts it with an SDP answer. */
async function ring(signedIn: HttpSession, request: PlaceCallRequest) {
  const leg = signedIn.service.placeCall(request);
  const started = await signedIn.nextEvent('the invitation', 0, (event) => event.rel === 'audioVideoInvitation' && event.type === 'started');
  const invitation = started.embedded as Resource;
  const conversationHref = invitation._links.conversation?.href ?? '';
  return {
    leg,
    invitation,
    conversationHref,
    audioVideoHref: `${conversationHref}/audioVideo`,
    sessionHref: `${conversationHref}/audioVideo/audioVideoSession`,
    answer: async (answerSdp: string) => {
      const accept = `${invitation._links.acceptWithAnswer?.href ?? ''}?sessionContext=${String(invitation.sessionContext)}`;
      await signedIn.post(accept, { sdp: answerSdp });
      expect(await leg.outcome).toEqual({ status: 'Success' });
    },
  };
}

/** A call placed by a scripted caller and answered, with the caller's side (`renegotiate` as given). */
async function connectedCall(caller: Partial<PlaceCallRequest> = {}, options: LocalServiceOptions = {}) {
  const signedIn = await signIn(options);
  const call = await ring(signedIn, scriptedCaller(caller).request);
  await call.answer(ANSWER);
  await signedIn.nextEvent('audio/video connected', 0, (event) => event.rel === 'audioVideo' && (event.embedded as Resource).state === 'Connected');
  return { ...signedIn, ...call };
}

/** What the caller does with the user's new offers: answers them when told to, recording them. */
function heldCaller() {
  const offers: string[] = [];
  const answers: Array<(sdp: string) => void> = [];
  const renegotiate = (offerSdp: string) =>
    new Promise<string>((resolve) => {
      offers.push(offerSdp);
      answers.push(resolve);
    });
  return { offers, renegotiate, answer: (sdp: string) => answers.shift()?.(sdp) };
}

const rejection = (request: Promise<unknown>) =>
  request.then(
    () => undefined,
    (error: unknown) => error,
  );
const directions = (sdp: string | undefined) => sdpTransform.parse(sdp ?? '').media.map((media) => media.direction);
const renegotiationEvent = (type: UcwaEvent['type']) => (event: UcwaEvent) => event.rel === 'audioVideoRenegotiation' && event.type === type;

describe('the audioVideoSession of a connected call', () => {
  it('is linked from audioVideo and served only while the call is connected', async () => {
    const signedIn = await signIn();
    const call = await ring(signedIn, scriptedCaller({ renegotiate: async () => ANSWER }).request);
    const ringing = await signedIn.get(call.audioVideoHref);
    expect(ringing.state).toBe('Connecting');
    expect(ringing._links.audioVideoSession).toBeUndefined();
    expect(await rejection(signedIn.get(call.sessionHref))).toMatchObject({ status: 404 });
    expect(await rejection(signedIn.post(`${call.sessionHref}/renegotiations?operationId=${OPERATION_ID}`, { sdp: HOLD_OFFER }))).toMatchObject({
      status: 409,
      code: 'Conflict',
    });

    await call.answer(ANSWER);
    const connected = await signedIn.nextEvent('audio/video connected', 0, (event) => event.rel === 'audioVideo' && event.type === 'updated');
    expect(connected.embedded).toMatchObject({ state: 'Connected', _links: { audioVideoSession: { href: call.sessionHref } } });
    expect((await signedIn.get(call.audioVideoHref))._links.audioVideoSession).toEqual({ href: call.sessionHref });
    expect(await signedIn.get(call.sessionHref)).toEqual({
      rel: 'audioVideoSession',
      state: 'Established',
      sessionContext: call.invitation.sessionContext,
      _links: {
        self: { href: call.sessionHref },
        audioVideo: { href: call.audioVideoHref },
        conversation: { href: call.conversationHref },
        renegotiations: { href: `${call.sessionHref}/renegotiations` },
      },
    });

    const mark = signedIn.events().length;
    call.leg.hangUp();
    const disconnected = await signedIn.nextEvent('audio/video disconnected', mark, (event) => event.rel === 'audioVideo');
    expect((disconnected.embedded as Resource)._links.audioVideoSession).toBeUndefined();
    expect(await rejection(signedIn.get(call.sessionHref))).toMatchObject({ status: 404 });
    expect(await rejection(signedIn.post(`${call.sessionHref}/renegotiations?operationId=${OPERATION_ID}`, { sdp: HOLD_OFFER }))).toMatchObject({
      status: 409,
      code: 'Conflict',
    });
  });
});

describe('the user’s new offer (POST renegotiations)', () => {
  it('goes to the caller, whose answer comes back in the 201 and in the completed event', async () => {
    const offers: string[] = [];
    const call = await connectedCall({
      renegotiate: async (offerSdp) => {
        offers.push(offerSdp);
        return CALLER_HOLD_ANSWER;
      },
    });
    const mark = call.events().length;
    const response = await call.post(`${call.sessionHref}/renegotiations?operationId=${OPERATION_ID}`, { sdp: HOLD_OFFER });
    expect(offers).toEqual([HOLD_OFFER]);
    expect(response.status).toBe(201);
    const href = `${call.sessionHref}/renegotiations/1`;
    expect(response.headers.get('location')).toBe(href);
    const renegotiation = response.json as Resource;
    expect(renegotiation).toEqual({
      rel: 'audioVideoRenegotiation',
      direction: 'Outgoing',
      operationId: OPERATION_ID,
      _links: {
        self: { href },
        mediaOffer: { href: expect.stringMatching(/^data:application\/sdp;base64,/) },
        mediaAnswer: { href: expect.stringMatching(/^data:application\/sdp;base64,/) },
        audioVideoSession: { href: call.sessionHref },
        conversation: { href: call.conversationHref },
      },
    });
    expect(sdpOf(renegotiation, 'mediaOffer')).toBe(HOLD_OFFER);
    expect(sdpOf(renegotiation, 'mediaAnswer')).toBe(CALLER_HOLD_ANSWER);
    const completed = await call.nextEvent('the renegotiation to complete', mark, renegotiationEvent('completed'));
    expect(completed).toEqual({
      sender: { rel: 'communication', href: expect.stringMatching(/\/communication$/) },
      rel: 'audioVideoRenegotiation',
      href,
      type: 'completed',
      status: 'Success',
      embedded: renegotiation,
    });
    expect(await call.get(href)).toEqual(renegotiation);

    // The next offer (resume) is a renegotiation of its own.
    const resumed = await call.post(`${call.sessionHref}/renegotiations?operationId=resume`, { sdp: CHROME_OFFER });
    expect(resumed.headers.get('location')).toBe(`${call.sessionHref}/renegotiations/2`);
    expect(offers).toEqual([HOLD_OFFER, CHROME_OFFER]);
  });

  it('with renegotiationAnswerInEventOnly, the answer comes with the completed event (and GET) only', async () => {
    const call = await connectedCall({ renegotiate: async () => CALLER_HOLD_ANSWER }, { renegotiationAnswerInEventOnly: true });
    const mark = call.events().length;
    const response = await call.post(`${call.sessionHref}/renegotiations?operationId=${OPERATION_ID}`, { sdp: HOLD_OFFER });
    expect(response.status).toBe(201);
    const created = response.json as Resource;
    expect(created._links.mediaAnswer).toBeUndefined();
    expect(sdpOf(created, 'mediaOffer')).toBe(HOLD_OFFER);
    const completed = await call.nextEvent('the renegotiation to complete', mark, renegotiationEvent('completed'));
    expect(completed.status).toBe('Success');
    expect(sdpOf(completed.embedded as Resource, 'mediaAnswer')).toBe(CALLER_HOLD_ANSWER);
    expect(sdpOf(await call.get(response.headers.get('location') ?? ''), 'mediaAnswer')).toBe(CALLER_HOLD_ANSWER);
  });

  it.each([
    ['cannot renegotiate at all', {}],
    ['refuses the offer', { renegotiate: () => Promise.reject(new Error('No, thanks')) }],
  ])('fails with UnsupportedMediaType when the caller %s: 201 without an answer, then completed Failure', async (_, caller: Partial<PlaceCallRequest>) => {
    const call = await connectedCall(caller);
    const mark = call.events().length;
    const response = await call.post(`${call.sessionHref}/renegotiations?operationId=${OPERATION_ID}`, { sdp: HOLD_OFFER });
    expect(response.status).toBe(201);
    const created = response.json as Resource;
    expect(created._links.mediaAnswer).toBeUndefined();
    const completed = await call.nextEvent('the renegotiation to fail', mark, renegotiationEvent('completed'));
    expect(completed).toMatchObject({
      status: 'Failure',
      reason: { code: 'RemoteFailure', subcode: 'UnsupportedMediaType', message: 'Unsupported media.' },
      embedded: created,
    });
    // The call carries on and takes the next offer.
    expect((await call.post(`${call.sessionHref}/renegotiations?operationId=again`, { sdp: HOLD_OFFER })).status).toBe(201);
  });

  it('is one at a time: 409 AlreadyExists while the caller answers, or while the caller’s own offer waits', async () => {
    const caller = heldCaller();
    const call = await connectedCall({ renegotiate: caller.renegotiate });
    const first = call.post(`${call.sessionHref}/renegotiations?operationId=first`, { sdp: HOLD_OFFER });
    await eventually('the offer at the caller', () => caller.offers.length === 1);
    expect(await rejection(call.post(`${call.sessionHref}/renegotiations?operationId=second`, { sdp: HOLD_OFFER }))).toMatchObject({
      status: 409,
      code: 'Conflict',
      subcode: 'AlreadyExists',
    });
    await expect(call.leg.renegotiate(HOLD_OFFER)).rejects.toThrow('Another renegotiation is in progress');
    caller.answer(CALLER_HOLD_ANSWER);
    expect((await first).status).toBe(201);
    expect(caller.offers).toHaveLength(1);

    const mark = call.events().length;
    const callerOffer = call.leg.renegotiate(HOLD_OFFER);
    const started = await call.nextEvent('the caller’s offer', mark, renegotiationEvent('started'));
    expect(await rejection(call.post(`${call.sessionHref}/renegotiations?operationId=third`, { sdp: CHROME_OFFER }))).toMatchObject({
      status: 409,
      subcode: 'AlreadyExists',
    });
    await call.post(`${started.href}/answer`, { sdp: ANSWER });
    expect(await callerOffer).toBe(ANSWER);
    const fourth = call.post(`${call.sessionHref}/renegotiations?operationId=fourth`, { sdp: CHROME_OFFER });
    await eventually('the next offer at the caller', () => caller.offers.length === 2);
    caller.answer(ANSWER);
    expect((await fourth).status).toBe(201);
  });

  it('is refused with 415 for a body that is no SDP and 400 for a bad operationId or a garbage offer; the service carries on', async () => {
    const call = await connectedCall({ renegotiate: async () => CALLER_HOLD_ANSWER });
    const renegotiations = `${call.sessionHref}/renegotiations`;
    const mark = call.events().length;
    const refused: Array<[string, RequestBody, object]> = [
      [`${renegotiations}?operationId=${OPERATION_ID}`, { json: { sdp: HOLD_OFFER } }, { status: 415, code: 'UnsupportedMediaType' }],
      [`${renegotiations}?operationId=${OPERATION_ID}`, { text: HOLD_OFFER, contentType: 'text/plain' }, { status: 415 }],
      [renegotiations, { sdp: HOLD_OFFER }, { status: 400, code: 'BadRequest', subcode: 'ParameterValidationFailure' }],
      [`${renegotiations}?operationId=`, { sdp: HOLD_OFFER }, { status: 400, subcode: 'ParameterValidationFailure' }],
      [`${renegotiations}?operationId=${'x'.repeat(51)}`, { sdp: HOLD_OFFER }, { status: 400, subcode: 'ParameterValidationFailure' }],
      [`${renegotiations}?operationId=${OPERATION_ID}`, { sdp: 'this is no session description' }, { status: 400, subcode: 'ParameterValidationFailure' }],
      [
        `${renegotiations}?operationId=${OPERATION_ID}`,
        { sdp: 'v=0\r\no=- 1 1 IN IP4 127.0.0.1\r\ns=-\r\nt=0 0\r\n' },
        { status: 400, subcode: 'ParameterValidationFailure' },
      ],
    ];
    for (const [href, body, error] of refused) expect(await rejection(call.post(href, body))).toMatchObject(error);
    expect(
      call
        .events()
        .slice(mark)
        .filter((event) => event.rel === 'audioVideoRenegotiation'),
    ).toEqual([]);

    const created = await call.post(`${renegotiations}?operationId=${'x'.repeat(50)}`, { sdp: HOLD_OFFER });
    expect(created.status).toBe(201);
    // An offer the user made has nothing to answer or dismiss.
    const href = created.headers.get('location') ?? '';
    expect(await rejection(call.post(`${href}/answer`, { sdp: ANSWER }))).toMatchObject({ status: 404 });
    expect(await rejection(call.get(`${renegotiations}/99`))).toMatchObject({ status: 404 });
  });

  it('gets 409 when the call ends while the caller answers', async () => {
    const caller = heldCaller();
    const call = await connectedCall({ renegotiate: caller.renegotiate });
    const pending = rejection(call.post(`${call.sessionHref}/renegotiations?operationId=${OPERATION_ID}`, { sdp: HOLD_OFFER }));
    await eventually('the offer at the caller', () => caller.offers.length === 1);
    call.leg.hangUp();
    expect(await pending).toMatchObject({ status: 409, code: 'Conflict' });
  });
});

describe('the caller’s new offer (PlacedCall.renegotiate)', () => {
  /** The caller offers; returns its promise (a rejection is handled later) and the started event. */
  async function callerOffers(call: Awaited<ReturnType<typeof connectedCall>>) {
    const mark = call.events().length;
    const outcome = call.leg.renegotiate(HOLD_OFFER);
    outcome.catch(() => undefined);
    const started = await call.nextEvent('the caller’s offer', mark, renegotiationEvent('started'));
    return { outcome, started, mark };
  }

  it('comes as a started event with the offer; the answer settles the caller’s promise and completes it', async () => {
    const call = await connectedCall();
    const { outcome, started, mark } = await callerOffers(call);
    const href = `${call.sessionHref}/renegotiations/1`;
    const renegotiation = started.embedded as Resource;
    expect(started).toMatchObject({ sender: { rel: 'communication' }, href, type: 'started' });
    expect(renegotiation).toEqual({
      rel: 'audioVideoRenegotiation',
      direction: 'Incoming',
      operationId: expect.stringMatching(/^[0-9a-f]{32}$/),
      _links: {
        self: { href },
        mediaOffer: { href: expect.stringMatching(/^data:application\/sdp;base64,/) },
        answer: { href: `${href}/answer` },
        dismiss: { href: `${href}/dismiss` },
        audioVideoSession: { href: call.sessionHref },
        conversation: { href: call.conversationHref },
      },
    });
    expect(sdpOf(renegotiation, 'mediaOffer')).toBe(HOLD_OFFER);
    expect(await call.get(href)).toEqual(renegotiation);

    const answerHref = renegotiation._links.answer?.href ?? '';
    expect(await rejection(call.post(answerHref, { text: ANSWER, contentType: 'text/plain' }))).toMatchObject({ status: 415 });
    expect(await rejection(call.post(answerHref, { sdp: 'no sdp' }))).toMatchObject({ status: 400, subcode: 'ParameterValidationFailure' });
    const answered = await call.post(answerHref, { sdp: CALLER_HOLD_ANSWER });
    expect(answered.status).toBe(204);
    expect(await outcome).toBe(CALLER_HOLD_ANSWER);

    const completed = await call.nextEvent('the renegotiation to complete', mark, renegotiationEvent('completed'));
    expect(completed).toMatchObject({ href, status: 'Success' });
    const settled = completed.embedded as Resource;
    expect(Object.keys(settled._links)).toEqual(['self', 'mediaOffer', 'mediaAnswer', 'audioVideoSession', 'conversation']);
    expect(sdpOf(settled, 'mediaAnswer')).toBe(CALLER_HOLD_ANSWER);
    expect(await call.get(href)).toEqual(settled);
    expect(await rejection(call.post(answerHref, { sdp: CALLER_HOLD_ANSWER }))).toMatchObject({ status: 409, code: 'Conflict' });
    expect(await rejection(call.post(`${href}/dismiss`, { json: { reason: 'Conflict' } }))).toMatchObject({ status: 409 });
  });

  it('dismissed by the user, rejects the caller’s promise with the reason and completes with LocalFailure/Declined', async () => {
    const call = await connectedCall();
    const { outcome, started, mark } = await callerOffers(call);
    const dismissHref = (started.embedded as Resource)._links.dismiss?.href ?? '';
    expect(await rejection(call.post(dismissHref, { json: { reason: 'NotAReason' } }))).toMatchObject({ status: 400, subcode: 'ParameterValidationFailure' });
    expect((await call.post(dismissHref, { json: { reason: 'InsufficientBandwidth' } })).status).toBe(204);
    await expect(outcome).rejects.toThrow('The user dismissed the new offer (InsufficientBandwidth)');

    const completed = await call.nextEvent('the renegotiation to fail', mark, renegotiationEvent('completed'));
    expect(completed).toMatchObject({
      href: started.href,
      status: 'Failure',
      reason: { code: 'LocalFailure', subcode: 'Declined', message: 'The renegotiation was dismissed by the local user (InsufficientBandwidth).' },
    });
    expect(Object.keys((completed.embedded as Resource)._links)).toEqual(['self', 'mediaOffer', 'audioVideoSession', 'conversation']);
    expect(await rejection(call.post(`${started.href}/answer`, { sdp: ANSWER }))).toMatchObject({ status: 409 });

    // Without a reason it is Unknown, and the next offer may come.
    const next = await callerOffers(call);
    expect((await call.post(`${next.started.href}/dismiss`)).status).toBe(204);
    await expect(next.outcome).rejects.toThrow('(Unknown)');
  });

  it('rejects before the call connects, when the call ends meanwhile, and after it ended', async () => {
    const signedIn = await signIn();
    const call = await ring(signedIn, scriptedCaller().request);
    await expect(call.leg.renegotiate(HOLD_OFFER)).rejects.toThrow('No connected audio/video call');
    await call.answer(ANSWER);
    const connected = { ...signedIn, ...call };
    const { outcome } = await callerOffers(connected);
    call.leg.hangUp();
    await expect(outcome).rejects.toThrow('The call ended');
    await expect(call.leg.renegotiate(HOLD_OFFER)).rejects.toThrow('No connected audio/video call');
  });

  it('is only for audio/video calls', async () => {
    const signedIn = await signIn();
    const leg = signedIn.service.startMessaging({ from: { name: 'Ada Lovelace', uri: 'sip:ada@contoso.com' }, message: 'Hello' });
    const started = await signedIn.nextEvent('the IM invitation', 0, (event) => event.rel === 'messagingInvitation' && event.type === 'started');
    const invitation = started.embedded as Resource;
    await signedIn.post(invitation._links.accept?.href ?? '');
    expect(await leg.outcome).toEqual({ status: 'Success' });
    await expect(leg.renegotiate(HOLD_OFFER)).rejects.toThrow('No connected audio/video call');
    const sessionHref = `${invitation._links.conversation?.href ?? ''}/audioVideo/audioVideoSession`;
    expect(await rejection(signedIn.get(sessionHref))).toMatchObject({ status: 404 });
  });
});

async function answerWith(user: UserPeer, offerSdp: string): Promise<string> {
  await user.pc.setRemoteDescription({ type: 'offer', sdp: offerSdp });
  await user.pc.setLocalDescription(await user.pc.createAnswer());
  user.signal.allow(negotiatedSending(user.pc));
  return gatheredLocalSdp(user.pc);
}

/** Waits for a count to stay put for the observation window (bounded: it must stop within the timeout). */
async function stalls(what: string, count: () => number): Promise<void> {
  const deadline = Date.now() + MEDIA_TIMEOUT_MS;
  for (;;) {
    const before = count();
    await new Promise((resolve) => setTimeout(resolve, OBSERVATION_MS));
    if (count() === before) return;
    if (Date.now() > deadline) throw new Error(`${what} did not stop`);
  }
}

async function grows(what: string, count: () => number): Promise<void> {
  const before = count();
  await eventually(what, () => count() > before + 10, MEDIA_TIMEOUT_MS);
}

describe('hold and resume with the test call’s werift peer as the caller and a werift peer as the user', () => {
  /** The test call rings, the user's peer answers it over HTTP, and RTP flows both ways. */
  async function realCall() {
    const signedIn = await signIn();
    const user = userPeer(signedIn);
    const { peer, sessionHref } = await answeredTestCall(signedIn, user, { video: true });
    await grows('the user’s RTP at the caller', () => peer.received.audio);
    await grows('the caller’s RTP at the user', () => user.received.audio);
    await grows('the caller’s video at the user', () => user.received.video);
    return { ...signedIn, peer, user, sessionHref };
  }

  type RealCall = Awaited<ReturnType<typeof realCall>>;

  /** The user's side offers anew with every transceiver so, and applies the caller's answer from the 201. */
  async function userOffers(call: RealCall, direction: 'inactive' | 'sendrecv', operationId: string): Promise<void> {
    const { pc } = call.user;
    for (const transceiver of pc.getTransceivers()) transceiver.setDirection(direction);
    await pc.setLocalDescription(await pc.createOffer());
    const response = await call.post(`${call.sessionHref}/renegotiations?operationId=${operationId}`, { sdp: await gatheredLocalSdp(pc) });
    await pc.setRemoteDescription({ type: 'answer', sdp: sdpOf(response.json as Resource, 'mediaAnswer') });
    call.user.signal.allow(negotiatedSending(pc));
  }

  /** The caller holds or resumes (`offer`); the user's side answers the started event with werift. */
  async function userAnswers(call: RealCall, offer: () => Promise<void>): Promise<void> {
    const mark = call.events().length;
    const answering = async () => {
      const started = await call.nextEvent('the caller’s offer', mark, renegotiationEvent('started'));
      const renegotiation = started.embedded as Resource;
      await call.post(renegotiation._links.answer?.href ?? '', { sdp: await answerWith(call.user, sdpOf(renegotiation, 'mediaOffer')) });
    };
    await Promise.all([offer(), answering()]);
  }

  it('the user holds (inactive): nothing flows either way until the user resumes', async () => {
    const call = await realCall();
    const { peer, user } = call;
    expect(peer.sending).toEqual({ audio: true, video: true });

    await userOffers(call, 'inactive', 'hold');
    expect(directions(peer.lastRenegotiationOffer)).toEqual(['inactive', 'inactive']);
    expect(directions(peer.lastRenegotiationAnswer)).toEqual(['inactive', 'inactive']);
    expect(peer.sending).toEqual({ audio: false, video: false });
    await stalls('the user’s RTP at the caller', () => peer.received.audio + peer.received.video);
    await stalls('the caller’s RTP at the user', () => user.received.audio + user.received.video);

    await userOffers(call, 'sendrecv', 'resume');
    expect(directions(peer.lastRenegotiationAnswer)).toEqual(['sendrecv', 'sendrecv']);
    expect(peer.sending).toEqual({ audio: true, video: true });
    await grows('the user’s RTP at the caller again', () => peer.received.audio);
    await grows('the caller’s tone at the user again', () => user.received.audio);
    await grows('the caller’s test pattern at the user again', () => user.received.video);
    expect(peer.connectionState).toBe('connected');
  });

  it('the caller holds: sendonly plays on while the user sends nothing, inactive stops both ways, resume restores both', async () => {
    const call = await realCall();
    const { peer, user } = call;

    await userAnswers(call, () => peer.hold());
    expect(user.signal.sending).toEqual({ audio: false, video: false });
    expect(peer.sending).toEqual({ audio: true, video: true });
    await stalls('the user’s RTP at the caller', () => peer.received.audio + peer.received.video);
    await grows('the caller’s music on hold at the user', () => user.received.audio);

    await userAnswers(call, () => peer.hold('inactive'));
    expect(peer.sending).toEqual({ audio: false, video: false });
    expect(user.signal.sending).toEqual({ audio: false, video: false });
    await stalls('the caller’s RTP at the user', () => user.received.audio + user.received.video);

    await userAnswers(call, () => peer.resume());
    expect(peer.sending).toEqual({ audio: true, video: true });
    expect(user.signal.sending).toEqual({ audio: true, video: true });
    await grows('the user’s RTP at the caller again', () => peer.received.audio);
    await grows('the caller’s RTP at the user again', () => user.received.audio);
    expect(peer.connectionState).toBe('connected');
  });

  it('a dismissed hold leaves the call as it was, and either side may offer again', async () => {
    const call = await realCall();
    const { peer, user } = call;
    const dismissHold = async () => {
      const mark = call.events().length;
      const holding = rejection(peer.hold('inactive'));
      const started = await call.nextEvent('the caller’s offer', mark, renegotiationEvent('started'));
      await call.post(`${started.href}/dismiss`, { json: { reason: 'Conflict' } });
      expect(await holding).toMatchObject({ message: 'The user dismissed the new offer (Conflict)' });
      expect(peer.sending).toEqual({ audio: true, video: true });
    };
    await dismissHold();
    await grows('the caller’s RTP at the user', () => user.received.audio);

    await userOffers(call, 'inactive', 'hold');
    expect(directions(peer.lastRenegotiationAnswer)).toEqual(['inactive', 'inactive']);
    await userOffers(call, 'sendrecv', 'resume');
    expect(directions(peer.lastRenegotiationAnswer)).toEqual(['sendrecv', 'sendrecv']);
    await grows('the user’s RTP at the caller', () => peer.received.audio);

    await dismissHold();
    await userAnswers(call, () => peer.hold());
    await stalls('the user’s RTP at the caller', () => peer.received.audio + peer.received.video);
    await userAnswers(call, () => peer.resume());
    await grows('the user’s RTP at the caller again', () => peer.received.audio);
  });
});
