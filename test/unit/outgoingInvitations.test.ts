import sdpTransform from 'sdp-transform';
import { describe, expect, it } from 'vitest';
import { UnavailableActionError } from '../../main/calls/errors.js';
import type { CallsOptions } from '../../main/calls/controller.js';
import type { LocalServiceOptions } from '../../main/local/service.js';
import { HttpError } from '../../main/ucwa/errors.js';
import { CHROME_OFFER, eventually, scriptedCaller, signInPerTest } from '../support/localServer.js';

const ANSWER = CHROME_OFFER.replace('a=setup:actpass', 'a=setup:active');
const MEETING = 'sip:grace@contoso.com;gruu;opaque=app:conf:focus:id:7T4LQJ2B';
const ADA = { name: 'Ada Lovelace', uri: 'sip:ada@contoso.com' };
const UNMUTED = { audioMuted: false, videoMuted: false };

const signInWith = signInPerTest();
const signIn = (options: LocalServiceOptions = {}, callsOptions: Partial<CallsOptions> = {}) => signInWith({ service: options, calls: callsOptions });

describe('joining a meeting (joinOnlineMeeting)', () => {
  it('without a lobby the join (here from a meeting link) connects; leaving ends it', async () => {
    const { service, calls, ended } = await signIn();
    service.createMeeting(MEETING, { subject: 'Design review' });
    const id = await calls.joinMeeting('https://meet.contoso.com/grace/7T4LQJ2B');
    const joined = await eventually('joined', () => calls.snapshot().calls.find((c) => c.id === id && c.phase === 'connected'));
    expect(joined).toMatchObject({ kind: 'onlineMeeting', direction: 'Outgoing', meetingUri: MEETING, subject: 'Design review', inLobby: false });
    expect(joined.actions).toEqual(['leave']);
    await calls.leave(id);
    expect(ended[0]).toMatchObject({ id, end: { outcome: 'left', message: 'You left the meeting.' } });
  });

  it('waits in the lobby (Connecting, conversation InLobby) and connects when admitted', async () => {
    const { service, calls } = await signIn();
    const meeting = service.createMeeting(MEETING, { lobby: true });
    const id = await calls.joinMeeting(MEETING, 'Quarterly plan');
    const waiting = await eventually('in the lobby', () => calls.snapshot().calls.find((c) => c.id === id && c.inLobby));
    expect(waiting).toMatchObject({ phase: 'connecting', actions: ['cancel'] });
    expect(meeting.waiting).toBe(1);
    meeting.admitAll();
    const admitted = await eventually('admitted', () => calls.snapshot().calls.find((c) => c.id === id && c.phase === 'connected'));
    expect(admitted.inLobby).toBe(false);
    expect(meeting.waiting).toBe(0);
  });

  it('fails with the reason when the organiser denies entry', async () => {
    const { service, calls, ended } = await signIn();
    const meeting = service.createMeeting(MEETING, { lobby: true });
    const id = await calls.joinMeeting(MEETING);
    await eventually('in the lobby', () => calls.snapshot().calls.find((c) => c.inLobby));
    meeting.denyAll();
    const denied = await eventually('denied', () => ended.find((c) => c.id === id));
    expect(denied.end).toMatchObject({ outcome: 'failed', code: 'Forbidden', subcode: 'Denied', message: 'The organiser did not let you into the meeting.' });
  });

  it('leaving the lobby cancels the invitation on the server', async () => {
    const { service, calls, ended } = await signIn();
    const meeting = service.createMeeting(MEETING, { lobby: true });
    const id = await calls.joinMeeting(MEETING);
    await eventually('in the lobby', () => calls.snapshot().calls.find((c) => c.inLobby));
    await calls.cancel(id);
    expect(meeting.waiting).toBe(0);
    expect(ended[0]).toMatchObject({ id, end: { outcome: 'cancelled' } });
  });

  it('someone can be added to a joined meeting', async () => {
    const { service, calls, ended } = await signIn();
    service.createMeeting(MEETING);
    service.addPerson(ADA, 'accept');
    const meetingId = await calls.joinMeeting(MEETING);
    await eventually('joined', () => calls.snapshot().calls.find((c) => c.id === meetingId && c.phase === 'connected'));
    const id = await calls.addParticipant(meetingId, ADA.uri);
    const added = await eventually('the participant to join', () => ended.find((c) => c.id === id));
    expect(added.end).toMatchObject({ outcome: 'joined' });
  });

  it('an unknown meeting is refused synchronously with 404 DestinationNotFound; an oversize subject with 400', async () => {
    const { service, calls } = await signIn();
    await expect(calls.joinMeeting('sip:nobody@contoso.com;gruu;opaque=app:conf:focus:id:NOPE')).rejects.toMatchObject({
      name: 'HttpError',
      status: 404,
      subcode: 'DestinationNotFound',
    });
    service.createMeeting(MEETING);
    const refused = await calls.joinMeeting(MEETING, 'x'.repeat(251)).catch((error: unknown) => error);
    expect(refused).toBeInstanceOf(HttpError);
    expect(refused).toMatchObject({ status: 400, subcode: 'ParameterValidationFailure' });
    expect(calls.snapshot().calls).toEqual([]);
  });
});

describe('audio and video in a meeting (addAudioVideo)', () => {
  async function inMeeting() {
    const signedIn = await signIn();
    const meeting = signedIn.service.createMeeting(MEETING, { subject: 'Design review' });
    const id = await signedIn.calls.joinMeeting(MEETING);
    await eventually('joined', () => signedIn.calls.snapshot().calls.find((c) => c.id === id && c.phase === 'connected'));
    return { ...signedIn, meeting, id };
  }
  const mediaOf = (calls: Awaited<ReturnType<typeof signIn>>['calls'], id: string) => calls.snapshot().calls.find((c) => c.id === id)?.meetingMedia;

  it('offers the client’s SDP; the meeting’s answer comes back and the media connects; the meeting stays when it stops', async () => {
    const { calls, id, client, batches } = await inMeeting();
    await calls.addMeetingMedia(id, CHROME_OFFER, UNMUTED);
    const connected = await eventually('the meeting’s media', () => (mediaOf(calls, id)?.phase === 'connected' ? mediaOf(calls, id) : undefined));
    expect(sdpTransform.parse(connected.answerSdp ?? '').media.map((m) => m.type)).toEqual(['video', 'audio', 'application']);
    expect(connected.connectedAt).toBeTypeOf('number');
    await expect(calls.addMeetingMedia(id, CHROME_OFFER, UNMUTED)).rejects.toThrow(UnavailableActionError);

    // The meeting's audio and video stop (stopAudioVideo, here posted past the controller): the meeting goes on.
    const audioVideoHref = batches.flatMap((batch) => batch.events).find((event) => event.rel === 'audioVideo')?.href ?? '';
    const audioVideo = (await client.getJson(audioVideoHref)).json as { _links: { stopAudioVideo: { href: string } } };
    await client.post(audioVideo._links.stopAudioVideo.href, client.base);
    const ended = await eventually('the media to end', () => (mediaOf(calls, id)?.phase === 'ended' ? mediaOf(calls, id) : undefined));
    expect(ended).toEqual({ phase: 'ended', connectedAt: connected.connectedAt, problem: 'The meeting’s audio and video ended.' });
    expect(calls.snapshot().calls.find((c) => c.id === id)?.phase).toBe('connected');
  });

  it('says whether the person joins with the microphone muted and the camera off (joinAudioMuted, joinVideoMuted)', async () => {
    const { calls, id, meeting } = await inMeeting();
    await calls.addMeetingMedia(id, CHROME_OFFER, { audioMuted: true, videoMuted: false });
    await eventually('the meeting’s media', () => mediaOf(calls, id)?.phase === 'connected');
    expect(meeting.mediaJoins).toEqual([{ joinAudioMuted: true, joinVideoMuted: false }]);
  });

  it('an offer the meeting cannot answer ends the media with the reason; the meeting goes on and takes another offer', async () => {
    const { calls, id } = await inMeeting();
    const offer = sdpTransform.parse(CHROME_OFFER);
    offer.media = offer.media.filter((media) => media.type !== 'application');
    for (const media of offer.media) Object.assign(media, { rtp: [{ payload: 101, codec: 'X-UNKNOWN', rate: 16000 }], payloads: '101', fmtp: [], rtcpFb: [] });
    await calls.addMeetingMedia(id, sdpTransform.write(offer), UNMUTED);
    const failed = await eventually('the media to fail', () => (mediaOf(calls, id)?.phase === 'ended' ? mediaOf(calls, id) : undefined));
    expect(failed.problem).toBe('The other side does not support this kind of media.');
    expect(failed.answerSdp).toBeUndefined();
    await calls.addMeetingMedia(id, CHROME_OFFER, UNMUTED);
    await eventually('the second offer to connect', () => mediaOf(calls, id)?.phase === 'connected');
  });

  it('is refused before the meeting has let the user in', async () => {
    const { service, calls } = await signIn();
    service.createMeeting(MEETING, { lobby: true });
    const id = await calls.joinMeeting(MEETING);
    await eventually('in the lobby', () => calls.snapshot().calls.find((c) => c.inLobby));
    await expect(calls.addMeetingMedia(id, CHROME_OFFER, UNMUTED)).rejects.toThrow(UnavailableActionError);
  });
});

describe('adding a participant to a call (addParticipant)', () => {
  async function connectedCall(options: LocalServiceOptions = {}, callsOptions: Partial<CallsOptions> = {}) {
    const signedIn = await signIn(options, callsOptions);
    const { service, calls } = signedIn;
    const leg = service.placeCall(scriptedCaller().request);
    const ringing = await eventually('ringing', () => calls.snapshot().calls.find((c) => c.phase === 'ringing'));
    await calls.answer(ringing.id, ANSWER);
    await leg.outcome;
    await eventually('connected', () => calls.snapshot().calls.find((c) => c.phase === 'connected'));
    return { ...signedIn, callId: ringing.id };
  }

  const outcomeOf = ({ ended }: Awaited<ReturnType<typeof signIn>>, id: string) =>
    eventually('the participant invitation to end', () => ended.find((c) => c.id === id), 3000);

  it('succeeds once the invitee is in the roster', async () => {
    const signedIn = await connectedCall();
    const { service, calls, callId } = signedIn;
    service.addPerson(ADA, 'accept');
    const id = await calls.addParticipant(callId, ADA.uri);
    expect((await outcomeOf(signedIn, id)).end).toMatchObject({ outcome: 'joined', message: 'ada@contoso.com joined.' });
    // The call it was added to carries the outcome, for the view that added them (the ended invitation is in no list).
    expect(calls.snapshot().calls.find((c) => c.id === callId)).toMatchObject({
      phase: 'connected',
      addedOutcomes: [{ id, startedAt: expect.any(Number), message: 'ada@contoso.com joined.' }],
    });
  });

  it('fails with the invitee’s decline', async () => {
    const signedIn = await connectedCall();
    const { service, calls, callId } = signedIn;
    service.addPerson(ADA, 'decline');
    const id = await calls.addParticipant(callId, ADA.uri);
    expect((await outcomeOf(signedIn, id)).end).toMatchObject({ outcome: 'failed', subcode: 'Declined', message: 'The other person declined the call.' });
  });

  it('fails when the invitee does not respond within the server’s timeout', async () => {
    const signedIn = await connectedCall({ ringTimeoutMs: 300 });
    const { service, calls, callId } = signedIn;
    service.addPerson(ADA, 'ignore');
    const id = await calls.addParticipant(callId, ADA.uri);
    expect((await outcomeOf(signedIn, id)).end).toMatchObject({ outcome: 'failed', code: 'RemoteFailure', subcode: 'Timeout' });
  });

  it('gives up itself, and cancels on the server, when the server never reports an outcome', async () => {
    const signedIn = await connectedCall({}, { outgoingTimeoutMs: 300 });
    const { service, calls, callId, batches } = signedIn;
    service.addPerson(ADA, 'silent');
    const id = await calls.addParticipant(callId, ADA.uri);
    expect((await outcomeOf(signedIn, id)).end).toMatchObject({
      outcome: 'failed',
      code: 'LocalFailure',
      subcode: 'Timeout',
      message: 'Nobody answered in time.',
    });
    const cancelledOnServer = await eventually('the server to report the cancel', () =>
      batches.flatMap((batch) => batch.events).find((event) => event.rel === 'participantInvitation' && event.type === 'completed'),
    );
    expect(cancelledOnServer.reason).toMatchObject({ code: 'LocalFailure', subcode: 'Canceled' });
  });

  it('fails with DestinationNotFound for an address nobody has', async () => {
    const signedIn = await connectedCall();
    const { calls, callId } = signedIn;
    const id = await calls.addParticipant(callId, 'sip:nobody@contoso.com');
    expect((await outcomeOf(signedIn, id)).end).toMatchObject({ outcome: 'failed', code: 'NotFound', subcode: 'DestinationNotFound' });
  });

  it('is not offered while the call still rings', async () => {
    const { service, calls } = await signIn();
    service.placeCall(scriptedCaller().request);
    const ringing = await eventually('ringing', () => calls.snapshot().calls.find((c) => c.phase === 'ringing'));
    await expect(calls.addParticipant(ringing.id, ADA.uri)).rejects.toBeInstanceOf(UnavailableActionError);
  });
});
