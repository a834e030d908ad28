// Prints {rss, heapUsed} of this Node process after it idled and was collected: running only the softphone
// core (dist/node) signed in to its embedded local service, or with `bare`, nothing (the baseline).
// Run with --expose-gc.
import { randomUUID } from 'node:crypto';
import { setTimeout as sleep } from 'node:timers/promises';

const IDLE_MS = 1000;

const core = process.argv[2] === 'bare' ? undefined : await import('../dist/node/main/softphone.js');
const softphone = await core?.Softphone.start({ endpointId: randomUUID(), userAgent: 'softphone-bench' });
await sleep(IDLE_MS);
globalThis.gc();
const { rss, heapUsed } = process.memoryUsage();
process.stdout.write(JSON.stringify({ rss, heapUsed }));
await softphone?.stop();
