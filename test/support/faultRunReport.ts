// What a run of invitations under faults came to: each placement sorted into what the protocol documents,
// the faults that hit the desk's answers and declines traced to their invitations, the run's shortfalls
// (none when it passed), and the figures in words.
import type { InvitationOutcome } from '../../main/local/service.js';
import { FAULT_KINDS, type FaultKind, type FaultProxy } from './faultProxy.js';
import { intentOf, type Desk } from './faultRunDesk.js';
import type { RecoverySummary } from './recovery.js';

/** One invitation placed once: a caller places an invitation again while nobody can be rung. */
export type Placement = { index: number; subject: string; outcome: InvitationOutcome };

/**
 * answered, declined: as the desk chose (the caller heard Success, or Declined).
 * failedAsDocumented: rang, then the application was recreated: the caller heard TemporarilyUnavailable and
 *   the desk showed the call ended with the reason. Placed again.
 * notRung: nobody to ring while the application was recreated: the caller heard TemporarilyUnavailable at
 *   once. Placed again.
 * lost: never rang, yet the caller was not told there was nobody to ring.
 * undocumented: ended in any other way.
 */
export type Category = 'answered' | 'declined' | 'failedAsDocumented' | 'notRung' | 'lost' | 'undocumented';

export type FaultRunReport = {
  /** Invitations asked for, and how many were placed before the deadline. */
  invitations: { asked: number; placed: number };
  /** Placements, counting an invitation placed again. */
  sent: number;
  /** Placements that rang at the desk. */
  rung: number;
  /** Placements by how they ended. */
  outcomes: Record<Category, number>;
  /** Rang as two calls at the desk. */
  shownTwice: string[];
  /** Placements lost or not as documented, and invitations never answered or declined, in words. */
  wrong: string[];
  /** Invitations whose answer or decline met a fault, by how they ended. */
  actionsHit: { invitations: number; byKind: Partial<Record<FaultKind, number>>; wentThrough: number; failedAsDocumented: number };
  retriedActions: number;
  faults: { asked: number; injected: Partial<Record<FaultKind, number>>; remaining: number; recovery: RecoverySummary };
  problems: number;
  signedInAtEnd: boolean;
  durationMs: number;
};

export type RunRecord = {
  invitations: { asked: number; placed: number };
  placements: readonly Placement[];
  desk: Desk;
  proxy: FaultProxy;
  faultsAsked: number;
  problems: number;
  signedInAtEnd: boolean;
  durationMs: number;
};

export function reportOf(run: RunRecord): FaultRunReport {
  const { desk, proxy } = run;
  const counts = Object.fromEntries(['answered', 'declined', 'failedAsDocumented', 'notRung', 'lost', 'undocumented'].map((c) => [c, 0])) as Record<
    Category,
    number
  >;
  const categoryOf = new Map<string, Category>();
  const wrong: string[] = [];
  const finished = new Set<number>();
  for (const placement of run.placements) {
    const category = categorise(placement, desk);
    counts[category]++;
    categoryOf.set(placement.subject, category);
    if (category === 'answered' || category === 'declined') finished.add(placement.index);
    if (category === 'lost' || category === 'undocumented') wrong.push(describePlacement(placement, desk));
  }
  for (const index of new Set(run.placements.map((placement) => placement.index))) {
    if (!finished.has(index)) wrong.push(`invitation ${index}: never answered or declined`);
  }

  const actionFaults = proxy.injected.filter((fault) => fault.method === 'POST');
  const hit = new Set(actionFaults.flatMap((fault) => proxy.subjects.get(fault.path.replace(/\/[^/]+$/, '')) ?? []));
  const endedAs = (wanted: Category[]) => [...hit].filter((subject) => wanted.includes(categoryOf.get(subject) ?? 'undocumented')).length;

  return {
    invitations: run.invitations,
    sent: run.placements.length,
    rung: run.placements.filter((placement) => desk.shown.has(placement.subject)).length,
    outcomes: counts,
    shownTwice: [...desk.shown].filter(([, ids]) => ids.size > 1).map(([subject]) => subject),
    wrong,
    actionsHit: {
      invitations: hit.size,
      byKind: countByKind(actionFaults),
      wentThrough: endedAs(['answered', 'declined']),
      failedAsDocumented: endedAs(['failedAsDocumented']),
    },
    retriedActions: desk.retriedActions,
    faults: { asked: run.faultsAsked, injected: countByKind(proxy.injected), remaining: proxy.remaining, recovery: proxy.recovery.summary() },
    problems: run.problems,
    signedInAtEnd: run.signedInAtEnd,
    durationMs: run.durationMs,
  };
}

function categorise({ subject, outcome }: Placement, desk: Desk): Category {
  const nobodyToRing = isSubcode(outcome, 'TemporarilyUnavailable');
  if (!desk.shown.has(subject)) return nobodyToRing ? 'notRung' : 'lost';
  const intent = intentOf(subject);
  if (intent === 'answer' && outcome.status === 'Success') return 'answered';
  if (intent === 'decline' && isSubcode(outcome, 'Declined')) return 'declined';
  const end = desk.ends.get(subject);
  return nobodyToRing && end?.outcome === 'failed' && end.ending ? 'failedAsDocumented' : 'undocumented';
}

/** Why the run failed; empty when it passed. */
export function shortfalls(report: FaultRunReport): string[] {
  const { invitations, faults, outcomes } = report;
  const perKind = faults.asked / FAULT_KINDS.length;
  return [
    ...(invitations.placed < invitations.asked ? [`only ${invitations.placed} of ${invitations.asked} invitations placed before the deadline`] : []),
    ...(outcomes.lost ? [`${outcomes.lost} lost`] : []),
    ...(report.shownTwice.length ? [`${report.shownTwice.length} shown twice: ${report.shownTwice.slice(0, 5).join(', ')}`] : []),
    ...(report.wrong.length
      ? [`not as documented: ${report.wrong.slice(0, 5).join('; ')}${report.wrong.length > 5 ? ` and ${report.wrong.length - 5} more` : ''}`]
      : []),
    ...(faults.remaining ? [`${faults.remaining} faults never injected`] : []),
    ...FAULT_KINDS.filter((kind) => (faults.injected[kind] ?? 0) !== perKind).map(
      (kind) => `${faults.injected[kind] ?? 0} ${kind} faults injected, not ${perKind}`,
    ),
    ...(faults.recovery.unrecovered ? [`no recovery from ${faults.recovery.unrecovered} faults`] : []),
    ...(report.signedInAtEnd ? [] : ['signed out by the end']),
  ];
}

export function describeFaultRun(report: FaultRunReport): string[] {
  const { faults, outcomes, actionsHit } = report;
  const { recovery } = faults;
  const ms = (value: number) => `${Math.round(value)} ms`;
  return [
    `faults: ${faults.asked - faults.remaining} injected, one per ${report.invitations.asked / faults.asked} invitations: ${JSON.stringify(faults.injected)}`,
    `invitations: ${report.invitations.placed} placed, sent ${report.sent} times; rung ${report.rung}; ` +
      `answered ${outcomes.answered} and declined ${outcomes.declined} as the desk chose; ` +
      `failed as documented ${outcomes.failedAsDocumented} (rang, application recreated: the caller heard TemporarilyUnavailable, the desk showed why; placed again); ` +
      `not rung ${outcomes.notRung} (nobody to ring while the application was recreated; placed again)`,
    `answers and declines hit by a fault: ${actionsHit.invitations} invitations ${JSON.stringify(actionsHit.byKind)}: ` +
      `${actionsHit.wentThrough} answered or declined all the same (${report.retriedActions} after trying again), ${actionsHit.failedAsDocumented} failed as documented`,
    `lost ${outcomes.lost} (must be 0), shown twice ${report.shownTwice.length} (must be 0), not as documented ${report.wrong.length} (must be 0)`,
    `recovery time (from the faulty request until the same resource was next served well, or else the event channel's next batch): ` +
      `p50 ${ms(recovery.p50)}, p99 ${ms(recovery.p99)}, max ${ms(recovery.max)} over ${recovery.count} faults, ${recovery.unrecovered} without recovery; ` +
      `p50/p99/max by kind: ${FAULT_KINDS.flatMap((kind) => {
        const times = recovery.byKind[kind];
        return times ? [`${kind} ${Math.round(times.p50)}/${Math.round(times.p99)}/${Math.round(times.max)}`] : [];
      }).join(', ')} ms`,
    `${report.problems} problems reported and recovered from; ${report.signedInAtEnd ? 'still signed in' : 'signed out'} at the end; ${(report.durationMs / 1000).toFixed(1)} s`,
  ];
}

const isSubcode = (outcome: InvitationOutcome, subcode: string) => outcome.status === 'Failure' && outcome.reason.subcode === subcode;

function countByKind(faults: ReadonlyArray<{ kind: FaultKind }>): Partial<Record<FaultKind, number>> {
  const counts: Partial<Record<FaultKind, number>> = {};
  for (const { kind } of faults) counts[kind] = (counts[kind] ?? 0) + 1;
  return counts;
}

function describePlacement({ subject, outcome }: Placement, desk: Desk): string {
  const heard = outcome.status === 'Success' ? 'Success' : `Failure ${outcome.reason.subcode ?? outcome.reason.code}`;
  const end = desk.ends.get(subject);
  const shown = desk.shown.has(subject) ? `the desk showed ${end ? `${end.outcome} (${end.ending})` : 'no end'}` : 'never rang';
  return `${subject}: to ${intentOf(subject)}, the caller heard ${heard}, ${shown}`;
}
