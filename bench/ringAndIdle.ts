// `BENCH=ringAndIdle npm run bench` (or `npx vitest run --config bench/vitest.config.ts` with BENCH set,
// after a build): only ring latency beside its long-poll baselines (the page's own, and relayed through
// Node), and the app's CPU by process idle before and after the calls (each read once settled, as
// bench/run.ts reads it) and over a 10 s ring, for working on these figures in about a minute.
import { setTimeout as sleep } from 'node:timers/promises';
import { it } from 'vitest';
import { launchChromium } from '../test/harness/browser.js';
import { pageHeapUsed } from '../test/support/heap.js';
import { hostedIn, measureCall, openBenchApp } from './appCalls.js';
import { measurePageClock } from './clock.js';
import { openFloorPage } from './floorPage.js';
import { longPollFloor, relayedLongPollFloor } from './floors.js';
import { cpuDuring } from './processCpu.js';
import { appPercent, cpuTable, latencyRows, printCpuTable, printTable } from './report.js';
import { readSettled, settledNote } from './settled.js';

const PAIRS = 24;
const IDLE_WINDOW_MS = 5_000;
const SETTLE_MS = 2_000;
const LONG_RING_MS = 10_000;
const BASELINE_PAGE = 'baseline page';
const NOT_THE_APP = [BASELINE_PAGE, 'Chromium WebUI'];

it('measures ring latency and idle CPU', async () => {
  const browser = await launchChromium([], ['SpareRendererForSitePerProcess']);
  try {
    const app = await openBenchApp(browser);
    const floor = await hostedIn(app.pages, BASELINE_PAGE, () => openFloorPage(browser));
    const settledIdle = () =>
      readSettled(
        () => cpuDuring(app.pages, () => sleep(IDLE_WINDOW_MS)),
        (cpu) => appPercent(cpu, NOT_THE_APP),
      );
    try {
      const floorClock = await measurePageClock(floor.page);
      await pageHeapUsed(app.main);
      await sleep(SETTLE_MS);
      const idle = await settledIdle();
      await measureCall(app, 'video');
      await longPollFloor(floor, floorClock, 1);
      await relayedLongPollFloor(floor, floorClock, 1);
      const rings: number[] = [];
      const longPoll: number[] = [];
      const relayed: number[] = [];
      for (let i = 0; i < PAIRS; i++) {
        for (const kind of ['video', 'audio'] as const) rings.push((await measureCall(app, kind)).timings.ring);
        longPoll.push(...(await longPollFloor(floor, floorClock, 1)));
        relayed.push(...(await relayedLongPollFloor(floor, floorClock, 1)));
      }
      let ringing = new Map<string, number>();
      await measureCall(app, 'video', { whileRinging: async () => void (ringing = await cpuDuring(app.pages, () => sleep(LONG_RING_MS))) });
      await pageHeapUsed(app.main);
      await sleep(SETTLE_MS);
      const idleAfterCalls = await settledIdle();
      printTable([
        ...latencyRows('ring latency', rings, { name: 'long-poll + 1 frame', samples: longPoll }, { p50: 1.5, p95: 2 }),
        ...latencyRows('ring latency beside its two hops alone', rings, { name: 'relayed long-poll + 1 frame', samples: relayed }),
      ]);
      console.log(`idle: ${settledNote(idle, IDLE_WINDOW_MS)}\nidle after the calls: ${settledNote(idleAfterCalls, IDLE_WINDOW_MS)}`);
      const none = new Map<string, number>();
      printCpuTable(cpuTable({ idle: idle.reading, idleAfterCalls: idleAfterCalls.reading, ringing, inCall: none }, NOT_THE_APP));
    } finally {
      await floor.close();
      await app.close();
    }
  } finally {
    await browser.close();
  }
});
