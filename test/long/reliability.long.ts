// `npm run reliability`: the event channel under faults at scale, through the fault-injecting proxy. Prints
// the figures and a summary line; fails (exit code 1) if anything was lost, shown twice or not as documented.
import { expect, it } from 'vitest';
import { runInvitationsUnderFaults } from '../support/faultRun.js';
import { describeFaultRun, shortfalls } from '../support/faultRunReport.js';

const INVITATIONS = 1000;
const FAULTS = 500;
const DEADLINE_MS = 10 * 60_000;

it(
  `event channel under faults: ${INVITATIONS} invitations, ${FAULTS} faults of every kind`,
  async () => {
    const report = await runInvitationsUnderFaults({ invitations: INVITATIONS, faults: FAULTS, deadlineMs: DEADLINE_MS });
    for (const line of describeFaultRun(report)) console.log(line);
    const failures = shortfalls(report);
    const { outcomes, faults } = report;
    console.log(
      `RELIABILITY ${failures.length ? 'FAIL' : 'PASS'}: sent ${report.sent}, rung ${report.rung}, answered ${outcomes.answered}, declined ${outcomes.declined}, ` +
        `failed as documented ${outcomes.failedAsDocumented}, lost ${outcomes.lost}, shown twice ${report.shownTwice.length}, ` +
        `recovery p99 ${Math.round(faults.recovery.p99)} ms${failures.length ? ` — ${failures.join('; ')}` : ''}`,
    );
    expect(failures).toEqual([]);
  },
  DEADLINE_MS + 120_000,
);
