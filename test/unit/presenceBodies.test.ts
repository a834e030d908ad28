// The person's own presence, note and location (me/presence, me/note, me/location) and a colleague's
// (contactPresence, contactNote, contactLocation) are read by one reader with one bound each: through the real core against the embedded local service,
// behind a proxy that gives both the same body, one at the bound is shown for both, and one over it is
// refused for both, a MalformedError naming the resource reported and nothing of it kept.
import type { IncomingMessage } from 'node:http';
import { afterEach, describe, expect, it } from 'vitest';
import { directoryPeople } from '../../main/local/directory.js';
import { BODY_BOUNDS } from '../../main/people/presenceBodies.js';
import { MalformedError, type UcwaError } from '../../main/ucwa/errors.js';
import { coreOnService } from '../support/coreOnService.js';
import type { ProxiedReply } from '../support/faultProxy.js';
import { eventually } from '../support/localServer.js';

const ADA = 'sip:answers@softphone.local';
const stops: Array<() => Promise<void>> = [];
afterEach(async () => {
  for (const stop of stops.splice(0).reverse()) await stop();
});

type Bodies = { activity: string; note: string; location: string };

/** A core signed in through a proxy that answers every GET of a presence, a note or a location, the person's or a colleague's, with `bodies`. */
async function start(bodies: Bodies) {
  const rewrite = (request: IncomingMessage, reply: ProxiedReply) => {
    if (request.method !== 'GET') return reply;
    if (/\/(me\/presence|contactPresence)$/.test(request.url ?? ''))
      return { ...reply, body: JSON.stringify({ availability: 'Busy', activity: bodies.activity }) };
    if (/\/(me\/note|contactNote)$/.test(request.url ?? '')) return { ...reply, body: JSON.stringify({ message: bodies.note, type: 'OutOfOffice' }) };
    if (/\/(me\/location|contactLocation)$/.test(request.url ?? '')) return { ...reply, body: JSON.stringify({ location: bodies.location }) };
    return reply;
  };
  // Without UCWA's batch, each contactPresence is a GET of its own for the proxy to answer.
  const { core, service, problems } = await coreOnService(stops, { rewrite, before: (service) => service.offerBatch(false) });
  const presenceOf = (uri: string) => {
    core.people.presence!.want('search', [uri]);
    return eventually(`${uri}'s presence`, () => core.snapshot().people.presence[uri]);
  };
  return { core, service, problems, me: () => core.snapshot().people.me, card: () => core.people.cards.card(ADA), presenceOf };
}

/** The presences', notes' and locations' fields named by the MalformedErrors reported, each once (a resource may be read again after its own update). */
const malformed = (problems: readonly UcwaError[]) =>
  [
    ...new Set(
      problems
        .filter((problem): problem is MalformedError => problem instanceof MalformedError)
        .map((problem) => problem.field)
        .filter((field) => /^(contactPresence|contactNote|contactLocation|presence|note|location)\./.test(field)),
    ),
  ].sort();

describe('a presence, a note and a location, the person’s and a colleague’s', () => {
  it('at the bound are shown alike for both', async () => {
    const bodies = { activity: 'a'.repeat(BODY_BOUNDS.activity), note: 'n'.repeat(BODY_BOUNDS.note), location: 'l'.repeat(BODY_BOUNDS.location) };
    const { me, card, presenceOf, problems } = await start(bodies);
    const presence = { availability: 'Busy', activity: bodies.activity };
    expect(me()).toMatchObject({ presence, note: bodies.note, noteType: 'OutOfOffice', location: bodies.location });
    expect(await presenceOf(ADA)).toEqual(presence);
    expect(await card()).toMatchObject({ note: { message: bodies.note, type: 'OutOfOffice' }, location: bodies.location });
    expect(malformed(problems)).toEqual([]);
  });

  it('over the bound are refused alike for both: reported as malformed, and nothing of them kept', async () => {
    const bodies = { activity: 'In a meeting', note: 'Back on Monday', location: 'Building 4' };
    const { core, service, me, card, presenceOf, problems } = await start(bodies);
    const shown = { presence: { availability: 'Busy', activity: 'In a meeting' }, note: 'Back on Monday', location: 'Building 4' };
    expect(me()).toMatchObject(shown);

    bodies.activity = 'a'.repeat(BODY_BOUNDS.activity + 1);
    bodies.note = 'n'.repeat(BODY_BOUNDS.note + 1);
    bodies.location = 'l'.repeat(BODY_BOUNDS.location + 1);
    const colleague = await card();
    expect(colleague.note).toBeUndefined();
    expect(colleague.location).toBeUndefined();
    // A colleague no list watched before (whose presence was never fetched): theirs, unreadable, shows as unknown, as any failed read of it does.
    const listed = await eventually('the contact list', () =>
      core.snapshot().people.contactList?.groups.flatMap((group) => group.people.map((person) => person.uri)),
    );
    const stranger = directoryPeople()
      .slice(10)
      .find((person) => !listed.includes(person.uri))!.uri;
    expect(await presenceOf(stranger)).toEqual({ availability: 'Unknown' });
    expect(malformed(problems)).toEqual(['contactLocation.location', 'contactNote.message', 'contactPresence.activity']);

    // An updated presence, note and location from me: each read again and refused, the ones shown before kept.
    service.userPresence.setIdle(true);
    service.userPresence.setOutOfOffice('Away for the week');
    await core.people.me.setLocation('Building 5');
    await eventually('my presence and note refused', () => malformed(problems).length === 6);
    expect(malformed(problems)).toEqual([
      'contactLocation.location',
      'contactNote.message',
      'contactPresence.activity',
      'location.location',
      'note.message',
      'presence.activity',
    ]);
    expect(me()).toMatchObject(shown);
    expect(core.snapshot().account.state).toBe('signedIn');
  });
});
