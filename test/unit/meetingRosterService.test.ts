// The local service's meeting roster as conversation_ref, participant_ref, participantAudio_ref and the
// pages of their links document it: the conversation's participants, leaders, attendees, lobby and
// localParticipant; participant events from the conversation as scripted people join, wait in the lobby,
// speak, mute and leave; leader links only when the user leads the meeting, each action recorded.
import { describe, expect, it } from 'vitest';
import { RECORDS_KEPT } from '../../main/local/keepNewest.js';
import { HttpError } from '../../main/ucwa/errors.js';
import { newId } from '../../main/ucwa/ids.js';
import { httpSessionPerTest, type HttpSession, type Resource } from '../support/httpSession.js';

const signIn = httpSessionPerTest();
const MEETING = 'sip:grace@contoso.com;gruu;opaque=app:conf:focus:id:7T4LQJ2B';
const ADA = { name: 'Ada Lovelace', uri: 'sip:ada@contoso.com' };
const ALAN = { name: 'Alan Turing', uri: 'sip:alan@contoso.com' };
const KATHERINE = { name: 'Katherine Johnson', uri: 'sip:katherine@contoso.com' };

const status = (promise: Promise<unknown>) =>
  promise.then(
    () => 204,
    (error: unknown) => (error instanceof HttpError ? error.status : error),
  );

/** Joins the meeting and returns its conversation once connected. */
async function joined(session: HttpSession): Promise<Resource> {
  const href = session.client.communication.get('joinOnlineMeeting') ?? 'no joinOnlineMeeting';
  await session.post(href, { json: { onlineMeetingUri: MEETING, operationId: newId() } });
  const event = await session.nextEvent('the meeting conversation', 0, (e) => e.rel === 'conversation' && JSON.stringify(e.embedded).includes('Conferenced'));
  return session.get(event.href);
}

const embeddedNames = (collection: Resource) =>
  ((collection._embedded as { participant: Array<{ name: string }> } | undefined)?.participant ?? []).map((p) => p.name);

describe('the local meeting roster', () => {
  it('links participants, leaders, attendees, lobby and localParticipant, and sends participant events as people come, speak and go', async () => {
    const session = await signIn();
    const meeting = session.service.createMeeting(MEETING);
    meeting.roster.arrive(ADA, { leader: true });
    const conversation = await joined(session);
    for (const rel of ['participants', 'leaders', 'attendees', 'lobby', 'localParticipant']) expect(conversation._links[rel]).toBeDefined();
    // An attendee sees no leader links.
    expect(conversation._links.enableAudienceMuteLock).toBeUndefined();
    expect(embeddedNames(await session.get(conversation._links.participants!.href))).toEqual(['Ada Lovelace']);
    expect(embeddedNames(await session.get(conversation._links.leaders!.href))).toEqual(['Ada Lovelace']);
    expect(await session.get(conversation._links.localParticipant!.href)).toMatchObject({ rel: 'participant', local: true, role: 'Attendee', name: 'You' });

    const mark = session.events().length;
    meeting.roster.arrive(ALAN);
    const added = await session.nextEvent('Alan added', mark, (e) => e.rel === 'participant' && e.type === 'added');
    expect(added).toMatchObject({
      sender: { rel: 'conversation', href: expect.stringContaining('/conversations/') },
      embedded: { name: 'Alan Turing', role: 'Attendee' },
    });
    const alan = added.embedded as Resource;
    expect(Object.keys(alan._links)).not.toContain('eject');
    const audio = await session.get(alan._links.participantAudio!.href);
    expect(audio).toMatchObject({ rel: 'participantAudio', audioMuted: false });
    expect(audio._links.muteAudio).toBeUndefined();

    meeting.roster.speak(ALAN.uri, true);
    const speaking = await session.nextEvent('Alan speaks', mark, (e) => e.rel === 'participantAudio' && e.type === 'updated');
    expect(speaking.embedded).toMatchObject({ isSpeaking: true, audioMuted: false });
    meeting.roster.leave(ALAN.uri);
    await session.nextEvent('Alan left', mark, (e) => e.rel === 'participant' && e.type === 'deleted' && e.href === alan._links.self!.href);
    expect(await status(session.post(`${alan._links.self!.href}/eject`))).toBe(404);
  });

  it('gives a leading user the lobby’s admit and reject, eject, promote, muteAudio and the audience lock, and records each', async () => {
    const session = await signIn();
    const meeting = session.service.createMeeting(MEETING, { organizer: true });
    const conversation = await joined(session);
    expect(conversation._links.enableAudienceMuteLock).toBeDefined();
    meeting.roster.arrive(ADA, { lobby: true });
    meeting.roster.arrive(ALAN, { lobby: true });
    meeting.roster.arrive(KATHERINE);
    const lobby = await session.get(conversation._links.lobby!.href);
    const [ada, alan] = (lobby._embedded as { participant: Resource[] }).participant;
    expect(Object.keys(ada!._links)).toEqual(expect.arrayContaining(['admit', 'reject']));
    await session.post(ada!._links.admit!.href);
    await session.post(alan!._links.reject!.href);
    expect(embeddedNames(await session.get(conversation._links.participants!.href))).toEqual(['Ada Lovelace', 'Katherine Johnson']);
    expect(embeddedNames(await session.get(conversation._links.lobby!.href))).toEqual([]);

    const katherine = (await session.get(conversation._links.participants!.href))._embedded as { participant: Resource[] };
    const k = katherine.participant[1]!;
    const kAudio = await session.get(k._links.participantAudio!.href);
    await session.post(kAudio._links.muteAudio!.href);
    expect(await status(session.post(kAudio._links.muteAudio!.href))).toBe(409);
    await session.post(k._links.promote!.href);
    await session.post(conversation._links.enableAudienceMuteLock!.href);
    await session.post(k._links.eject!.href);
    expect(meeting.roster.actions).toEqual([
      { action: 'admit', uri: ADA.uri },
      { action: 'reject', uri: ALAN.uri },
      { action: 'muteAudio', uri: KATHERINE.uri },
      { action: 'promote', uri: KATHERINE.uri },
      { action: 'enableAudienceMuteLock' },
      { action: 'eject', uri: KATHERINE.uri },
    ]);
    expect(meeting.roster.people.map((p) => [p.person.name, p.audioMuted])).toEqual([['Ada Lovelace', true]]);
  });

  it('mutes the user from the meeting: localParticipant’s audio says so, and the user may unmute unless the audience is locked', async () => {
    const session = await signIn();
    const meeting = session.service.createMeeting(MEETING);
    const conversation = await joined(session);
    const mark = session.events().length;
    meeting.roster.muteYou();
    const muted = await session.nextEvent('the user muted', mark, (e) => e.rel === 'participantAudio' && e.in?.rel === 'localParticipant');
    expect(muted.embedded).toMatchObject({ audioMuted: true });
    const audio = muted.embedded as Resource;
    expect(
      await status(session.post(`${conversation._links.enableAudienceMuteLock?.href ?? `${conversation._links.self!.href}/enableAudienceMuteLock`}`)),
    ).toBe(403);
    await session.post(audio._links.unmuteAudio!.href);
    expect(await session.get(audio._links.self!.href)).toMatchObject({ audioMuted: false });
  });

  it('keeps the newest RECORDS_KEPT leader actions, and forgets a Meet now meeting once nobody is in it', async () => {
    const session = await signIn();
    const meeting = session.service.createMeeting(MEETING, { organizer: true });
    const conversation = await joined(session);
    for (let n = 0; n < RECORDS_KEPT / 2 + 10; n++) {
      await session.post(`${conversation._links.self!.href}/enableAudienceMuteLock`);
      await session.post(`${conversation._links.self!.href}/disableAudienceMuteLock`);
    }
    expect(meeting.roster.actions).toHaveLength(RECORDS_KEPT);

    const start = session.client.communication.get('startOnlineMeeting') ?? 'no startOnlineMeeting';
    const mark = session.events().length;
    await session.post(start, { json: { operationId: newId() } });
    const started = await session.nextEvent(
      'the Meet now conversation',
      mark,
      (e) => e.rel === 'conversation' && JSON.stringify(e.embedded).includes('Conferenced'),
    );
    const uri = session.service.meetingsStarted().at(-1)!.uri;
    await session.remove(started.href);
    const join = session.client.communication.get('joinOnlineMeeting') ?? 'no joinOnlineMeeting';
    expect(await status(session.post(join, { json: { onlineMeetingUri: uri, operationId: newId() } }))).toBe(404);
  });
});
