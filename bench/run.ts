// `npm run bench`: measures the softphone on this machine and prints a table; the figures, the baselines
// they are compared with (measured in the same run) and the machine go to bench/results.json. How each
// figure is measured: README.md ("Performance") and the comment beside each measurement.
import os from 'node:os';
import type { Browser } from 'playwright-core';
import { it } from 'vitest';
import { launchChromium } from '../test/harness/browser.js';
import { measureCall, openBenchApp, type CallKind, type CallTimings } from './appCalls.js';
import { rendererBundleSize } from './bundle.js';
import { measurePageClock } from './clock.js';
import { measureBridge } from './bridge.js';
import { measureEventThroughput } from './eventThroughput.js';
import { openFloorPage } from './floorPage.js';
import { answerFloor, longPollFloor } from './floors.js';
import { pageHeapUsed } from '../test/support/heap.js';
import { idleNodeMemory } from './memory.js';
import { latencyRows, printTable, row, writeResults, type Results } from './report.js';

/** Calls of each kind, video and audio in turn, after one warm-up call that is not counted. */
const CALLS_PER_KIND = 12;
const FLOOR_RUNS = 20;
const MESSAGES = 2000;
const INVITATIONS = 200;
const BRIDGED_CALL_SECONDS = 5;
/** Accept must reach the service within this share of the time answering from scratch takes. */
const CLICK_TO_ANSWER_TARGET = 0.2;

const KiB = 1024;
const MiB = 1024 * 1024;

it('measures the softphone', async () => {
  const started = performance.now();
  const loadBefore = os.loadavg()[0]!;
  const bundle = await rendererBundleSize();
  const [core, bare] = await Promise.all([idleNodeMemory('core'), idleNodeMemory('bare')]);
  const throughput = await measureEventThroughput(MESSAGES, INVITATIONS);
  const bridge = await measureBridge(BRIDGED_CALL_SECONDS);
  const browser = await launchChromium();
  let app: Awaited<ReturnType<typeof measureApp>>;
  let floors: Awaited<ReturnType<typeof measureFloors>>;
  try {
    app = await measureApp(browser);
    floors = await measureFloors(browser, app.offers);
  } finally {
    await browser.close();
  }

  const of = (kind: CallKind, key: keyof CallTimings) => app.calls[kind].map((call) => call[key] ?? NaN);
  const rows = [
    ...latencyRows('ring latency', [...of('video', 'ring'), ...of('audio', 'ring')], { name: 'long-poll + 1 frame', samples: floors.longPoll }),
    ...latencyRows('click to answer, video call', of('video', 'clickToAnswer'), { name: 'answer from scratch, video', samples: floors.videoAnswer }, CLICK_TO_ANSWER_TARGET),
    ...latencyRows('click to answer, audio call (early media)', of('audio', 'clickToAnswer'), { name: 'answer from scratch, audio', samples: floors.audioAnswer }, CLICK_TO_ANSWER_TARGET),
    ...latencyRows('answer to first RTP at caller, video call', of('video', 'answerToPeerRtp')),
    ...latencyRows('answer to first frame decoded in page, video call', of('video', 'answerToDecodedFrame')),
    ...latencyRows('answer to first frame shown in page, video call', of('video', 'answerToShownFrame')),
    ...latencyRows('answer to first RTP at caller, audio call (early media)', of('audio', 'answerToPeerRtp')),
    row('event throughput, IM messages', throughput.messages.events / throughput.messages.seconds, 'events/s', { note: `${MESSAGES} events` }),
    row('event throughput, invitations', throughput.invitations.events / throughput.invitations.seconds, 'events/s', { note: `${INVITATIONS} events` }),
    row('bridge, time per packet toward the renderer p50', bridge.toRenderer.latencyMs.p50, 'ms', { note: `${bridge.toRenderer.packets} packets` }),
    row('bridge, time per packet toward the renderer p99', bridge.toRenderer.latencyMs.p99, 'ms'),
    row('bridge, time per packet toward the caller p50', bridge.toCaller.latencyMs.p50, 'ms', { note: `${bridge.toCaller.packets} packets` }),
    row('bridge, time per packet toward the caller p99', bridge.toCaller.latencyMs.p99, 'ms'),
    row('bridge CPU per call', ((bridge.toRenderer.busyMs + bridge.toCaller.busyMs) / bridge.seconds / 1000) * 100, '% of a core', {
      note: `whole process incl. both test peers: ${((bridge.processCpuMs / bridge.seconds / 1000) * 100).toFixed(1)} %`,
    }),
    row('renderer bundle, gzip', bundle.gzip / KiB, 'KiB', { note: `${(bundle.raw / KiB).toFixed(0)} KiB as built` }),
    row('core RSS, idle', core.rss / MiB, 'MiB', { baseline: { name: 'bare Node', value: bare.rss / MiB } }),
    row('core JS heap, idle', core.heapUsed / MiB, 'MiB', { baseline: { name: 'bare Node', value: bare.heapUsed / MiB } }),
    row('page JS heap, idle', app.heap.idle / MiB, 'MiB', { baseline: { name: 'blank page', value: floors.blankPageHeap / MiB } }),
    row(`page JS heap, idle after ${2 * CALLS_PER_KIND + 1} calls`, app.heap.afterCalls / MiB, 'MiB', { baseline: { name: 'page JS heap, idle', value: app.heap.idle / MiB } }),
  ];

  const seconds = (performance.now() - started) / 1000;
  const cpus = os.cpus();
  const results: Results = {
    machine: {
      cpu: cpus[0]?.model ?? 'unknown',
      cores: cpus.length,
      memoryGiB: Math.round(os.totalmem() / 1024 ** 3),
      os: `${os.type()} ${os.release()}`,
      node: process.version,
      chromium: browser.version(),
    },
    run: {
      startedAt: new Date(Date.now() - seconds * 1000).toISOString(),
      seconds: Number(seconds.toFixed(1)),
      loadAverage1mBefore: loadBefore,
      loadAverage1mAfter: os.loadavg()[0]!,
      clockUncertaintyMs: Number(Math.max(app.clockUncertaintyMs, floors.clockUncertaintyMs).toFixed(2)),
    },
    rows,
  };
  await writeResults(new URL('./results.json', import.meta.url), results);
  printTable(rows);
  const { machine, run } = results;
  console.log(`\n${machine.cpu}, ${machine.cores} cores, Chromium ${machine.chromium}: ${run.seconds} s, load average ${run.loadAverage1mBefore} → ${run.loadAverage1mAfter}. Written to bench/results.json.`);
});

/** The app's calls, and its page's heap before and after them. */
async function measureApp(browser: Browser) {
  const app = await openBenchApp(browser);
  try {
    const idle = await pageHeapUsed(app.main);
    const calls: Record<CallKind, CallTimings[]> = { video: [], audio: [] };
    const offers: Record<CallKind, string> = { video: '', audio: '' };
    await measureCall(app, 'video');
    for (let i = 0; i < CALLS_PER_KIND; i++) {
      for (const kind of ['video', 'audio'] as const) {
        const { timings, offerSdp } = await measureCall(app, kind);
        calls[kind].push(timings);
        offers[kind] = offerSdp;
      }
    }
    return {
      calls,
      offers,
      heap: { idle, afterCalls: await pageHeapUsed(app.main) },
      clockUncertaintyMs: Math.max(app.mainClock.uncertaintyMs, app.ringClock.uncertaintyMs),
    };
  } finally {
    await app.close();
  }
}

/** The floors, in a blank page of the same Chromium, answering the same offers the app answered. */
async function measureFloors(browser: Browser, offers: Record<CallKind, string>) {
  const floor = await openFloorPage(browser);
  try {
    const blankPageHeap = await pageHeapUsed(floor.page);
    const clock = await measurePageClock(floor.page);
    // One warm-up each (the first getUserMedia starts the fake devices), not counted.
    await longPollFloor(floor, clock, 1);
    await answerFloor(floor, offers.video, true, 1);
    return {
      blankPageHeap,
      clockUncertaintyMs: clock.uncertaintyMs,
      longPoll: await longPollFloor(floor, clock, FLOOR_RUNS),
      videoAnswer: await answerFloor(floor, offers.video, true, FLOOR_RUNS),
      audioAnswer: await answerFloor(floor, offers.audio, false, FLOOR_RUNS),
    };
  } finally {
    await floor.close();
  }
}
