// One side of the flood figure (bench/flood.ts), in a Node process of its own so that only it is measured:
// `core` is the app's core (dist/node) signed in to the local service at the given root; `parser`, the
// baseline, is the event channel and its parser alone on the same batches. After 'go' it counts, and on
// 'done' it reports its longest task and its CPU time.
import { randomUUID } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';

const [mode, rootUrl, username, password] = process.argv.slice(2);
const server = { rootUrl: new URL(rootUrl), credentials: { grant: 'password', username, password } };
let publications = 0;
let largestSnapshot = 0;
let cpu;

/**
 * The longest task: a timer asks for a turn every millisecond, and the longest gap between two turns is
 * the longest the event loop was held. On a busy machine that gap also holds time the OS gave other
 * processes, so CPU time over the same gap is kept too: the process's (all its threads: V8's garbage
 * collector and compiler threads, working beside the event loop, too) and, on Linux, the main thread's
 * alone (its schedstat): what holding the event loop cost.
 */
const longest = { wallMs: 0, cpuMs: 0, mainThreadCpuMs: 0 };
const MAIN_THREAD_SCHEDSTAT = `/proc/self/task/${process.pid}/schedstat`;
const mainThreadCpuMs = existsSync(MAIN_THREAD_SCHEDSTAT) ? () => Number(readFileSync(MAIN_THREAD_SCHEDSTAT, 'utf8').split(' ')[0]) / 1e6 : undefined;
const processCpuMs = () => {
  const { user, system } = process.cpuUsage();
  return (user + system) / 1000;
};
let ticker;
function watchTasks() {
  let last = { wall: performance.now(), cpu: processCpuMs(), mainThread: mainThreadCpuMs?.() };
  ticker = setInterval(() => {
    const now = { wall: performance.now(), cpu: processCpuMs(), mainThread: mainThreadCpuMs?.() };
    longest.wallMs = Math.max(longest.wallMs, now.wall - last.wall);
    longest.cpuMs = Math.max(longest.cpuMs, now.cpu - last.cpu);
    if (now.mainThread !== undefined) longest.mainThreadCpuMs = Math.max(longest.mainThreadCpuMs, now.mainThread - last.mainThread);
    last = now;
  }, 1);
}

let stop;
if (mode === 'core') {
  const { Core } = await import('../dist/node/main/core/core.js');
  const core = await Core.start({ server, endpointId: randomUUID(), userAgent: 'softphone-bench' });
  // What the Electron adapter does with each snapshot: it serialises it for the windows.
  core.subscribe((snapshot) => {
    publications++;
    largestSnapshot = Math.max(largestSnapshot, JSON.stringify(snapshot).length);
    process.send({ ringing: snapshot.calls.length });
  });
  stop = () => core.stop();
} else {
  const { UcwaClient } = await import('../dist/node/main/ucwa/client.js');
  let events = 0;
  const client = await UcwaClient.connect({
    fetch,
    ...server,
    identity: { userAgent: 'softphone-bench', endpointId: randomUUID(), culture: 'en-US' },
    handlers: {
      onBatch: async (batch) => {
        events += batch.events.length;
        process.send({ events });
      },
      onResync: async () => {},
      onApplicationReplaced: () => {},
      onProblem: () => {},
      onFatal: () => {},
    },
  });
  client.listen();
  stop = () => client.close();
}

process.on('message', async (message) => {
  if (message === 'go') {
    watchTasks();
    cpu = process.cpuUsage();
  } else if (message === 'done') {
    clearInterval(ticker);
    const used = process.cpuUsage(cpu);
    process.send({
      longestTaskMs: longest.wallMs,
      longestTaskCpuMs: longest.cpuMs,
      longestTaskMainThreadCpuMs: mainThreadCpuMs && longest.mainThreadCpuMs,
      cpuSeconds: (used.user + used.system) / 1e6,
      publications,
      largestSnapshot,
    });
    await stop();
    process.disconnect();
  }
});
process.send('ready');
