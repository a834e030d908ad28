// Property-based fuzzing of the parsers, the offer analysis, links, the policy loader and the IPC
// contract (test/fuzz/). npm test runs a sample of each property; `npm run fuzz` (FUZZ_RUNS=full, set by
// test/fuzz/vitest.config.ts) runs them all in full and prints the cases and time per target.
import { afterAll, beforeAll, describe, it } from 'vitest';
import { batchReaderTarget } from '../fuzz/batchReader.fuzz.js';
import { bridgeTarget } from '../fuzz/bridge.fuzz.js';
import { dataUriTarget } from '../fuzz/dataUri.fuzz.js';
import { eventsTarget } from '../fuzz/events.fuzz.js';
import type { FuzzProperty, FuzzTarget } from '../fuzz/fuzzProperty.js';
import { invitationsTarget } from '../fuzz/invitations.fuzz.js';
import { linksTarget } from '../fuzz/links.fuzz.js';
import { multipartTarget } from '../fuzz/multipart.fuzz.js';
import { policyTarget } from '../fuzz/policy.fuzz.js';
import { resourcesTarget } from '../fuzz/resources.fuzz.js';
import { ringLimitTarget } from '../fuzz/ringLimit.fuzz.js';
import { routerTarget } from '../fuzz/router.fuzz.js';
import { sdpTarget } from '../fuzz/sdp.fuzz.js';

const TARGETS: FuzzTarget[] = [
  invitationsTarget,
  resourcesTarget,
  eventsTarget,
  batchReaderTarget,
  dataUriTarget,
  sdpTarget,
  multipartTarget,
  bridgeTarget,
  linksTarget,
  policyTarget,
  routerTarget,
  ringLimitTarget,
];

const full = process.env.FUZZ_RUNS === 'full';
/** The sample: a hundredth of the full run, at least 20 cases a property. */
const runsOf = (property: FuzzProperty) => (full ? property.fullRuns : Math.max(20, Math.round(property.fullRuns / 100)));

const tally: Array<{ target: string; cases: number; ms: number }> = [];

for (const target of TARGETS) {
  describe(target.name, () => {
    const row = { target: target.name, cases: 0, ms: 0 };
    tally.push(row);
    if (target.setUp) beforeAll(target.setUp);
    if (target.tearDown) afterAll(target.tearDown);
    for (const property of target.properties) {
      it(property.name, async () => {
        const started = performance.now();
        row.cases += await property.check(runsOf(property));
        row.ms += performance.now() - started;
      });
    }
  });
}

afterAll(() => {
  if (!full) return;
  const line = (name: string, cases: number, ms: number) => `${name.padEnd(76)}${String(cases).padStart(8)}${(ms / 1000).toFixed(1).padStart(9)} s`;
  const total = tally.reduce((sum, row) => ({ cases: sum.cases + row.cases, ms: sum.ms + row.ms }), { cases: 0, ms: 0 });
  console.log(
    [
      '',
      `${'fuzz target'.padEnd(76)}${'cases'.padStart(8)}${'time'.padStart(11)}`,
      ...tally.map((row) => line(row.target, row.cases, row.ms)),
      line('total', total.cases, total.ms),
    ].join('\n'),
  );
});
