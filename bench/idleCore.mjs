// Prints {rss, heapUsed} of this Node process after it idled and was collected, running one of:
// `core`: the app's core (dist/node) signed in to its embedded local service;
// `bare`: nothing (the baseline);
// `fetch`: nothing but one fetch from a loopback server (Node's fetch, undici, loads on first use);
// `zod`: nothing but zod imported.
// The last two tell where the core's memory goes. Run with --expose-gc.
import { randomUUID } from 'node:crypto';
import { createServer } from 'node:http';
import { setTimeout as sleep } from 'node:timers/promises';

const IDLE_MS = 1000;
const what = process.argv[2] ?? 'core';

let stop = async () => {};
if (what === 'core') {
  const { Core } = await import('../dist/node/main/core/core.js');
  const core = await Core.start({ endpointId: randomUUID(), userAgent: 'softphone-bench' });
  stop = () => core.stop();
} else if (what === 'fetch') {
  const server = createServer((_, response) => response.end('{}'));
  await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve));
  await (await fetch(`http://127.0.0.1:${server.address().port}/`)).text();
  server.close();
} else if (what === 'zod') {
  await import('zod');
}
await sleep(IDLE_MS);
globalThis.gc();
const { rss, heapUsed } = process.memoryUsage();
process.stdout.write(JSON.stringify({ rss, heapUsed }));
await stop();
