// A flood of invitations: the local service (here) sends messaging invitations in large event batches, each
// released as soon as the client asks for it, to the core in a Node process of its own (floodCore.mjs),
// which measures its event loop's longest stall and its CPU time. The baseline is the same batches read by
// the event channel and its parser alone, in a process of its own the same way.
import { fork, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import { fileURLToPath } from 'node:url';
import { LocalUcwaService, type PlacedCall } from '../main/local/service.js';

const FLOOD_CORE = fileURLToPath(new URL('./floodCore.mjs', import.meta.url));
const FROM = { name: 'Flood', uri: 'sip:flood@contoso.com' };

export type FloodFigures = {
  /** From the first batch until every invitation rang or was declined (the parser: was read). */
  seconds: number;
  /** The longest the event loop was held, and the process's CPU time over that stretch. */
  longestTaskMs: number;
  longestTaskCpuMs: number;
  /** The most CPU time the main thread alone spent between two turns (Linux only): what held the event loop. */
  longestTaskMainThreadCpuMs: number | undefined;
  cpuSeconds: number;
  publications: number;
  largestSnapshotBytes: number;
};

export type Flood = { invitations: number; perBatch: number; ringing: number; app: FloodFigures; parserAlone: FloodFigures };

export async function measureFlood(invitations: number, perBatch: number): Promise<Flood> {
  const parserAlone = await floodInto('parser', invitations, perBatch);
  const app = await floodInto('core', invitations, perBatch);
  return { invitations, perBatch, ringing: app.ringing, app: app.figures, parserAlone: parserAlone.figures };
}

type ChildReport = { ringing?: number; events?: number } & Partial<{
  longestTaskMs: number;
  longestTaskCpuMs: number;
  longestTaskMainThreadCpuMs: number;
  cpuSeconds: number;
  publications: number;
  largestSnapshot: number;
}>;

async function floodInto(mode: 'core' | 'parser', invitations: number, perBatch: number) {
  let releasedBatches = 0;
  let onRelease = () => {};
  const service = new LocalUcwaService({
    ringTimeoutMs: 10 * 60_000,
    maxHoldSeconds: 30,
    onEventsReleased: (events) => {
      if (!events.some((event) => event.type === 'started')) return;
      releasedBatches++;
      onRelease();
    },
  });
  const rootUrl = await service.start();
  const child = fork(FLOOD_CORE, [mode, rootUrl.href, service.credentials.username, service.credentials.password]);
  try {
    let ringing = 0;
    let eventsRead = 0;
    const reports: ChildReport[] = [];
    let onReport = () => {};
    child.on('message', (message: 'ready' | ChildReport) => {
      if (message === 'ready') return;
      ringing = message.ringing ?? ringing;
      eventsRead = message.events ?? eventsRead;
      reports.push(message);
      onReport();
    });
    await until(child, 'ready');
    child.send('go');
    const started = performance.now();
    const legs: PlacedCall[] = [];
    // Each batch goes out as soon as the client asks for one: the next is placed once the last was released.
    for (let batch = 0; batch < invitations / perBatch; batch++) {
      const released = new Promise<void>((resolve) => (onRelease = resolve));
      legs.push(
        ...service.inOneBatch(() =>
          Array.from({ length: perBatch }, (_, i) => service.startMessaging({ from: FROM, message: `Invitation ${batch * perBatch + i}` })),
        ),
      );
      if (releasedBatches <= batch) await released;
    }
    let settled = 0;
    await new Promise<void>((resolve) => {
      const done = () => (mode === 'core' ? settled + ringing === invitations : eventsRead >= invitations) && resolve();
      onReport = done;
      for (const leg of legs) void leg.outcome.then(() => (settled++, done()));
      done();
    });
    const seconds = (performance.now() - started) / 1000;
    child.send('done');
    const final = await new Promise<ChildReport>((resolve) => (onReport = () => reports.at(-1)?.cpuSeconds !== undefined && resolve(reports.at(-1)!)));
    for (const leg of legs) leg.cancel();
    return {
      ringing,
      figures: {
        seconds,
        longestTaskMs: final.longestTaskMs!,
        longestTaskCpuMs: final.longestTaskCpuMs!,
        longestTaskMainThreadCpuMs: final.longestTaskMainThreadCpuMs,
        cpuSeconds: final.cpuSeconds!,
        publications: final.publications!,
        largestSnapshotBytes: final.largestSnapshot!,
      },
    };
  } finally {
    child.kill();
    await service.stop();
  }
}

function until(child: ChildProcess, message: string): Promise<void> {
  return new Promise((resolve, reject) => {
    child.on('message', (received) => received === message && resolve());
    void once(child, 'exit').then(() => reject(new Error(`the flood's ${message} never came: the process ended`)));
  });
}
