// Someone in a meeting starting or stopping their video after the person joined (issue 18, participant
// video): the local service sends participantVideo added or deleted (participantVideo_ref's events, the
// resource left for the app to fetch) and the roster follows it.
import { afterEach, describe, expect, it } from 'vitest';
import { joinedMeeting } from '../support/joinedMeeting.js';
import { eventually } from '../support/localServer.js';

const MEETING = 'sip:grace@contoso.com;gruu;opaque=app:conf:focus:id:V1DE0042';
const ALAN = { name: 'Alan Turing', uri: 'sip:alan@contoso.com' };
const ADA = { name: 'Ada Lovelace', uri: 'sip:ada@contoso.com' };

const stops: Array<() => Promise<void>> = [];
afterEach(async () => {
  for (const stop of stops.splice(0).reverse()) await stop();
});

describe('a participant’s video started after the person joined', () => {
  it('shows in the roster when the service starts it, and goes when it stops', async () => {
    const { meeting, rosterOf, problems } = await joinedMeeting(stops, {
      uri: MEETING,
      options: { subject: 'Design review' },
      people: [ALAN, { ...ADA, how: { video: true } }],
    });
    const onVideo = (name: string) => rosterOf()?.participants.find((p) => p.name === name)?.onVideo;
    expect(onVideo(ALAN.name)).toBe(false);
    expect(onVideo(ADA.name)).toBe(true);

    meeting.roster.startVideo(ALAN.uri, true);
    await eventually('Alan on video', () => onVideo(ALAN.name));
    meeting.roster.startVideo(ALAN.uri, false);
    await eventually('Alan off video', () => onVideo(ALAN.name) === false);
    expect(onVideo(ADA.name)).toBe(true);
    expect(problems).toEqual([]);
  });
});
