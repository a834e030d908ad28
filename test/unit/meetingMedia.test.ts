// Audio and video in a meeting the user is in, on the local service's side: the client offers with
// addAudioVideo, the meeting's media server (a werift answerer) answers through audioVideoNegotiation, and
// RTP flows both ways over loopback. The user's side is a werift offerer made here, as the renderer would.
import sdpTransform from 'sdp-transform';
import { afterEach, describe, expect, it } from 'vitest';
import type { MeetingOptions } from '../../main/local/outgoing.js';
import { decodeDataUri, encodeBase64DataUri } from '../../main/ucwa/dataUri.js';
import { HttpError } from '../../main/ucwa/errors.js';
import type { UcwaEvent } from '../../main/ucwa/events.js';
import { eventually, signedInCalls } from '../support/localServer.js';
import { offeringPeersPerTest } from '../support/offeringPeer.js';

const MEETING = 'sip:grace@contoso.com;gruu;opaque=app:conf:focus:id:7T4LQJ2B';
const UNSUPPORTED_MEDIA = { code: 'RemoteFailure', subcode: 'UnsupportedMediaType', message: 'Unsupported media.' };
/** ICE and DTLS over loopback take well under a second; the margin is for a loaded machine. */
const MEDIA_TIMEOUT_MS = 15_000;

type Resource = { [property: string]: unknown; _links: Record<string, { href: string } | undefined> };

let session: Awaited<ReturnType<typeof signedInCalls>> | undefined;
const userPeer = offeringPeersPerTest();

afterEach(async () => {
  try {
    expect(session?.problems ?? []).toEqual([]);
  } finally {
    await session?.stop();
    session = undefined;
  }
});

/** Signs in, joins the meeting with the CallsController and finds its conversation from the events. */
async function joinMeeting(options: MeetingOptions = {}) {
  session = await signedInCalls();
  const { service, calls, client, batches } = session;
  const meeting = service.createMeeting(MEETING, { subject: 'Design review', ...options });
  const callId = await calls.joinMeeting(MEETING);
  const events = () => batches.flatMap((batch) => batch.events);
  const conversationHref = await eventually('the meeting conversation', () => events().find((event) => event.rel === 'conversation')?.href);
  const get = async (href: string) => (await client.getJson(href)).json as Resource;
  const post = (href: string, json?: unknown) => client.http.post(client.http.resolve(href, client.base), json === undefined ? {} : { body: { json } });
  const conversation = await get(conversationHref);
  const audioVideoHref = conversation._links.audioVideo?.href ?? '';
  const connected = () => eventually('joined', () => calls.snapshot().calls.find((call) => call.id === callId && call.phase === 'connected'));
  return { meeting, calls, callId, events, get, post, conversation, conversationHref, audioVideoHref, connected };
}

type InMeeting = Awaited<ReturnType<typeof joinMeeting>>;

function addAudioVideoBody(mediaOffer: string, overrides: Record<string, unknown> = {}) {
  return {
    operationId: 'c3a1e0f5d2b84f6a9e7d1c0b2a3f4e5d',
    to: MEETING,
    sessionContext: '8efd502350ff419cb615018ae561f97e',
    joinAudioMuted: false,
    joinVideoMuted: false,
    _links: { mediaOffer: { href: mediaOffer } },
    ...overrides,
  };
}

/** POSTs addAudioVideo and waits for the invitation to complete; returns the response and the events it caused (those of the meeting's chat, which the core joins meanwhile, left out). */
async function addAudioVideo(inMeeting: InMeeting, mediaOffer: string) {
  const addHref = (await inMeeting.get(inMeeting.audioVideoHref))._links.addAudioVideo?.href ?? '';
  const mark = inMeeting.events().length;
  const response = await inMeeting.post(addHref, addAudioVideoBody(mediaOffer));
  const events = await eventually('the audioVideoInvitation to complete', () => {
    const since = inMeeting
      .events()
      .slice(mark)
      .filter((event) => event.rel.startsWith('audioVideo'));
    return since.some((event) => event.rel === 'audioVideoInvitation' && event.type === 'completed') && since;
  });
  return { response, events, invitationHref: response.headers.get('location') ?? '' };
}

const rejection = (request: Promise<unknown>) =>
  request.then(
    () => undefined,
    (error: unknown) => error,
  );
const summary = (events: UcwaEvent[]) => events.map((event) => `${event.rel} ${event.type}`);

describe('audio and video in a meeting (addAudioVideo)', () => {
  it('the meeting answers the user’s offer, RTP flows both ways, and stopAudioVideo ends it', async () => {
    const inMeeting = await joinMeeting();
    await inMeeting.connected();
    const { meeting, conversationHref, audioVideoHref } = inMeeting;
    expect(audioVideoHref).toBe(`${conversationHref}/audioVideo`);
    const before = await inMeeting.get(audioVideoHref);
    expect(before).toMatchObject({ rel: 'audioVideo', state: 'Disconnected' });
    expect(before._links.addAudioVideo?.href).toBe(`${audioVideoHref}/addAudioVideo`);
    expect(before._links.stopAudioVideo).toBeUndefined();
    expect(meeting.media).toBeUndefined();

    const user = await userPeer();
    const { response, events, invitationHref } = await addAudioVideo(inMeeting, encodeBase64DataUri('application/sdp', user.offerSdp));
    expect(response.status).toBe(201);
    expect(invitationHref).toMatch(/\/communication\/invitations\/\d+$/);
    expect(response.json).toEqual({
      rel: 'audioVideoInvitation',
      direction: 'Outgoing',
      importance: 'Normal',
      operationId: 'c3a1e0f5d2b84f6a9e7d1c0b2a3f4e5d',
      state: 'Connecting',
      subject: 'Design review',
      threadId: inMeeting.conversation.threadId,
      to: MEETING,
      _links: {
        self: { href: invitationHref },
        conversation: { href: conversationHref },
        audioVideo: { href: audioVideoHref },
        from: { href: `${conversationHref}/participants/me` },
        cancel: { href: `${invitationHref}/cancel` },
      },
    });

    expect(summary(events)).toEqual([
      'audioVideoInvitation started',
      'audioVideoNegotiation updated',
      'audioVideo updated',
      'audioVideoInvitation updated',
      'audioVideoInvitation completed',
    ]);
    const [started, negotiated, audioVideo, updated, completed] = events;
    expect(started).toMatchObject({ sender: { rel: 'communication' }, href: invitationHref, embedded: response.json });
    expect(negotiated).toMatchObject({ sender: { rel: 'audioVideoInvitation', href: invitationHref }, href: `${invitationHref}/audioVideoNegotiation` });
    expect(audioVideo).toMatchObject({ sender: { rel: 'conversation', href: conversationHref }, href: audioVideoHref, embedded: { state: 'Connected' } });
    expect((audioVideo?.embedded as Resource)._links).toEqual({
      self: { href: audioVideoHref },
      conversation: { href: conversationHref },
      stopAudioVideo: { href: `${audioVideoHref}/stopAudioVideo` },
    });
    expect(updated).toMatchObject({ href: invitationHref, embedded: { state: 'Connected' } });
    expect((updated?.embedded as Resource)._links.cancel).toBeUndefined();
    expect(completed).toMatchObject({ href: invitationHref, status: 'Success' });

    const negotiation = negotiated?.embedded as Resource;
    expect(negotiation).toMatchObject({
      rel: 'audioVideoNegotiation',
      sessionContext: '8efd502350ff419cb615018ae561f97e',
      _links: {
        self: { href: `${invitationHref}/audioVideoNegotiation` },
        audioVideoInvitation: { href: invitationHref },
        audioVideoSession: { href: `${audioVideoHref}/audioVideoSession` },
      },
    });
    expect(await inMeeting.get(`${invitationHref}/audioVideoNegotiation`)).toEqual(negotiation);
    const answer = decodeDataUri(negotiation._links.mediaAnswer?.href ?? '', 'mediaAnswer');
    expect(answer.mediaType).toBe('application/sdp');
    const answerMedia = sdpTransform.parse(answer.text).media;
    expect(answerMedia.map((media) => [media.type, media.direction, media.rtp.map((rtp) => rtp.codec)])).toEqual([
      // telephone-event too: the meeting reads dial tones (a conference PIN) as the callees do.
      ['audio', 'sendrecv', ['PCMU', 'telephone-event']],
      ['video', 'sendrecv', ['VP8']],
    ]);
    const candidates = answerMedia.flatMap((media) => media.candidates ?? []);
    expect(candidates.length).toBeGreaterThan(0);
    expect(candidates.every((candidate) => candidate.ip === '127.0.0.1')).toBe(true);

    await user.pc.setRemoteDescription({ type: 'answer', sdp: answer.text });
    const media = await eventually('the meeting’s media', () => meeting.media);
    expect(media).toMatchObject({ offerSdp: user.offerSdp, answerSdp: answer.text });
    await eventually('the user’s RTP to reach the meeting', () => media.received.audio > 0 && media.received.video > 0, MEDIA_TIMEOUT_MS);
    await eventually('the meeting’s tone and test pattern to reach the user', () => user.received.audio > 0 && user.received.video > 0, MEDIA_TIMEOUT_MS);
    expect(media.connectionState).toBe('connected');
    expect(media.sent.audio).toBeGreaterThan(0);
    expect(media.sent.video).toBeGreaterThan(0);
    expect(await inMeeting.get(audioVideoHref)).toMatchObject({ state: 'Connected' });
    const lateCancel = await rejection(inMeeting.post(`${invitationHref}/cancel`));
    expect(lateCancel).toMatchObject({ status: 409, code: 'Conflict' });

    const mark = inMeeting.events().length;
    const stopped = await inMeeting.post(`${audioVideoHref}/stopAudioVideo`);
    expect(stopped.status).toBe(204);
    const disconnected = await eventually('audioVideo Disconnected', () =>
      inMeeting
        .events()
        .slice(mark)
        .find((event) => event.rel === 'audioVideo'),
    );
    expect(disconnected).toMatchObject({ type: 'updated', sender: { rel: 'conversation', href: conversationHref }, embedded: { state: 'Disconnected' } });
    expect((disconnected.embedded as Resource)._links.addAudioVideo?.href).toBe(`${audioVideoHref}/addAudioVideo`);
    expect(meeting.media).toBeUndefined();
    await eventually('the meeting’s peer to close', () => media.connectionState === 'closed');
    expect(await inMeeting.get(audioVideoHref)).toMatchObject({
      state: 'Disconnected',
      _links: { addAudioVideo: { href: `${audioVideoHref}/addAudioVideo` } },
    });
    expect(await rejection(inMeeting.post(`${audioVideoHref}/stopAudioVideo`))).toMatchObject({ status: 409 });
  });

  it('is refused with 409 before the organiser admits the user, and while audio/video is there', async () => {
    const inMeeting = await joinMeeting({ lobby: true });
    const addHref = `${inMeeting.audioVideoHref}/addAudioVideo`;
    const inLobby = await inMeeting.get(inMeeting.audioVideoHref);
    expect(inLobby).toMatchObject({ state: 'Disconnected' });
    expect(inLobby._links.addAudioVideo).toBeUndefined();
    const user = await userPeer();
    const offer = encodeBase64DataUri('application/sdp', user.offerSdp);
    expect(await rejection(inMeeting.post(addHref, addAudioVideoBody(offer)))).toMatchObject({ status: 409, code: 'Conflict' });

    inMeeting.meeting.admitAll();
    await inMeeting.connected();
    const first = await inMeeting.post(addHref, addAudioVideoBody(offer));
    expect(first.status).toBe(201);
    expect(await rejection(inMeeting.post(addHref, addAudioVideoBody(offer)))).toMatchObject({ status: 409, code: 'Conflict' });
    await eventually('audio/video connected', () => inMeeting.meeting.media);
    expect(await rejection(inMeeting.post(addHref, addAudioVideoBody(offer)))).toMatchObject({ status: 409, code: 'Conflict' });
  });

  it('is refused with 400 ParameterValidationFailure for a missing or garbage offer and a wrong `to`', async () => {
    const inMeeting = await joinMeeting();
    await inMeeting.connected();
    const addHref = `${inMeeting.audioVideoHref}/addAudioVideo`;
    const user = await userPeer();
    const offer = encodeBase64DataUri('application/sdp', user.offerSdp);
    const mark = inMeeting.events().length;
    const refused = [
      addAudioVideoBody(encodeBase64DataUri('application/sdp', 'this is no session description')),
      addAudioVideoBody(encodeBase64DataUri('application/sdp', 'v=0\r\no=- 1 1 IN IP4 127.0.0.1\r\ns=-\r\nt=0 0\r\n')),
      addAudioVideoBody(encodeBase64DataUri('text/plain', user.offerSdp)),
      addAudioVideoBody('data:application/sdp;base64,%%%'),
      { ...addAudioVideoBody(offer), _links: {} },
      addAudioVideoBody(offer, { to: 'sip:ada@contoso.com' }),
      addAudioVideoBody(offer, { to: undefined }),
      addAudioVideoBody(offer, { operationId: 'x'.repeat(51) }),
    ];
    for (const body of refused) {
      const error = await rejection(inMeeting.post(addHref, body));
      expect(error).toBeInstanceOf(HttpError);
      expect(error).toMatchObject({ status: 400, code: 'BadRequest', subcode: 'ParameterValidationFailure' });
    }
    expect(
      inMeeting
        .events()
        .slice(mark)
        .filter((event) => event.rel.startsWith('audioVideo')),
    ).toEqual([]);
    expect(await inMeeting.get(inMeeting.audioVideoHref)).toMatchObject({ state: 'Disconnected', _links: { addAudioVideo: { href: addHref } } });
  });

  it('fails with UnsupportedMediaType when the offer has no codec the meeting speaks (URL-encoded offer)', async () => {
    const inMeeting = await joinMeeting();
    await inMeeting.connected();
    const user = await userPeer({ video: false });
    const session = sdpTransform.parse(user.offerSdp);
    for (const media of session.media) {
      media.rtp = [{ payload: 101, codec: 'X-UNKNOWN', rate: 16000 }];
      media.payloads = '101';
      media.fmtp = [];
      media.rtcpFb = [];
    }
    const unknownCodecOffer = sdpTransform.write(session);
    const { response, events, invitationHref } = await addAudioVideo(inMeeting, `data:application/sdp,${encodeURIComponent(unknownCodecOffer)}`);
    expect(response.status).toBe(201);
    expect(summary(events)).toEqual(['audioVideoInvitation started', 'audioVideoInvitation completed']);
    expect(events[1]).toMatchObject({ href: invitationHref, status: 'Failure', reason: UNSUPPORTED_MEDIA });
    expect(inMeeting.meeting.media).toBeUndefined();
    expect(await rejection(inMeeting.get(`${invitationHref}/audioVideoNegotiation`))).toMatchObject({ status: 404 });
    expect(await inMeeting.get(inMeeting.audioVideoHref)).toMatchObject({
      state: 'Disconnected',
      _links: { addAudioVideo: { href: `${inMeeting.audioVideoHref}/addAudioVideo` } },
    });
  });

  it.each([
    ['leaving the meeting', (inMeeting: InMeeting) => inMeeting.calls.leave(inMeeting.callId)],
    ['the application going away', () => session?.service.expireApplications()],
    ['the server tearing conversations down after long inactivity', () => session?.service.resumeAfterInactivity()],
  ])('%s closes the meeting’s media peer', async (_, end) => {
    const inMeeting = await joinMeeting();
    await inMeeting.connected();
    const user = await userPeer();
    const { events } = await addAudioVideo(inMeeting, encodeBase64DataUri('application/sdp', user.offerSdp));
    expect(events.at(-1)).toMatchObject({ status: 'Success' });
    const media = await eventually('the meeting’s media', () => inMeeting.meeting.media);
    await end(inMeeting);
    expect(inMeeting.meeting.media).toBeUndefined();
    await eventually('the meeting’s peer to close', () => media.connectionState === 'closed');
  });

  it('stopping the service closes the meeting’s media peer before it returns', async () => {
    const inMeeting = await joinMeeting();
    await inMeeting.connected();
    const user = await userPeer();
    await addAudioVideo(inMeeting, encodeBase64DataUri('application/sdp', user.offerSdp));
    await user.pc.setRemoteDescription({ type: 'answer', sdp: (await eventually('the meeting’s media', () => inMeeting.meeting.media)).answerSdp });
    const media = await eventually(
      'connected media',
      () => inMeeting.meeting.media?.connectionState === 'connected' && inMeeting.meeting.media,
      MEDIA_TIMEOUT_MS,
    );
    const stopping = session;
    session = undefined;
    expect(stopping?.problems).toEqual([]);
    await stopping?.stop();
    expect(media.connectionState).toBe('closed');
  });
});
