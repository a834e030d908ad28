// Prints {rss, heapUsed} of this Node process after it idled and was collected, running one of:
// `core`: the app's core (dist/node) signed in to its embedded local service;
// `bare`: nothing (the baseline);
// `zod`: nothing but the app's zod module (dist/node/preload/shared/zod), which tells how much of the core's memory is zod's.
// Run with --expose-gc.
import { randomUUID } from 'node:crypto';
import { setTimeout as sleep } from 'node:timers/promises';

const IDLE_MS = 1000;
const what = process.argv[2] ?? 'core';

let stop = async () => {};
if (what === 'core') {
  const { Core } = await import('../dist/node/main/core/core.js');
  const core = await Core.start({ endpointId: randomUUID(), userAgent: 'softphone-bench' });
  stop = () => core.stop();
} else if (what === 'zod') {
  await import('../dist/node/preload/shared/zod/zod.js');
}
await sleep(IDLE_MS);
globalThis.gc();
const { rss, heapUsed } = process.memoryUsage();
process.stdout.write(JSON.stringify({ rss, heapUsed }));
await stop();
