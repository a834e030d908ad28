// Incoming invitations in large event batches: each batch reaches the windows as one snapshot, whatever it holds.
import { afterEach, describe, expect, it } from 'vitest';
import type { AppSnapshot } from '../../preload/shared/contract.js';
import { Core } from '../../main/core/core.js';
import type { LocalServiceOptions } from '../../main/local/service.js';
import type { UcwaError } from '../../main/ucwa/errors.js';

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

/** The first published snapshot for which `test` holds. */
function published(source: Core, test: (snapshot: AppSnapshot) => boolean): Promise<AppSnapshot> {
  return new Promise((resolve) => {
    const unsubscribe = source.subscribe((snapshot) => {
      if (!test(snapshot)) return;
      unsubscribe();
      resolve(snapshot);
    });
  });
}

describe('a flood of invitations', () => {
  it('shows a batch that rings four calls, each fetched on its own, as one snapshot', async () => {
    const { core, service, published: seen } = await start({ embedInvitations: false });
    const before = seen.length;
    const fourRing = published(core, (snapshot) => ringing(snapshot).length === MOST_RINGING);
    service.inOneBatch(() => Array.from({ length: MOST_RINGING }, (_, i) => service.startMessaging({ from: FROM, message: `Linked ${i}` })));
    await fourRing;
    expect(seen.slice(before).map((snapshot) => ringing(snapshot).length)).toEqual([MOST_RINGING]);
  });
});
