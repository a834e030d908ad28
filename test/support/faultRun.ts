// Invitations through the fault-injecting proxy, shared by the unit test (small) and `npm run reliability`
// (large): callers place audio/video invitations on the local service, the proxy injects faults of every kind
// evenly over the run into the signed-in application's requests (its reads, and the desk's answers and
// declines), and the desk answers or declines each call.
import type { IncomingMessage } from 'node:http';
import { LocalUcwaService } from '../../main/local/service.js';
import { Core } from '../../main/core/core.js';
import { FAULT_KINDS, FaultProxy, type FaultKind } from './faultProxy.js';
import { Desk, pause, subjectOf } from './faultRunDesk.js';
import { reportOf, type FaultRunReport, type Placement } from './faultRunReport.js';
import { CHROME_OFFER } from './localServer.js';

export type FaultRunOptions = { invitations: number; faults: number; /** No invitation is placed after this. */ deadlineMs: number };

const CONCURRENT_CALLERS = 4;
/** Faults that replay or replace an event batch: there is none in an answer or a decline. */
const BATCH_FAULTS: readonly FaultKind[] = ['duplicatedBatch', 'pGetReplaced'];
const isDeskAction = (request: IncomingMessage) => request.method === 'POST';
/** While the application is recreated after a 404 nobody can be rung; the caller tries again this often, this many times. */
const PLACEMENT_ATTEMPTS = 400;
const PLACE_AGAIN_MS = 25;
/** After the last invitation: time for the desk's calls to end and the last scheduled faults to be injected. */
const SETTLE_MS = 15_000;

export async function runInvitationsUnderFaults({ invitations, faults, deadlineMs }: FaultRunOptions): Promise<FaultRunReport> {
  const started = performance.now();
  const service = new LocalUcwaService({ embedInvitations: false, ringTimeoutMs: 20_000, maxHoldSeconds: 1 });
  await service.start();
  const proxy = new FaultProxy({
    service,
    schedule: [],
    slowReleaseMs: 300,
    // Sign-in and recreating the application are tested on their own; the faults go to the signed-in
    // application's reads and to the person's answers and declines.
    matches: (request) =>
      (request.url ?? '').startsWith('/ucwa/') && (request.method === 'GET' || /\/(acceptWithAnswer|decline)(\?|$)/.test(request.url ?? '')),
  });
  let core: Core | undefined;
  try {
    const rootUrl = await proxy.start();
    let problems = 0;
    core = await Core.start({
      server: { rootUrl, credentials: { grant: 'password', ...service.credentials } },
      endpointId: 'b7c1f9a2-5a1e-4f0e-8d3c-2a9b6c4d1e00',
      userAgent: 'softphone-faults',
      backoff: { initialMs: 10, maxMs: 200 },
      onProblem: () => problems++,
    });
    const desk = new Desk(core);
    const placements: Placement[] = [];
    // Fault k is scheduled as invitation k·invitations/faults is placed, and hits the next matching request;
    // every third round of kinds, those that can go to an answer or a decline go to the next one.
    const faultsDueBy = (placed: number) => Math.floor((placed * faults) / invitations);
    const schedule = (k: number) => {
      const kind = FAULT_KINDS[k % FAULT_KINDS.length]!;
      const onDeskAction = Math.floor(k / FAULT_KINDS.length) % 3 === 2 && !BATCH_FAULTS.includes(kind);
      proxy.inject(kind, onDeskAction ? isDeskAction : undefined);
    };
    let next = 0;

    async function caller(): Promise<void> {
      while (next < invitations && performance.now() - started < deadlineMs) {
        const index = next++;
        for (let k = faultsDueBy(index); k < faultsDueBy(index + 1); k++) schedule(k);
        for (let attempt = 0; attempt < PLACEMENT_ATTEMPTS; attempt++) {
          const subject = subjectOf(index, attempt);
          const leg = service.placeCall({
            from: { name: `Caller ${index}`, uri: `sip:caller${index}@contoso.com` },
            subject,
            offerSdp: CHROME_OFFER,
            acceptAnswer: async () => {},
          });
          const outcome = await leg.outcome;
          placements.push({ index, subject, outcome });
          if (outcome.status === 'Success') leg.hangUp();
          if (outcome.status === 'Success' || outcome.reason.subcode !== 'TemporarilyUnavailable') break;
          await pause(PLACE_AGAIN_MS);
        }
      }
    }
    await Promise.all(Array.from({ length: CONCURRENT_CALLERS }, caller));
    const settleBy = performance.now() + SETTLE_MS;
    while ((desk.ringingOrConnected > 0 || proxy.remaining > 0) && performance.now() < settleBy) await pause(50);

    return reportOf({
      invitations: { asked: invitations, placed: next },
      placements,
      desk,
      proxy,
      faultsAsked: faults,
      problems,
      signedInAtEnd: core.snapshot().account.state === 'signedIn',
      durationMs: performance.now() - started,
    });
  } finally {
    await core?.stop();
    await proxy.stop();
    await service.stop();
  }
}
