// A meeting roster's photos (issue 18, roster photos): a participant whose resource links contactPhoto (the
// local service links the directory's photos, as its contacts do) shows it, fetched once through the
// session's photo cache; one without a photo keeps their initials, also where the server links one it
// does not have (404).
import type { IncomingMessage } from 'node:http';
import { afterEach, describe, expect, it } from 'vitest';
import { directoryPeople } from '../../main/local/directory.js';
import type { ProxiedReply } from '../support/faultProxy.js';
import { joinedMeeting } from '../support/joinedMeeting.js';
import { eventually } from '../support/localServer.js';

const MEETING = 'sip:grace@contoso.com;gruu;opaque=app:conf:focus:id:PH0T0S42';
const [WITH_PHOTO, WITHOUT_PHOTO] = [true, false].map((hasPhoto) => directoryPeople().find((person) => person.hasPhoto === hasPhoto)!);

const stops: Array<() => Promise<void>> = [];
afterEach(async () => {
  for (const stop of stops.splice(0).reverse()) await stop();
});

describe('the roster’s photos', () => {
  it('shows the photo the server links, fetched once; initials for someone without one', async () => {
    const { service, meeting, rosterOf, problems } = await joinedMeeting(stops, {
      uri: MEETING,
      options: { subject: 'Design review' },
      people: [WITH_PHOTO!, WITHOUT_PHOTO!],
    });
    const personIn = (name: string) => rosterOf()?.participants.find((p) => p.name === name);
    const photo = await eventually('the photo', () => personIn(WITH_PHOTO!.name)?.photo);
    expect(photo).toMatch(/^data:image\/png;base64,/);
    expect(personIn(WITHOUT_PHOTO!.name)).toBeDefined();
    expect(personIn(WITHOUT_PHOTO!.name)?.photo).toBeUndefined();

    // A change to the person keeps their photo without fetching it again.
    meeting.roster.mute(WITH_PHOTO!.uri, true);
    await eventually('the mute shown', () => personIn(WITH_PHOTO!.name)?.muted);
    expect(personIn(WITH_PHOTO!.name)?.photo).toBe(photo);
    expect(service.people.photosServed(WITH_PHOTO!.uri)).toBe(1);
    expect(service.people.photosServed(WITHOUT_PHOTO!.uri)).toBe(0);
    expect(problems).toEqual([]);
  });

  it('shows initials, reporting nothing, where the server links a photo it does not have (404), and does not ask again', async () => {
    // A server links contactPhoto for everyone; the local service links it only where there is one, so the proxy links it here.
    const contact = `/people/${encodeURIComponent(WITHOUT_PHOTO!.uri)}`;
    const presenceLink = new RegExp(`"contactPresence":\\{"href":"([^"]*${contact.replace(/\./g, '\\.')})/contactPresence"\\}`, 'g');
    const photoAsked: string[] = [];
    const rewrite = (request: IncomingMessage, reply: ProxiedReply) => {
      if (request.url?.endsWith(`${contact}/contactPhoto`)) photoAsked.push(request.url);
      return { ...reply, body: reply.body.replace(presenceLink, '"contactPresence":{"href":"$1/contactPresence"},"contactPhoto":{"href":"$1/contactPhoto"}') };
    };
    const { meeting, rosterOf, problems } = await joinedMeeting(stops, { uri: MEETING, people: [WITHOUT_PHOTO!], rewrite });
    await eventually('the photo asked for', () => photoAsked.length === 1);
    meeting.roster.mute(WITHOUT_PHOTO!.uri, true);
    await eventually('the mute shown', () => rosterOf()?.participants[0]?.muted);
    expect(rosterOf()?.participants[0]?.photo).toBeUndefined();
    expect(photoAsked).toHaveLength(1);
    expect(problems).toEqual([]);
  });
});
