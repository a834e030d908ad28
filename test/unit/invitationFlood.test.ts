// A flood of incoming invitations in large event batches: only a few calls ring at once, the rest are
// declined on the wire with the documented reason and logged once per batch, and each batch reaches the
// windows as one snapshot, whatever it holds.
import { afterEach, describe, expect, it } from 'vitest';
import type { AppSnapshot } from '../../preload/shared/contract.js';
import { RingLimitError } from '../../main/calls/errors.js';
import { Core } from '../../main/core/core.js';
import type { LocalServiceOptions, PlacedCall } from '../../main/local/service.js';
import type { UcwaError } from '../../main/ucwa/errors.js';
import { eventually } from '../support/localServer.js';
import { published } from '../support/published.js';

const FROM = { name: 'Flood', uri: 'sip:flood@contoso.com' };
const MOST_RINGING = 4;

let core: Core | undefined;
afterEach(async () => {
  await core?.stop();
  core = undefined;
});

async function start(local: LocalServiceOptions = {}) {
  const problems: UcwaError[] = [];
  core = await Core.start({
    endpointId: '3c1d2e4f-5a6b-4c7d-8e9f-0a1b2c3d4e5f',
    userAgent: 'softphone-flood',
    local: { maxHoldSeconds: 2, ...local },
    onProblem: (error) => problems.push(error),
  });
  const published: AppSnapshot[] = [];
  core.subscribe((snapshot) => published.push(snapshot));
  return { core, service: core.localService!, problems, published };
}

const ringing = (snapshot: AppSnapshot) => snapshot.calls.filter((call) => call.phase === 'ringing');

describe('a flood of invitations', () => {
  it('rings four calls at once; the other 996 of two batches are declined with reason Local, logged once per batch', async () => {
    const { core, service, problems } = await start();
    const batch = (from: number) =>
      service.inOneBatch(() => Array.from({ length: 500 }, (_, i) => service.startMessaging({ from: FROM, message: `Invitation ${from + i}` })));
    const fourRing = published(core, (snapshot) => ringing(snapshot).length === MOST_RINGING && snapshot);
    const legs: PlacedCall[] = batch(0);
    const snapshot = await fourRing;
    legs.push(...batch(500));
    const over = legs.slice(MOST_RINGING);
    const outcomes = await Promise.all(over.map((leg) => leg.outcome));

    expect(ringing(snapshot).map((call) => call.firstMessage?.text)).toEqual(['Invitation 0', 'Invitation 1', 'Invitation 2', 'Invitation 3']);
    expect(new Set(outcomes.map((outcome) => (outcome.status === 'Failure' ? outcome.reason.subcode : 'Success')))).toEqual(new Set(['Declined']));
    expect(new Set(over.map((leg) => JSON.stringify(leg.declinedWith)))).toEqual(new Set(['["Local"]']));
    expect(legs.slice(0, MOST_RINGING).map((leg) => leg.declinedWith)).toEqual([[], [], [], []]);
    expect(problems.map((problem) => [problem instanceof RingLimitError, problem.message])).toEqual([
      [true, 'Declined 496 incoming invitations with reason Local: 4 calls already rang, the most that ring at once'],
      [true, 'Declined 500 incoming invitations with reason Local: 4 calls already rang, the most that ring at once'],
    ]);
    // What the windows get stays the size of four ring cards, beside Recent's newest 25 (the server logs each
    // declined invitation, and its logs are in Recent).
    expect(core.snapshot().calls).toHaveLength(MOST_RINGING);
    expect(JSON.stringify(core.snapshot().calls).length).toBeLessThan(16 * 1024);
    expect(core.snapshot().history.recent.length).toBeLessThanOrEqual(25);
    expect(JSON.stringify(core.snapshot()).length).toBeLessThan(32 * 1024);

    // Once one stops ringing, the next caller rings again.
    const oneLess = published(core, (now) => ringing(now).length === MOST_RINGING - 1);
    legs[0]!.cancel();
    await oneLess;
    const next = service.startMessaging({ from: FROM, message: 'After the flood' });
    await eventually('the next call to ring', () => ringing(core.snapshot()).some((call) => call.firstMessage?.text === 'After the flood'));
    expect(next.declinedWith).toEqual([]);
  });

  it('shows a batch that rings four calls, each fetched on its own, as one snapshot', async () => {
    // Without conversation history: its first reading, in the background after sign-in, would publish a snapshot of its own meanwhile.
    const { core, service, published: seen } = await start({ embedInvitations: false, conversationHistory: false });
    const before = seen.length;
    const fourRing = published(core, (snapshot) => ringing(snapshot).length === MOST_RINGING);
    service.inOneBatch(() => Array.from({ length: MOST_RINGING }, (_, i) => service.startMessaging({ from: FROM, message: `Linked ${i}` })));
    await fourRing;
    expect(seen.slice(before).map((snapshot) => ringing(snapshot).length)).toEqual([MOST_RINGING]);
  });
});
