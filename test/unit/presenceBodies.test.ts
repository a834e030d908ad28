// The person's own note and location (me/note, me/location) and a colleague's (contactNote, contactLocation)
// are read by one reader with one bound each: through the real core against the embedded local service,
// behind a proxy that gives both the same body, one at the bound is shown for both, and one over it is
// refused for both, a MalformedError naming the resource reported and nothing of it kept.
import type { IncomingMessage } from 'node:http';
import { afterEach, describe, expect, it } from 'vitest';
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

/** A core signed in through a proxy that answers every GET of a note or a location, the person's or a colleague's, with `bodies`. */
async function start(bodies: { note: string; location: string }) {
  const rewrite = (request: IncomingMessage, reply: ProxiedReply) => {
    if (request.method !== 'GET') return reply;
    if (/\/(me\/note|contactNote)$/.test(request.url ?? '')) return { ...reply, body: JSON.stringify({ message: bodies.note, type: 'OutOfOffice' }) };
    if (/\/(me\/location|contactLocation)$/.test(request.url ?? '')) return { ...reply, body: JSON.stringify({ location: bodies.location }) };
    return reply;
  };
  const { core, service, problems } = await coreOnService(stops, { rewrite });
  return { core, service, problems, me: () => core.snapshot().people.me, card: () => core.people.cards.card(ADA) };
}

/** The notes' and locations' fields named by the MalformedErrors reported, each once (a resource may be read again after its own update). */
const malformed = (problems: readonly UcwaError[]) =>
  [
    ...new Set(
      problems
        .filter((problem): problem is MalformedError => problem instanceof MalformedError)
        .map((problem) => problem.field)
        .filter((field) => /^(contactNote|contactLocation|note|location)\./.test(field)),
    ),
  ].sort();

describe('a note and a location, the person’s and a colleague’s', () => {
  it('at the bound are shown alike for both', async () => {
    const bodies = { note: 'n'.repeat(BODY_BOUNDS.note), location: 'l'.repeat(BODY_BOUNDS.location) };
    const { me, card, problems } = await start(bodies);
    expect(me()).toMatchObject({ note: bodies.note, noteType: 'OutOfOffice', location: bodies.location });
    expect(await card()).toMatchObject({ note: { message: bodies.note, type: 'OutOfOffice' }, location: bodies.location });
    expect(malformed(problems)).toEqual([]);
  });

  it('over the bound are refused alike for both: reported as malformed, and nothing of them kept', async () => {
    const bodies = { note: 'Back on Monday', location: 'Building 4' };
    const { core, service, me, card, problems } = await start(bodies);
    expect(me()).toMatchObject({ note: 'Back on Monday', location: 'Building 4' });

    bodies.note = 'n'.repeat(BODY_BOUNDS.note + 1);
    bodies.location = 'l'.repeat(BODY_BOUNDS.location + 1);
    const colleague = await card();
    expect(colleague.note).toBeUndefined();
    expect(colleague.location).toBeUndefined();
    expect(malformed(problems)).toEqual(['contactLocation.location', 'contactNote.message']);

    // An updated note and location from me: both read again, both refused, the ones shown before kept.
    service.userPresence.setOutOfOffice('Away for the week');
    await core.people.me.setLocation('Building 5');
    await eventually('my note refused', () => malformed(problems).includes('note.message'));
    expect(malformed(problems)).toEqual(['contactLocation.location', 'contactNote.message', 'location.location', 'note.message']);
    expect(me()).toMatchObject({ note: 'Back on Monday', location: 'Building 4' });
    expect(core.snapshot().account.state).toBe('signedIn');
  });
});
