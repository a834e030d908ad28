import { afterEach, describe, expect, it } from 'vitest';
import { LocalUcwaService, type InvitationOutcome } from '../../main/local/service.js';
import { Softphone } from '../../main/softphone.js';
import type { AccountSnapshot } from '../../preload/contract.js';
import type { UcwaError } from '../../main/ucwa/errors.js';
import { FAULT_KINDS, FaultProxy, type FaultKind } from '../support/faultProxy.js';
import { CHROME_OFFER } from '../support/localServer.js';

const INVITATIONS = 200;
const FAULTS = 100;
const CONCURRENT_CALLERS = 4;

describe('event channel under injected faults', () => {
  let service: LocalUcwaService | undefined;
  let proxy: FaultProxy | undefined;
  let softphone: Softphone | undefined;

  afterEach(async () => {
    await softphone?.stop();
    await proxy?.stop();
    await service?.stop();
  });

  async function signInWithOneEventFault(fault: FaultKind) {
    const local = (service = new LocalUcwaService({ maxHoldSeconds: 1 }));
    await local.start();
    const faulty = (proxy = new FaultProxy({ service: local, schedule: [fault], matches: (request) => (request.url ?? '').includes('/events') }));
    const rootUrl = await faulty.start();
    softphone = await Softphone.start({
      server: { rootUrl, credentials: { grant: 'password', ...local.credentials } },
      endpointId: 'b7c1f9a2-5a1e-4f0e-8d3c-2a9b6c4d1e01',
      userAgent: 'softphone-faults',
    });
    return { service: local, proxy: faulty, softphone };
  }

  it(`rings ${INVITATIONS} invitations through ${FAULTS} faults with none lost and none shown twice`, async () => {
    service = new LocalUcwaService({ embedInvitations: false, ringTimeoutMs: 20_000, maxHoldSeconds: 1 });
    await service.start();
    const schedule: FaultKind[] = Array.from({ length: FAULTS }, (_, i) => FAULT_KINDS[i % FAULT_KINDS.length]!);
    proxy = new FaultProxy({
      service,
      schedule,
      every: 2,
      slowReleaseMs: 300,
      // Sign-in is tested on its own; the faults go to the signed-in application's GETs.
      matches: (request) => request.method === 'GET' && (request.url ?? '').startsWith('/ucwa/'),
    });
    const rootUrl = await proxy.start();

    const problems: UcwaError[] = [];
    softphone = await Softphone.start({
      server: { rootUrl, credentials: { grant: 'password', ...service.credentials } },
      endpointId: 'b7c1f9a2-5a1e-4f0e-8d3c-2a9b6c4d1e00',
      userAgent: 'softphone-faults',
      backoff: { initialMs: 10, maxMs: 200 },
      onProblem: (error) => problems.push(error),
    });
    expect(softphone.snapshot().account.state).toBe('signedIn');

    // The person at the desk: every call that rings is declined, once.
    const shown = new Map<string, Set<string>>();
    const handled = new Set<string>();
    softphone.subscribe((snapshot) => {
      for (const call of snapshot.calls) {
        if (call.phase !== 'ringing' || handled.has(call.id)) continue;
        handled.add(call.id);
        const ids = shown.get(call.subject) ?? new Set<string>();
        ids.add(call.id);
        shown.set(call.subject, ids);
        void softphone!.calls.decline(call.id).catch(() => undefined);
      }
    });

    // The callers: each invitation is placed until it rings somewhere (while the application is being
    // recreated after a 404 there is nobody to ring, and the caller is told so at once).
    const outcomes = new Map<string, InvitationOutcome>();
    let next = 0;
    let replaced = 0;
    async function caller(): Promise<void> {
      while (next < INVITATIONS) {
        const index = next++;
        for (let attempt = 0; ; attempt++) {
          const subject = `invitation ${index}.${attempt}`;
          const leg = service!.placeCall({
            from: { name: `Caller ${index}`, uri: `sip:caller${index}@contoso.com` },
            subject,
            offerSdp: CHROME_OFFER,
            acceptAnswer: async () => {},
          });
          const outcome = await leg.outcome;
          if (outcome.status === 'Failure' && outcome.reason.subcode === 'TemporarilyUnavailable') {
            if (attempt > 400) throw new Error(`invitation ${index} found nobody to ring for 10 s`);
            replaced++;
            await new Promise((resolve) => setTimeout(resolve, 25));
            continue;
          }
          outcomes.set(subject, outcome);
          break;
        }
      }
    }
    await Promise.all(Array.from({ length: CONCURRENT_CALLERS }, caller));

    const declined = [...outcomes.values()].filter((o) => o.status === 'Failure' && o.reason.subcode === 'Declined').length;
    const lost = [...outcomes.keys()].filter((subject) => !shown.has(subject));
    const shownTwice = [...shown.values()].filter((ids) => ids.size > 1).length;
    const injected = Object.fromEntries(proxy.injected);
    console.log(
      `faults: ${FAULTS - proxy.remaining} injected ${JSON.stringify(injected)}; invitations: ${outcomes.size} rang, ` +
        `${declined} declined as documented, ${replaced} re-placed while the application was recreated, ` +
        `${lost.length} lost, ${shownTwice} shown twice; ${problems.length} problems recovered from`,
    );

    expect(proxy.remaining).toBe(0);
    for (const kind of FAULT_KINDS) expect(proxy.injected.get(kind)).toBe(FAULTS / FAULT_KINDS.length);
    expect(outcomes.size).toBe(INVITATIONS);
    expect(lost).toEqual([]);
    expect(shownTwice).toBe(0);
    expect(declined).toBe(INVITATIONS);
    expect(softphone.snapshot().account.state).toBe('signedIn');
  }, 120_000);

  it('reports a 410 with its subcode to the user and stops', async () => {
    const { softphone } = await signInWithOneEventFault('applicationGone');
    const account = await new Promise<AccountSnapshot>((resolve) => {
      softphone.subscribe((snapshot) => snapshot.account.state === 'failed' && resolve(snapshot.account));
    });
    expect(account.problem).toBe('The server ended this session (InactiveApplicationExpired).');
  });

  it('renews an expired token on 401 and the session goes on ringing', async () => {
    const { service, proxy, softphone } = await signInWithOneEventFault('tokenExpired');
    await new Promise((resolve) => setTimeout(resolve, 1500));
    expect(proxy.injected.get('tokenExpired')).toBe(1);
    const leg = service.placeCall({ from: { name: 'After renewal', uri: 'sip:a@contoso.com' }, offerSdp: CHROME_OFFER, acceptAnswer: async () => {} });
    const ringing = await new Promise<string>((resolve) => {
      softphone.subscribe((snapshot) => {
        const call = snapshot.calls.find((c) => c.phase === 'ringing');
        if (call) resolve(call.id);
      });
    });
    await softphone.calls.decline(ringing);
    expect(await leg.outcome).toMatchObject({ status: 'Failure', reason: { subcode: 'Declined' } });
    expect(softphone.snapshot().account.state).toBe('signedIn');
  });
});
