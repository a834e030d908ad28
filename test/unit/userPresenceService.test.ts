// The local service's me/presence, me/note and me/location as presence_ref, note_ref and location_ref
// document them: GET bodies, POSTs and their 400s, the `updated` events from `me`, and the states the
// server sets by itself (in a call, idle, out of office), as a watching colleague is told them.
import { describe, expect, it } from 'vitest';
import type { PublishedPresence } from '../../main/local/service.js';
import { HttpError } from '../../main/ucwa/errors.js';
import { httpSessionPerTest, type HttpSession } from '../support/httpSession.js';
import { CHROME_OFFER, eventually, scriptedCaller, signedInCalls } from '../support/localServer.js';

const signIn = httpSessionPerTest();
const ANSWER = CHROME_OFFER.replace('a=setup:actpass', 'a=setup:active');

type Application = { _embedded: { me: { _links: Record<string, { href: string } | undefined> } } };

/** The hrefs `me` links presence, note and location at. */
async function meLinks(session: HttpSession) {
  const { _links: links } = ((await session.get('')) as unknown as Application)._embedded.me;
  const href = (rel: string) => links[rel]?.href ?? `no ${rel} link`;
  return { presence: href('presence'), note: href('note'), location: href('location') };
}

const status = (promise: Promise<unknown>) =>
  promise.then(
    () => 204,
    (error: unknown) => (error instanceof HttpError ? error.status : error),
  );

describe('me/presence, me/note, me/location on the local service', () => {
  it('me links them, and each GET has the documented properties', async () => {
    const session = await signIn();
    const at = await meLinks(session);
    expect(await session.get(at.presence)).toMatchObject({
      rel: 'presence',
      availability: 'Online',
      _links: { self: { href: expect.stringMatching(/\/me\/presence$/) } },
    });
    expect(await session.get(at.note)).toMatchObject({ rel: 'note', message: '', type: 'Personal' });
    expect(await session.get(at.location)).toMatchObject({ rel: 'location', location: '' });
    expect(session.service.userPresence.published).toEqual({ availability: 'Online' });
  });

  it('POST presence takes the six chosen availabilities, refuses others with 400, and tells every application with an updated event from me', async () => {
    const session = await signIn();
    const at = await meLinks(session);
    const heard: PublishedPresence[] = [];
    session.service.userPresence.watch((published) => heard.push(published));
    const mark = session.events().length;
    expect(await status(session.post(at.presence, { json: { availability: 'Busy' } }))).toBe(204);
    const event = await session.nextEvent('presence updated', mark, (e) => e.rel === 'presence');
    expect(event).toMatchObject({ sender: { rel: 'me' }, type: 'updated', href: expect.stringMatching(/\/me\/presence$/) });
    expect(await session.get(at.presence)).toMatchObject({ availability: 'Busy' });
    expect(heard).toEqual([{ availability: 'Busy' }]);

    for (const availability of ['IdleOnline', 'Offline', 'Available', 'busy', 42]) {
      expect(await status(session.post(at.presence, { json: { availability } }))).toBe(400);
    }
    expect(session.service.userPresence.published.availability).toBe('Busy');
    // An empty body resets it.
    expect(await status(session.post(at.presence))).toBe(204);
    expect(session.service.userPresence.published.availability).toBe('Online');
  });

  it('POST note sets the personal note; an out-of-office note the server sets wins while it lasts', async () => {
    const session = await signIn();
    const at = await meLinks(session);
    const mark = session.events().length;
    await session.post(at.note, { json: { message: 'Heads down today' } });
    await session.nextEvent('note updated', mark, (e) => e.rel === 'note' && e.sender.rel === 'me' && e.type === 'updated');
    expect(await session.get(at.note)).toMatchObject({ message: 'Heads down today', type: 'Personal' });
    session.service.userPresence.setOutOfOffice('On leave until Monday');
    expect(await session.get(at.note)).toMatchObject({ message: 'On leave until Monday', type: 'OutOfOffice' });
    expect(session.service.userPresence.published.note).toEqual({ message: 'On leave until Monday', type: 'OutOfOffice' });
    session.service.userPresence.setOutOfOffice('');
    expect(await session.get(at.note)).toMatchObject({ message: 'Heads down today', type: 'Personal' });
    expect(await status(session.post(at.note, { json: { message: 7 } }))).toBe(400);
  });

  it('POST location takes at most 60 characters (else 400, nothing changed); an empty body clears it', async () => {
    const session = await signIn();
    const at = await meLinks(session);
    const mark = session.events().length;
    expect(await status(session.post(at.location, { json: { location: 'B'.repeat(60) } }))).toBe(204);
    await session.nextEvent('location updated', mark, (e) => e.rel === 'location' && e.type === 'updated');
    expect(await status(session.post(at.location, { json: { location: 'B'.repeat(61) } }))).toBe(400);
    expect(await session.get(at.location)).toMatchObject({ location: 'B'.repeat(60) });
    expect(await status(session.post(at.location))).toBe(204);
    expect(await session.get(at.location)).toMatchObject({ location: '' });
  });

  it('idle after inactivity: Online shows IdleOnline, Busy IdleBusy, and back when active', async () => {
    const session = await signIn();
    const at = await meLinks(session);
    const mark = session.events().length;
    session.service.userPresence.setIdle(true);
    await session.nextEvent('presence updated', mark, (e) => e.rel === 'presence');
    expect(await session.get(at.presence)).toMatchObject({ availability: 'IdleOnline', activity: 'Inactive' });
    await session.post(at.presence, { json: { availability: 'Busy' } });
    expect(session.service.userPresence.published).toEqual({ availability: 'IdleBusy', activity: 'Inactive' });
    session.service.userPresence.setIdle(false);
    expect(session.service.userPresence.published).toEqual({ availability: 'Busy' });
  });

  it('while the user is in a call the server says Busy, InACall, and what they chose again once it ends, either side hanging up', async () => {
    // The scripted caller has no media session for the controller to read: its problems are not this test's.
    const session = await signedInCalls();
    try {
      const heard: PublishedPresence[] = [];
      session.service.userPresence.watch((published) => heard.push(published));
      for (const hangsUp of ['caller', 'user'] as const) {
        const placed = session.service.placeCall(scriptedCaller().request);
        const call = await eventually('a ringing call', () => session.calls.snapshot().calls.find((c) => c.phase === 'ringing'));
        expect(session.service.userPresence.published).toEqual({ availability: 'Online' });
        await session.calls.answer(call.id, ANSWER);
        await eventually('InACall', () => heard.at(-1)?.activity === 'InACall');
        expect(session.service.userPresence.published).toEqual({ availability: 'Busy', activity: 'InACall' });
        if (hangsUp === 'caller') placed.hangUp();
        else await session.calls.hangUp(call.id);
        await eventually('back to Online', () => heard.at(-1)?.availability === 'Online');
      }
      expect(heard).toEqual([
        { availability: 'Busy', activity: 'InACall' },
        { availability: 'Online' },
        { availability: 'Busy', activity: 'InACall' },
        { availability: 'Online' },
      ]);
    } finally {
      await session.stop();
    }
  });

  it('in a meeting the server says InAConference, and what was chosen again after leaving', async () => {
    const session = await signedInCalls();
    try {
      const meetingUri = 'sip:grace@contoso.com;gruu;opaque=app:conf:focus:id:7T4LQJ2B';
      session.service.createMeeting(meetingUri, { subject: 'Design review' });
      const heard: PublishedPresence[] = [];
      session.service.userPresence.watch((published) => heard.push(published));
      const id = await session.calls.joinMeeting(meetingUri);
      await eventually('InAConference', () => heard.at(-1)?.activity === 'InAConference');
      expect(session.service.userPresence.published).toEqual({ availability: 'Busy', activity: 'InAConference' });
      await eventually('joined', () => session.calls.snapshot().calls.find((call) => call.id === id && call.phase === 'connected'));
      await session.calls.leave(id);
      await eventually('back to Online', () => heard.at(-1)?.availability === 'Online');
    } finally {
      await session.stop();
    }
  });
});
