// Prints {rss, heapUsed, reducerCollections} of this Node process once it has rested, running one of:
// `core`: the app's core (dist/node) signed in to its embedded local service, or, given a UCWA root URL, a
// username and a password after the most seconds, signed in to that server as a company's user is (the
// embedded service's code never loads then);
// `bare`: nothing (the baseline);
// `zod`: nothing but the app's zod module (dist/node/preload/shared/zod), which tells how much of the core's memory is zod's.
// It prints `ready` when what it runs has started, then rests after a forced full collection until V8's memory
// reducer has collected and a second has passed without another collection (the reducer gives back the young
// generation and the malloc startup grew; it tries every 8 s after a full collection and runs once the
// allocation rate reads low), or SIGUSR2 comes (a handler loads no module, unlike reading stdin), or the most
// seconds given as the second argument pass. Then one more forced collection, and the reading.
// Run with --expose-gc.
import { randomUUID } from 'node:crypto';
import { PerformanceObserver, constants } from 'node:perf_hooks';
import { setTimeout as sleep } from 'node:timers/promises';

const QUIET_MS = 1000;
const [what = 'core', mostRestSeconds = '45', rootUrl, username, password] = process.argv.slice(2);

let stop = async () => {};
if (what === 'core') {
  const { Core } = await import('../dist/node/main/core/core.js');
  const server = rootUrl ? { rootUrl: new URL(rootUrl), credentials: { grant: 'password', username, password } } : undefined;
  const core = await Core.start({ server, endpointId: randomUUID(), userAgent: 'softphone-bench' });
  stop = () => core.stop();
} else if (what === 'zod') {
  await import('../dist/node/preload/shared/zod/zod.js');
}
process.stdout.write('ready\n');

const rested = new AbortController();
let reducerCollections = 0;
let quietTimer;
// The memory reducer's collections are the major ones that ask for all external memory too.
const isReducers = ({ detail }) =>
  detail.kind === constants.NODE_PERFORMANCE_GC_MAJOR && (detail.flags & constants.NODE_PERFORMANCE_GC_FLAGS_ALL_EXTERNAL_MEMORY) !== 0;
new PerformanceObserver((list) => {
  reducerCollections += list.getEntries().filter(isReducers).length;
  clearTimeout(quietTimer);
  if (reducerCollections > 0) quietTimer = setTimeout(() => rested.abort(), QUIET_MS);
}).observe({ entryTypes: ['gc'] });
process.once('SIGUSR2', () => rested.abort());

globalThis.gc();
await sleep(Number(mostRestSeconds) * 1000, undefined, { signal: rested.signal }).catch(() => {});
globalThis.gc();
const { rss, heapUsed } = process.memoryUsage();
process.stdout.write(JSON.stringify({ rss, heapUsed, reducerCollections }));
await stop();
process.exit(0);
