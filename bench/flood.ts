// A flood of invitations: the local service (here) sends messaging invitations in large event batches, each
// released as soon as the client asks for it, to the core in a Node process of its own (floodCore.mjs),
// which measures its event loop's longest stall and its CPU time. The baseline is the same batches read by
// the event channel and its parser alone, in a process of its own the same way.
import { fork, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import { fileURLToPath } from 'node:url';
import { LocalUcwaService, type PlacedCall } from '../main/local/service.js';
import { row, type Row } from './report.js';

const FLOOD_CORE = fileURLToPath(new URL('./floodCore.mjs', import.meta.url));
const FROM = { name: 'Flood', uri: 'sip:flood@contoso.com' };
/** A flood of invitations in large event batches (about 3 MB each): no task of the core over 100 ms. */
export const FLOOD = { invitations: 10_000, perBatch: 2_000, longestTaskTargetMs: 100 };

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
  // Both sides start and sign in at once, then are flooded in turn: the parser first, closed once measured,
  // while the core waits idle in its own process (its pending event GET held). What each side measures, its
  // CPU and its longest task, is still its own process's alone.
  const sides = await Promise.allSettled([startSide('parser'), startSide('core')]);
  try {
    const [parser, core] = sides.map((side) => {
      if (side.status === 'rejected') throw side.reason;
      return side.value;
    }) as [FloodSide, FloodSide];
    const parserAlone = await parser.flood(invitations, perBatch);
    await parser.close();
    const app = await core.flood(invitations, perBatch);
    return { invitations, perBatch, ringing: app.ringing, app: app.figures, parserAlone: parserAlone.figures };
  } finally {
    await Promise.all(sides.map((side) => side.status === 'fulfilled' && side.value.close()));
  }
}

type ChildReport = { ringing?: number; events?: number } & Partial<{
  longestTaskMs: number;
  longestTaskCpuMs: number;
  longestTaskMainThreadCpuMs: number;
  cpuSeconds: number;
  publications: number;
  largestSnapshot: number;
}>;

type FloodSide = {
  flood(invitations: number, perBatch: number): Promise<{ ringing: number; figures: FloodFigures }>;
  close(): Promise<void>;
};

/** A local service of its own and, signed in to it, the side `mode` in its own process, ready to be flooded. */
async function startSide(mode: 'core' | 'parser'): Promise<FloodSide> {
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
  let closed: Promise<void> | undefined;
  const close = () =>
    (closed ??= (async () => {
      child.kill();
      await service.stop();
    })());
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
  await until(child, 'ready').catch(async (error: unknown) => {
    await close();
    throw error;
  });
  const flood = async (invitations: number, perBatch: number) => {
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
  };
  return { flood, close };
}

function until(child: ChildProcess, message: string): Promise<void> {
  return new Promise((resolve, reject) => {
    child.on('message', (received) => received === message && resolve());
    void once(child, 'exit').then(() => reject(new Error(`the flood's ${message} never came: the process ended`)));
  });
}

/** The flood's figures, each beside the same batches through the event channel and its parser alone. */
export function floodRows({ invitations, perBatch, ringing, app, parserAlone }: Flood): Row[] {
  const name = `invitation flood (${invitations} in batches of ${perBatch})`;
  const alone = (value: number) => ({ name: 'parser alone', value });
  return [
    row(`${name}, until each rang or was declined`, app.seconds, 's', {
      baseline: alone(parserAlone.seconds),
      note: `${ringing} rang, ${invitations - ringing} declined`,
    }),
    row(`${name}, longest task, CPU`, app.longestTaskCpuMs, 'ms', {
      baseline: alone(parserAlone.longestTaskCpuMs),
      target: FLOOD.longestTaskTargetMs,
      note: 'the most CPU time between two turns of the event loop (all the process’s threads, GC’s too)',
    }),
    ...(app.longestTaskMainThreadCpuMs !== undefined && parserAlone.longestTaskMainThreadCpuMs !== undefined
      ? [
          row(`${name}, longest task, main thread CPU`, app.longestTaskMainThreadCpuMs, 'ms', {
            baseline: alone(parserAlone.longestTaskMainThreadCpuMs),
            note: 'the main thread’s CPU time alone (its schedstat): what held the event loop',
          }),
        ]
      : []),
    row(`${name}, longest task, wall`, app.longestTaskMs, 'ms', {
      baseline: alone(parserAlone.longestTaskMs),
      note: 'includes time the OS gave other processes',
    }),
    row(`${name}, CPU`, app.cpuSeconds, 's', { baseline: alone(parserAlone.cpuSeconds), note: 'incl. a decline request for each declined' }),
    row(`${name}, snapshots published`, app.publications, '', { note: `the largest ${(app.largestSnapshotBytes / 1024).toFixed(1)} KiB` }),
  ];
}
