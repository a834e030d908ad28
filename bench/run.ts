// `npm run bench`: measures the softphone on this machine and prints its tables; the figures, the baselines
// they are compared with (measured in the same run, beside the app) and the machine go to
// bench/results.json. How each figure is measured: README.md ("Performance") and the comment beside each
// measurement.
import os from 'node:os';
import { setTimeout as sleep } from 'node:timers/promises';
import type { Page } from 'playwright-core';
import { it } from 'vitest';
import { launchChromium, wireLog } from '../test/harness/browser.js';
import { pageHeapUsed } from '../test/support/heap.js';
import { hostedIn, measureCall, openBenchApp, type BenchApp, type CallKind, type CallTimings } from './appCalls.js';
import { measureBridge } from './bridge.js';
import { callingOutRows, measureCallsOut } from './callingOut.js';
import { rendererBundleSize } from './bundle.js';
import { measurePageClock } from './clock.js';
import { MOST_RINGING } from '../main/calls/ringLimit.js';
import { measureEventThroughput } from './eventThroughput.js';
import { FLOOD, floodRows, measureFlood } from './flood.js';
import { historyRows, measureHistory, type HistoryBench } from './history.js';
import { measurePeopleSearch, peopleSearchRows } from './peopleSearch.js';
import { openFloorPage, type FloorPage } from './floorPage.js';
import { measureMeeting, meetingRows, type MeetingBench } from './meeting.js';
import { measurePresenceFlood, presenceRows, type PresenceFlood } from './presence.js';
import { answerFloor, longPollFloor, relayedLongPollFloor } from './floors.js';
import { Phases, printPhases } from './phases.js';
import { startResting, type CoreAtRest, type MemoryAtRest } from './memory.js';
import { cpuDuring } from './processCpu.js';
import { appPercent, cpuTable, latencyRows, maxRow, printCpuTable, printTable, row, writeResults, type CpuByState, type Results } from './report.js';
import { readSettled, settledNote } from './settled.js';

/** Calls of each kind, video and audio in turn, after one warm-up call that is not counted: enough for a p95. */
const CALLS_PER_KIND = 24;
/** Calls placed from Home of each kind (direct, bridged), after one warm-up of each. */
const CALLS_OUT_PER_KIND = 24;
/** Keystrokes in Home's search, each beside a plain fetch of the same search. */
const SEARCHES = 24;
/** Video calls answered only after a long ring, to show the prepared answer does not go stale. */
const LONG_RINGS = 1;
const LONG_RING_MS = 10_000;
/** How long CPU is read while idle (before the calls and after them) and in a call; the long ring is read whole. */
const IDLE_WINDOW_MS = 5_000;
/** Before the first idle reading: the windows have just opened and measured their clocks and heaps. */
const SETTLE_MS = 2_000;
const IN_CALL_WINDOW_MS = 3_000;
const MESSAGES = 2000;
const INVITATIONS = 200;
const BRIDGED_CALL_SECONDS = 2;
/** Accept must reach the service within this share of the time answering from scratch takes. */
const CLICK_TO_ANSWER_TARGET = 0.2;
/** Ring latency within these multiples of the long-poll baseline, at p50 and p95. */
const RING_TARGET = { p50: 1.5, p95: 2 };
const SHOWN_FRAME_TARGET_MS = 300;
const IDLE_CPU_TARGET = 2;
const RINGING_CPU_TARGET = 15;
const CORE_RSS_TARGET = 1.5;
const CORE_READINGS = 3;
const BASELINE_PAGE = 'baseline page';
/**
 * Not the app's: the baseline page, and headless Chromium's own WebUI renderer, which an Electron app has
 * no counterpart of.
 */
const NOT_THE_APP = [BASELINE_PAGE, 'Chromium WebUI'];

/** How long a CPU reading lasts, as its row says it. */
const inSeconds = (ms: number) => `${ms / 1000} s`;

const KiB = 1024;
const MiB = 1024 * 1024;

/** How a core's RSS was read: the median of the fresh cores read at rest, and all their readings. */
const atRest = (core: CoreAtRest) =>
  `the median of ${CORE_READINGS} fresh cores, each read at rest (${core.fewestReducerCollections > 0 ? 'once V8’s memory reducer had collected' : 'NOT all after V8’s memory reducer had collected'}): ${core.rssReadings.map((rss) => (rss / MiB).toFixed(1)).join(', ')} MiB`;

it('measures the softphone', async () => {
  const started = performance.now();
  const loadBefore = os.loadavg()[0]!;
  const phases = new Phases();
  const bundle = await rendererBundleSize();
  const throughput = await phases.time('event throughput', () => measureEventThroughput(MESSAGES, INVITATIONS));
  const flood = await phases.time('invitation flood', () => measureFlood(FLOOD.invitations, FLOOD.perBatch));
  const bridge = await phases.time('media bridge', () => measureBridge(BRIDGED_CALL_SECONDS));
  // The processes whose memory is read start after the flood (five starting and settling processes beside it
  // took its time until each rang from 7 to 11 s), and once all have started they rest (what is read is memory,
  // which the CPU of the windows opening and idling does not change) until the app's idle is read.
  const resting = startResting(CORE_READINGS);
  await phases.time('memory: Node processes started', () => resting.ready);
  const readAtRest = () => phases.time('memory: the cores read at rest', resting.read);
  // Without a spare renderer kept ready, each page opened starts its own process: CPU by page is read by pid.
  const browser = await phases.time('Chromium launched', () => launchChromium([], ['SpareRendererForSitePerProcess']));
  let measured: Awaited<ReturnType<typeof measureApp>>;
  let presence: PresenceFlood, meeting: MeetingBench, history: HistoryBench;
  try {
    const app = await phases.time('bench app opened', () => openBenchApp(browser));
    const floor = await hostedIn(app.pages, BASELINE_PAGE, () => openFloorPage(browser));
    try {
      measured = await measureApp(app, floor, phases, readAtRest);
    } finally {
      await phases.time('bench app closed', async () => {
        await floor.close();
        await app.close();
      });
    }
    presence = await phases.time('presence flood', () => measurePresenceFlood(browser));
    meeting = await phases.time('meeting of 50', () => measureMeeting(browser));
    history = await phases.time('history', () => measureHistory(browser));
  } finally {
    await browser.close();
  }
  const { calls, floors, longRings, cpu, idleCommandsPerSecond, idleReadings, heap } = measured;
  const { onServer, onEmbeddedService, bare, withZod } = measured.rested;
  const idleCommands = (window: 'main' | 'ring') => Math.max(...idleCommandsPerSecond.map((perSecond) => perSecond[window]));

  const of = (kind: CallKind, key: keyof CallTimings) => calls[kind].map((call) => call[key] ?? NaN);
  const cpuByProcess = cpuTable(cpu, NOT_THE_APP);
  const appCpu = (state: keyof CpuByState) => cpuByProcess.at(-1)![state];
  const rows = [
    ...latencyRows('ring latency', [...of('video', 'ring'), ...of('audio', 'ring')], { name: 'long-poll + 1 frame', samples: floors.longPoll }, RING_TARGET),
    ...latencyRows('ring latency beside its two hops alone', [...of('video', 'ring'), ...of('audio', 'ring')], {
      name: 'relayed long-poll + 1 frame',
      samples: floors.relayed,
    }),
    ...latencyRows(
      'click to answer, video call',
      of('video', 'clickToAnswer'),
      { name: 'answer from scratch, video', samples: floors.videoAnswer },
      CLICK_TO_ANSWER_TARGET,
    ),
    ...latencyRows(
      'click to answer, audio call (early media)',
      of('audio', 'clickToAnswer'),
      { name: 'answer from scratch, audio', samples: floors.audioAnswer },
      CLICK_TO_ANSWER_TARGET,
    ),
    ...latencyRows('answer to first RTP at caller, video call', of('video', 'answerToPeerRtp')),
    ...latencyRows('answer to first frame decoded in page, video call', of('video', 'answerToDecodedFrame')),
    ...latencyRows('answer to first frame shown in page, video call', of('video', 'answerToShownFrame'), undefined, SHOWN_FRAME_TARGET_MS),
    ...latencyRows('answer to first RTP at caller, audio call (early media)', of('audio', 'answerToPeerRtp')),
    maxRow(
      `answer to first frame decoded, video call after a ${LONG_RING_MS / 1000} s ring`,
      longRings.map((call) => call.answerToDecodedFrame ?? NaN),
    ),
    maxRow(
      `answer to first frame shown, video call after a ${LONG_RING_MS / 1000} s ring`,
      longRings.map((call) => call.answerToShownFrame ?? NaN),
      SHOWN_FRAME_TARGET_MS,
    ),
    ...callingOutRows(measured.callsOut),
    ...peopleSearchRows(measured.search),
    row('CPU of all the app’s processes, idle signed in', appCpu('idle'), '% of a core', {
      target: IDLE_CPU_TARGET,
      note: `core + pages + browser, GPU, network, audio; ${settledNote(idleReadings.idle, IDLE_WINDOW_MS)}, from ${inSeconds(SETTLE_MS)} after a forced collection in the main window`,
    }),
    row('CPU of all the app’s processes, idle after the calls', appCpu('idleAfterCalls'), '% of a core', {
      target: IDLE_CPU_TARGET,
      note: `${settledNote(idleReadings.afterCalls, IDLE_WINDOW_MS)}, from ${inSeconds(SETTLE_MS)} after a forced collection in the main window`,
    }),
    row('CPU of all the app’s processes, ringing', appCpu('ringing'), '% of a core', {
      target: RINGING_CPU_TARGET,
      note: `incl. the werift caller in the core; over the whole ${inSeconds(LONG_RING_MS)} ring`,
    }),
    row('CPU of all the app’s processes, in a video call', appCpu('inCall'), '% of a core', {
      note: `incl. the werift caller in the core; over ${inSeconds(IN_CALL_WINDOW_MS)}`,
    }),
    row('commands sent by the main window, idle', idleCommands('main'), '/s', { note: 'the busier of the two idle readings' }),
    row('commands sent by the ring window, idle', idleCommands('ring'), '/s', { note: 'the busier of the two idle readings' }),
    row('event throughput, IM messages', throughput.messages.events / throughput.messages.seconds, 'events/s', { note: `${MESSAGES} events` }),
    row('event throughput, invitations', throughput.invitations.events / throughput.invitations.seconds, 'events/s', {
      note: `${INVITATIONS} events: ${MOST_RINGING} rang, the rest declined`,
    }),
    ...floodRows(flood),
    ...presenceRows(presence),
    ...meetingRows(meeting),
    ...historyRows(history),
    row('bridge, time per packet toward the renderer p50', bridge.toRenderer.latencyMs.p50, 'ms', { note: `${bridge.toRenderer.packets} packets` }),
    row('bridge, time per packet toward the renderer p99', bridge.toRenderer.latencyMs.p99, 'ms'),
    row('bridge, time per packet toward the caller p50', bridge.toCaller.latencyMs.p50, 'ms', { note: `${bridge.toCaller.packets} packets` }),
    row('bridge, time per packet toward the caller p99', bridge.toCaller.latencyMs.p99, 'ms'),
    row('bridge CPU per call', ((bridge.toRenderer.busyMs + bridge.toCaller.busyMs) / bridge.seconds / 1000) * 100, '% of a core', {
      note: `whole process incl. both test peers: ${((bridge.processCpuMs / bridge.seconds / 1000) * 100).toFixed(1)} %`,
    }),
    row('renderer bundle, gzip', bundle.gzip / KiB, 'KiB', { note: `${(bundle.raw / KiB).toFixed(0)} KiB as built` }),
    row('core RSS, idle, signed in to a server', onServer.rss / MiB, 'MiB', {
      baseline: { name: 'bare Node', value: bare.rss / MiB },
      maxRatio: CORE_RSS_TARGET,
      note: `${atRest(onServer)}; the server a local service in another process, as a company's users have theirs`,
    }),
    row('core RSS, idle, signed in to its embedded service', onEmbeddedService.rss / MiB, 'MiB', {
      baseline: { name: 'bare Node', value: bare.rss / MiB },
      note: `${atRest(onEmbeddedService)}; a first start with no server configured`,
    }),
    row('  of which zod', (withZod.rss - bare.rss) / MiB, 'MiB', { note: 'bare Node with zod imported, less bare Node' }),
    row('core JS heap, idle, signed in to a server', onServer.heapUsed / MiB, 'MiB', {
      baseline: { name: 'bare Node', value: bare.heapUsed / MiB },
      note: `on its embedded service: ${(onEmbeddedService.heapUsed / MiB).toFixed(1)} MiB`,
    }),
    row('page JS heap, idle', heap.idle / MiB, 'MiB', { baseline: { name: 'blank page', value: heap.blankPage / MiB } }),
    row(`page JS heap, idle after ${2 * CALLS_PER_KIND + LONG_RINGS + 2} calls`, heap.afterCalls / MiB, 'MiB', {
      baseline: { name: 'page JS heap, idle', value: heap.idle / MiB },
    }),
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
      clockUncertaintyMs: Number(measured.clockUncertaintyMs.toFixed(2)),
    },
    rows,
    cpuByProcess,
    phases: phases.list,
  };
  await writeResults(new URL('./results.json', import.meta.url), results);
  printTable(rows);
  console.log('\nCPU by process, % of one core (the core includes the harness and the werift test peers):');
  printCpuTable(cpuByProcess);
  printPhases(phases);
  const { machine, run } = results;
  console.log(
    `\n${machine.cpu}, ${machine.cores} cores, Chromium ${machine.chromium}: ${run.seconds} s, load average ${run.loadAverage1mBefore} → ${run.loadAverage1mAfter}. Written to bench/results.json.`,
  );
});

/**
 * The app idle, its calls, the app idle again after them, and its page's heap before and after them. The
 * baselines are sampled between the calls, in the floor page beside the app, so both see the same background.
 */
async function measureApp(app: BenchApp, floor: FloorPage, phases: Phases, beforeCalls: () => Promise<MemoryAtRest>) {
  const floorClock = await measurePageClock(floor.page);
  const blankPage = await pageHeapUsed(floor.page);
  const idleHeap = await pageHeapUsed(app.main);
  const idle = await phases.time('idle, signed in', async () => {
    await sleep(SETTLE_MS);
    return settledIdle(app);
  });
  // The resting processes are read here, while nothing else runs, before the first call.
  const rested = await beforeCalls();
  const calls: Record<CallKind, CallTimings[]> = { video: [], audio: [] };
  const floors = { longPoll: [] as number[], relayed: [] as number[], videoAnswer: [] as number[], audioAnswer: [] as number[] };
  await phases.time(`incoming calls (${2 * CALLS_PER_KIND + 1}) and their floors`, async () => {
    // Warm-ups, not counted: the first call and the first getUserMedia of the floor page start the fake devices.
    const warmUp = await measureCall(app, 'video');
    await longPollFloor(floor, floorClock, 1);
    await relayedLongPollFloor(floor, floorClock, 1);
    await answerFloor(floor, warmUp.offerSdp, true, 1);
    for (let i = 0; i < CALLS_PER_KIND; i++) {
      const offers = {} as Record<CallKind, string>;
      for (const kind of ['video', 'audio'] as const) {
        const { timings, offerSdp } = await measureCall(app, kind);
        calls[kind].push(timings);
        offers[kind] = offerSdp;
      }
      floors.longPoll.push(...(await longPollFloor(floor, floorClock, 1)));
      floors.relayed.push(...(await relayedLongPollFloor(floor, floorClock, 1)));
      floors.videoAnswer.push(...(await answerFloor(floor, offers.video, true, 1)));
      floors.audioAnswer.push(...(await answerFloor(floor, offers.audio, false, 1)));
    }
  });
  const longRings: CallTimings[] = [];
  let ringing = new Map<string, number>();
  await phases.time('long ring', async () => {
    for (let i = 0; i < LONG_RINGS; i++) {
      const whileRinging = async () => {
        ringing = await cpuDuring(app.pages, () => sleep(LONG_RING_MS));
      };
      longRings.push((await measureCall(app, 'video', { whileRinging })).timings);
    }
  });
  let inCall = new Map<string, number>();
  await phases.time('in a call', () =>
    measureCall(app, 'video', { inCall: async () => void (inCall = await cpuDuring(app.pages, () => sleep(IN_CALL_WINDOW_MS))) }),
  );
  // What stays busy once the calls are over counts too, read as before the calls: after the main window's
  // heap is measured (a forced collection), the same settling time, and once two readings agree. Read at
  // once, it would mostly be the windows' garbage collectors reclaiming the calls' objects, once.
  const heapAfterCalls = await pageHeapUsed(app.main);
  const afterCalls = await phases.time('idle after the calls', async () => {
    await sleep(SETTLE_MS);
    return settledIdle(app);
  });
  const callsOut = await phases.time(`calls out (${2 * CALLS_OUT_PER_KIND + 2}) and their floors`, () =>
    measureCallsOut(app, floor, floorClock, CALLS_OUT_PER_KIND),
  );
  const search = await phases.time(`people search (${SEARCHES + 1} keystrokes)`, () => measurePeopleSearch(app, SEARCHES));
  return {
    rested,
    callsOut,
    search,
    calls,
    floors,
    longRings,
    cpu: { idle: idle.reading.cpu, idleAfterCalls: afterCalls.reading.cpu, ringing, inCall } satisfies CpuByState,
    idleCommandsPerSecond: [idle.reading.commandsPerSecond, afterCalls.reading.commandsPerSecond],
    idleReadings: { idle, afterCalls },
    heap: { blankPage, idle: idleHeap, afterCalls: heapAfterCalls },
    clockUncertaintyMs: Math.max(app.mainClock.uncertaintyMs, app.ringClock.uncertaintyMs, floorClock.uncertaintyMs),
  };
}

/** The idle window read until two readings in a row agree (bench/settled.ts). */
const settledIdle = (app: BenchApp) =>
  readSettled(
    () => idleWindow(app),
    ({ cpu }) => appPercent(cpu, NOT_THE_APP),
  );

/** CPU by process and the commands each window sends while the app sits signed in with nothing to do. */
async function idleWindow(app: BenchApp) {
  const commands = async (page: Page) => (await wireLog(page)).filter((entry) => entry.type !== 'getUserMedia').length;
  const before = { main: await commands(app.main), ring: await commands(app.ring) };
  const cpu = await cpuDuring(app.pages, () => sleep(IDLE_WINDOW_MS));
  const perSecond = async (page: Page, earlier: number) => ((await commands(page)) - earlier) / (IDLE_WINDOW_MS / 1000);
  return { cpu, commandsPerSecond: { main: await perSecond(app.main, before.main), ring: await perSecond(app.ring, before.ring) } };
}
