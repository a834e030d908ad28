// The roster in the core: read when the meeting connects, live from participant and participantAudio
// events, sorted speakers and leaders first, leader actions through the links the server gave (none for an
// attendee), the person muted by the meeting, and speaking changes coalesced into few snapshots.
import { afterEach, describe, expect, it } from 'vitest';
import { MAX_ROSTER_SHOWN, type AppSnapshot, type MeetingRoster } from '../../preload/shared/contract.js';
import type { MeetingOptions } from '../../main/local/outgoing.js';
import { joinedMeeting, type JoinedMeetingSetup } from '../support/joinedMeeting.js';
import { eventually } from '../support/localServer.js';

const MEETING = 'sip:grace@contoso.com;gruu;opaque=app:conf:focus:id:7T4LQJ2B';
const ADA = { name: 'Ada Lovelace', uri: 'sip:ada@contoso.com' };
const ALAN = { name: 'Alan Turing', uri: 'sip:alan@contoso.com' };
const GRACE = { name: 'Grace Hopper', uri: 'sip:grace@contoso.com' };
const KATHERINE = { name: 'Katherine Johnson', uri: 'sip:katherine@contoso.com' };

const stops: Array<() => Promise<void>> = [];
afterEach(async () => {
  for (const stop of stops.splice(0).reverse()) await stop();
});

/** The design review with Katherine and Ada (a leader) in it, joined. */
const inMeeting = (options: MeetingOptions = {}, setup: Omit<JoinedMeetingSetup, 'uri' | 'options' | 'people'> = {}) =>
  joinedMeeting(stops, { uri: MEETING, options: { subject: 'Design review', ...options }, people: [KATHERINE, { ...ADA, how: { leader: true } }], ...setup });

const names = (roster: MeetingRoster | undefined) => roster?.participants.map((p) => p.name);

describe('the meeting roster in the core', () => {
  it('is read when the meeting connects, leaders first, and follows people joining and leaving; an attendee gets no actions', async () => {
    const { meeting, rosterOf, problems } = await inMeeting();
    expect(rosterOf()).toMatchObject({ count: 2, audienceMuteLock: { canChange: false }, you: { mutedByMeeting: false } });
    expect(names(rosterOf())).toEqual(['Ada Lovelace', 'Katherine Johnson']);
    expect(rosterOf()?.participants[0]).toMatchObject({ role: 'leader', inLobby: false, muted: false, speaking: false, actions: [] });

    meeting.roster.arrive(ALAN);
    await eventually('Alan in the roster', () => rosterOf()?.count === 3);
    meeting.roster.speak(KATHERINE.uri, true);
    await eventually('Katherine speaking first', () => names(rosterOf())?.[0] === 'Katherine Johnson' && rosterOf()?.participants[0]?.speaking);
    meeting.roster.mute(ALAN.uri, true);
    await eventually('Alan muted', () => rosterOf()?.participants.find((p) => p.name === 'Alan Turing')?.muted);
    meeting.roster.leave(ADA.uri);
    await eventually('Ada gone', () => rosterOf()?.count === 2);
    expect(names(rosterOf())).toEqual(['Katherine Johnson', 'Alan Turing']);
    expect(problems).toEqual([]);
  });

  it('a leader admits and rejects from the lobby, mutes, promotes, ejects and locks the audience, through the server’s links', async () => {
    const { core, meeting, callId, rosterOf, problems } = await inMeeting({ organizer: true });
    meeting.roster.arrive(ALAN, { lobby: true });
    const alan = await eventually('Alan in the lobby', () => rosterOf()?.participants.find((p) => p.inLobby));
    expect(alan).toMatchObject({ name: 'Alan Turing', actions: ['admit', 'reject'] });
    expect(rosterOf()?.participants.at(-1)?.name).toBe('Alan Turing');
    await core.meetings.act(callId, alan.id, 'admit');
    await eventually('Alan admitted', () => rosterOf()?.count === 3);
    meeting.roster.arrive(GRACE, { lobby: true });
    const grace = await eventually('Grace in the lobby', () => rosterOf()?.participants.find((p) => p.inLobby));
    await core.meetings.act(callId, grace.id, 'reject');
    await eventually('Grace gone', () => rosterOf()?.participants.every((p) => !p.inLobby));

    const katherine = rosterOf()!.participants.find((p) => p.name === 'Katherine Johnson')!;
    expect(katherine.actions).toEqual(['eject', 'promote', 'mute']);
    await core.meetings.act(callId, katherine.id, 'mute');
    await eventually('Katherine muted', () => rosterOf()?.participants.find((p) => p.id === katherine.id)?.muted);
    await core.meetings.act(callId, katherine.id, 'promote');
    await eventually('Katherine a leader', () => rosterOf()?.participants.find((p) => p.id === katherine.id)?.role === 'leader');
    await core.meetings.lockAudience(callId, true);
    expect(rosterOf()?.audienceMuteLock).toEqual({ locked: true, canChange: true });
    await core.meetings.act(callId, katherine.id, 'eject');
    await eventually('Katherine gone', () => rosterOf()?.count === 2);
    await expect(core.meetings.act(callId, katherine.id, 'eject')).rejects.toThrow('That person is no longer in the meeting');
    expect(meeting.roster.actions.map(({ action }) => action)).toEqual(['admit', 'reject', 'muteAudio', 'promote', 'enableAudienceMuteLock', 'eject']);
    expect(problems).toEqual([]);
  });

  it('says when the meeting mutes the person, and lets them unmute where the meeting allows', async () => {
    const { core, meeting, callId, rosterOf } = await inMeeting();
    meeting.roster.muteYou();
    await eventually('muted by the meeting', () => rosterOf()?.you.mutedByMeeting);
    expect(rosterOf()?.you).toEqual({ mutedByMeeting: true, canUnmute: true });
    await core.meetings.unmute(callId);
    await eventually('unmuted', () => rosterOf()?.you.mutedByMeeting === false);
  });

  it('coalesces who speaks: 50 people changing five times a second reach the windows in at most a few snapshots a second', async () => {
    const { core, service, meeting, rosterOf } = await inMeeting();
    const people = Array.from({ length: 48 }, (_, i) => ({ name: `Colleague ${i + 1}`, uri: `sip:colleague${i + 1}@contoso.com` }));
    for (const person of people) meeting.roster.arrive(person);
    await eventually('50 in the roster', () => rosterOf()?.count === 50, 10_000);
    const published: AppSnapshot[] = [];
    const unsubscribe = core.subscribe((snapshot) => published.push(snapshot));
    const everyone = [KATHERINE, ADA, ...people];
    for (let round = 0; round < 10; round++) {
      service.inOneBatch(() => everyone.forEach((person, i) => meeting.roster.speak(person.uri, (i + round) % 3 === 0)));
      await new Promise((resolve) => setTimeout(resolve, 200));
    }
    const lastRound = everyone.filter((_, i) => (i + 9) % 3 === 0).map((person) => person.name);
    await eventually(
      'the last round shown',
      () =>
        rosterOf()
          ?.participants.filter((p) => p.speaking)
          .map((p) => p.name)
          .sort()
          .join() === lastRound.sort().join(),
    );
    unsubscribe();
    // Ten rounds, about 330 changes in 2 s: at most one snapshot per COALESCE_MS (250 ms) and the last.
    expect(published.length).toBeGreaterThan(1);
    expect(published.length).toBeLessThanOrEqual(10);
  });

  it('refuses a participant whose hrefs are no URL with a typed problem, and keeps everyone else, read or sent in the same batch', async () => {
    // Katherine (the first to arrive) and Alan (the third) have a self link that is no URL, wherever the server shows them.
    const broken = /"self":\{"href":"[^"]*\/participants\/[13]"\}/g;
    const { service, meeting, rosterOf, problems } = await inMeeting(
      {},
      { rewrite: (_request, reply) => ({ ...reply, body: reply.body.replace(broken, '"self":{"href":"http://["}') }), counted: 1 },
    );
    service.inOneBatch(() => {
      meeting.roster.arrive(ALAN);
      meeting.roster.arrive(GRACE);
    });
    await eventually('Grace in the roster', () => rosterOf()?.count === 2);
    expect(names(rosterOf())).toEqual(['Ada Lovelace', 'Grace Hopper']);
    expect(problems.map((p) => p.name)).toEqual(['ForeignHrefError', 'ForeignHrefError']);
  });

  it('forgets the person’s own audio when it leaves the meeting, without reading it again', async () => {
    // The server deletes the person's participantAudio (their audio left the meeting): the event says so and the resource is gone.
    let audioGone = false;
    const { meeting, rosterOf, problems } = await inMeeting(
      {},
      {
        rewrite: (request, reply) => {
          if (!audioGone) return reply;
          if (request.url?.endsWith('/localParticipant/participantAudio')) return { ...reply, status: 404, body: '' };
          if (!reply.body.includes('localParticipant/participantAudio')) return reply;
          const batch = JSON.parse(reply.body) as { sender?: Array<{ events: Array<{ link: { href: string }; type: string; _embedded?: unknown }> }> };
          for (const event of batch.sender?.flatMap((sender) => sender.events) ?? []) {
            if (!event.link.href.endsWith('/localParticipant/participantAudio')) continue;
            event.type = 'deleted';
            delete event._embedded;
          }
          return { ...reply, body: JSON.stringify(batch) };
        },
      },
    );
    meeting.roster.muteYou();
    await eventually('muted by the meeting', () => rosterOf()?.you.mutedByMeeting);
    audioGone = true;
    meeting.roster.muteYou();
    await eventually('no longer muted by the meeting', () => rosterOf()?.you.mutedByMeeting === false);
    expect(rosterOf()?.you).toEqual({ mutedByMeeting: false, canUnmute: false });
    expect(problems).toEqual([]);
  });

  it('in a meeting larger than it shows, counts everyone and still shows who waits in the lobby to its leader', async () => {
    const people = Array.from({ length: MAX_ROSTER_SHOWN + 10 }, (_, i) => ({ name: `Colleague ${i + 1}`, uri: `sip:colleague${i + 1}@contoso.com` }));
    const { meeting, rosterOf } = await joinedMeeting(stops, { uri: MEETING, options: { subject: 'All hands', organizer: true }, people });
    expect(rosterOf()?.participants).toHaveLength(MAX_ROSTER_SHOWN);
    meeting.roster.arrive(ALAN, { lobby: true });
    const alan = await eventually('Alan in the lobby', () => rosterOf()?.participants.find((p) => p.inLobby));
    expect(alan).toMatchObject({ name: 'Alan Turing', actions: ['admit', 'reject'] });
    meeting.roster.leave(people.at(-1)!.uri);
    await eventually('one fewer', () => rosterOf()?.count === people.length - 1);
  });

  it('follows the audio of someone who joins it after they were read, and forgets it when they leave the audio', async () => {
    const { meeting, rosterOf, problems } = await inMeeting();
    const alan = () => rosterOf()?.participants.find((p) => p.name === 'Alan Turing');
    meeting.roster.arrive(ALAN, { audio: false });
    await eventually('Alan in the roster', () => rosterOf()?.count === 3);
    meeting.roster.joinAudio(ALAN.uri, true);
    meeting.roster.speak(ALAN.uri, true);
    await eventually('Alan speaking', () => alan()?.speaking);
    meeting.roster.joinAudio(ALAN.uri, false);
    await eventually('Alan no longer speaking', () => alan()?.speaking === false);
    expect(alan()).toMatchObject({ muted: false, speaking: false });
    expect(problems).toEqual([]);
  });
});
