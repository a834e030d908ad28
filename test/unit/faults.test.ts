import { afterEach, describe, expect, it } from 'vitest';
import { LocalUcwaService } from '../../main/local/service.js';
import { Core } from '../../main/core/core.js';
import type { AccountSnapshot } from '../../preload/shared/contract.js';
import { FaultProxy, type FaultKind } from '../support/faultProxy.js';
import { runInvitationsUnderFaults } from '../support/faultRun.js';
import { describeFaultRun, shortfalls } from '../support/faultRunReport.js';
import { CHROME_OFFER } from '../support/localServer.js';

const INVITATIONS = 200;
const FAULTS = 100;

describe('event channel under injected faults', () => {
  let service: LocalUcwaService | undefined;
  let proxy: FaultProxy | undefined;
  let core: Core | undefined;

  afterEach(async () => {
    await core?.stop();
    await proxy?.stop();
    await service?.stop();
  });

  async function signInWithOneEventFault(fault: FaultKind) {
    const local = (service = new LocalUcwaService({ maxHoldSeconds: 1 }));
    await local.start();
    const faulty = (proxy = new FaultProxy({ service: local, schedule: [fault], matches: (request) => (request.url ?? '').includes('/events') }));
    const rootUrl = await faulty.start();
    core = await Core.start({
      server: { rootUrl, credentials: { grant: 'password', ...local.credentials } },
      endpointId: 'b7c1f9a2-5a1e-4f0e-8d3c-2a9b6c4d1e01',
      userAgent: 'softphone-faults',
    });
    return { service: local, proxy: faulty, core };
  }

  it(`rings ${INVITATIONS} invitations through ${FAULTS} faults: each answered or declined, or failed as documented; none lost or shown twice`, async () => {
    const report = await runInvitationsUnderFaults({ invitations: INVITATIONS, faults: FAULTS, deadlineMs: 90_000 });
    console.log(describeFaultRun(report).join('\n'));
    expect(shortfalls(report)).toEqual([]);
    expect([report.outcomes.answered, report.outcomes.declined]).toEqual([INVITATIONS / 2, INVITATIONS / 2]);
  }, 120_000);

  it('reports a 410 with its subcode to the user and stops', async () => {
    const { core } = await signInWithOneEventFault('applicationGone');
    const account = await new Promise<AccountSnapshot>((resolve) => {
      core.subscribe((snapshot) => snapshot.account.state === 'failed' && resolve(snapshot.account));
    });
    expect(account.problem).toBe('The server ended this session (InactiveApplicationExpired).');
  });

  it('renews an expired token on 401 and the session goes on ringing', async () => {
    const { service, proxy, core } = await signInWithOneEventFault('tokenExpired');
    await new Promise((resolve) => setTimeout(resolve, 1500));
    expect(proxy.count('tokenExpired')).toBe(1);
    const leg = service.placeCall({ from: { name: 'After renewal', uri: 'sip:a@contoso.com' }, offerSdp: CHROME_OFFER, acceptAnswer: async () => {} });
    const ringing = await new Promise<string>((resolve) => {
      core.subscribe((snapshot) => {
        const call = snapshot.calls.find((c) => c.phase === 'ringing');
        if (call) resolve(call.id);
      });
    });
    await core.calls.decline(ringing);
    expect(await leg.outcome).toMatchObject({ status: 'Failure', reason: { subcode: 'Declined' } });
    expect(core.snapshot().account.state).toBe('signedIn');
  });
});
