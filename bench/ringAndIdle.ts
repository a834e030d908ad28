// `BENCH=ringAndIdle npm run bench` (or `npx vitest run --config bench/vitest.config.ts` with BENCH set,
// after a build): only ring latency beside its long-poll baseline and the app's CPU idle before and after
// the calls, measured as bench/run.ts measures them, for working on these two figures in about a minute.
import { setTimeout as sleep } from 'node:timers/promises';
import { it } from 'vitest';
import { launchChromium } from '../test/harness/browser.js';
import { pageHeapUsed } from '../test/support/heap.js';
import { hostedIn, measureCall, openBenchApp } from './appCalls.js';
import { measurePageClock } from './clock.js';
import { openFloorPage } from './floorPage.js';
import { longPollFloor } from './floors.js';
import { cpuDuring } from './processCpu.js';
import { cpuTable, latencyRows, printCpuTable, printTable } from './report.js';

const PAIRS = 24;
const IDLE_WINDOW_MS = 5_000;
const SETTLE_MS = 2_000;
const BASELINE_PAGE = 'baseline page';

it('measures ring latency and idle CPU', async () => {
  const browser = await launchChromium([], ['SpareRendererForSitePerProcess']);
  try {
    const app = await openBenchApp(browser);
    const floor = await hostedIn(app.pages, BASELINE_PAGE, () => openFloorPage(browser));
    try {
      const floorClock = await measurePageClock(floor.page);
      await pageHeapUsed(app.main);
      await sleep(SETTLE_MS);
      const idle = await cpuDuring(app.pages, () => sleep(IDLE_WINDOW_MS));
      await measureCall(app, 'video');
      await longPollFloor(floor, floorClock, 1);
      const rings: number[] = [];
      const longPoll: number[] = [];
      for (let i = 0; i < PAIRS; i++) {
        for (const kind of ['video', 'audio'] as const) rings.push((await measureCall(app, kind)).timings.ring);
        longPoll.push(...(await longPollFloor(floor, floorClock, 1)));
      }
      // Read at once, then as bench/run.ts reads it: after a forced collection in the main window and the settling time.
      const justAfterCalls = await cpuDuring(app.pages, () => sleep(IDLE_WINDOW_MS));
      await pageHeapUsed(app.main);
      await sleep(SETTLE_MS);
      const idleAfterCalls = await cpuDuring(app.pages, () => sleep(IDLE_WINDOW_MS));
      printTable(latencyRows('ring latency', rings, { name: 'long-poll + 1 frame', samples: longPoll }, { p50: 1.5, p95: 2 }));
      // The table's columns: idle before the calls, after them as run.ts reads it, and (under "ringing") at once after them.
      const none = new Map<string, number>();
      printCpuTable(cpuTable({ idle, idleAfterCalls, ringing: justAfterCalls, inCall: none }, [BASELINE_PAGE, 'Chromium WebUI']));
    } finally {
      await floor.close();
      await app.close();
    }
  } finally {
    await browser.close();
  }
});
