// `BENCH=ringPath npm run bench`: where a ring's time goes, over the same calls as the bench's ring latency
// (24 video and 24 audio calls in turn): timestamps from the service's release to the ring card's frame,
// all on Node's clock, each step's p50 and p95 printed. In Node: the core's HTTP response to its pending
// event GET (node:diagnostics_channel), the requests the core sends before it publishes, the snapshot
// published (a listener served before the ring window's feed), the ring window's send returned (a listener
// served right after that feed) and the main window's (the core's last listener). In each window: the
// snapshot's WebSocket message (its event's timeStamp), the store having applied it (a listener after the
// app's), the card in the DOM and the next frame (pageMarks.ts).
import { subscribe, unsubscribe } from 'node:diagnostics_channel';
import type { ClientRequest, IncomingMessage } from 'node:http';
import type { Page } from 'playwright-core';
import { it } from 'vitest';
import type { AppSnapshot, SoftphoneApi } from '../preload/shared/contract.js';
import { launchChromium } from '../test/harness/browser.js';
import { measureCall, openBenchApp, type BenchApp } from './appCalls.js';
import { latencyRows, printTable } from './report.js';

const PAIRS = 24;

type SnapshotArrival = { ringing: string[]; messageAt: number; appliedAt: number };
type PathWindow = { __ringPath?: SnapshotArrival[]; softphone: SoftphoneApi };

/** Each snapshot the page receives: the ringing calls' ids, when its message arrived, when the store had applied it. */
const recordSnapshots = (page: Page) =>
  page.evaluate(() => {
    const arrivals: SnapshotArrival[] = [];
    (window as unknown as PathWindow).__ringPath = arrivals;
    (window as unknown as PathWindow).softphone.onSnapshot((snapshot) => {
      const messageAt = window.event?.timeStamp ?? NaN;
      arrivals.push({ ringing: snapshot.calls.filter((call) => call.phase === 'ringing').map((call) => call.id), messageAt, appliedAt: performance.now() });
    });
  });
const snapshotArrivals = (page: Page) => page.evaluate(() => (window as unknown as PathWindow).__ringPath ?? []);
const domMarks = (page: Page) =>
  page.evaluate(() => (window as unknown as { __benchMarks: { ringCardInDom: number[]; ringCardPainted: number[] } }).__benchMarks);

it('breaks ring latency into its steps', async () => {
  const browser = await launchChromium([], ['SpareRendererForSitePerProcess']);
  const responses: number[] = [];
  const requests: { at: number; what: string }[] = [];
  const onResponse = (message: unknown) => {
    const { request } = message as { request: ClientRequest; response: IncomingMessage };
    if (request.path.includes('/events')) responses.push(performance.now());
  };
  const onRequest = (message: unknown) => {
    const { request } = message as { request: ClientRequest };
    requests.push({ at: performance.now(), what: `${request.method} ${request.path.replace(/\?.*/, '')}` });
  };
  subscribe('http.client.response.finish', onResponse);
  subscribe('http.client.request.start', onRequest);
  try {
    // Subscribed before the windows open, so served before the ring window's feed: the snapshot as it is published.
    const beforeRingFeed: Published = [];
    const app = await openBenchApp(browser, {
      whileOpening: (harness) =>
        harness.core.subscribe((snapshot) => beforeRingFeed.push({ at: performance.now(), ringing: ringingIn(snapshot) }), { first: true }),
    });
    try {
      // Served first, after the ring window's own feed: the snapshot has just been sent to the ring window.
      const sentToRing: Published = [];
      app.harness.core.subscribe((snapshot) => sentToRing.push({ at: performance.now(), ringing: ringingIn(snapshot) }), { first: true });
      const published: Published = [];
      app.harness.core.subscribe((snapshot) => published.push({ at: performance.now(), ringing: ringingIn(snapshot) }));
      await Promise.all([recordSnapshots(app.main), recordSnapshots(app.ring)]);
      await measureCall(app, 'video');
      const firstRing = app.ringsReleasedAt.length;
      const rings: number[] = [];
      for (let i = 0; i < PAIRS; i++) for (const kind of ['video', 'audio'] as const) rings.push((await measureCall(app, kind)).timings.ring);
      printTable(await breakdown(app, rings, firstRing, { responses, requests, beforeRingFeed, sentToRing, published }));
    } finally {
      await app.close();
    }
  } finally {
    unsubscribe('http.client.response.finish', onResponse);
    unsubscribe('http.client.request.start', onRequest);
    await browser.close();
  }
});

type Published = { at: number; ringing: string[] }[];
type NodeSide = { responses: number[]; requests: { at: number; what: string }[]; beforeRingFeed: Published; sentToRing: Published; published: Published };

const ringingIn = (snapshot: AppSnapshot) => snapshot.calls.filter((call) => call.phase === 'ringing').map((call) => call.id);

async function breakdown(app: BenchApp, rings: number[], firstRing: number, { responses, requests, beforeRingFeed, sentToRing, published }: NodeSide) {
  const [mainArrivals, ringArrivals, marks] = await Promise.all([snapshotArrivals(app.main), snapshotArrivals(app.ring), domMarks(app.ring)]);
  const steps: Record<string, number[]> = {};
  const add = (name: string, value: number) => (steps[name] ??= []).push(value);
  const requestsBefore: string[] = [];
  const ringClock = app.ringClock.toNode;
  const mainClock = app.mainClock.toNode;
  // The warm-up call's card is the first mark: the measured rings' marks follow it in order.
  for (let i = 0; i < rings.length; i++) {
    const releasedAt = app.ringsReleasedAt[firstRing + i]!;
    const out = published.find((snapshot) => snapshot.at > releasedAt && snapshot.ringing.length > 0)!;
    const callId = out.ringing[0]!;
    const toRing = sentToRing.find((snapshot) => snapshot.at > releasedAt && snapshot.ringing.includes(callId))!;
    const publishing = beforeRingFeed.find((snapshot) => snapshot.at > releasedAt && snapshot.ringing.includes(callId))!;
    const receivedAt = responses.find((at) => at >= releasedAt)!;
    const inRing = ringArrivals.find((arrival) => arrival.ringing.includes(callId))!;
    const inMain = mainArrivals.find((arrival) => arrival.ringing.includes(callId))!;
    const painted = ringClock(marks.ringCardPainted[i + 1]!);
    const inDom = ringClock(marks.ringCardInDom[i + 1]!);
    requestsBefore.push(
      ...requests
        .filter((request) => request.at > receivedAt && request.at < publishing.at && !request.what.includes('/events'))
        .map((request) => request.what),
    );
    add('release → the core has the event batch’s response', receivedAt - releasedAt);
    add('→ snapshot published, before the ring window’s feed', publishing.at - receivedAt);
    add('→ its message in the ring window', ringClock(inRing.messageAt) - publishing.at);
    add('→ applied by the ring window’s store', ringClock(inRing.appliedAt) - ringClock(inRing.messageAt));
    add('→ card in the DOM', inDom - ringClock(inRing.appliedAt));
    add('→ the frame that paints it', painted - inDom);
    add('release → painted (ring latency)', rings[i]!);
    // The write wakes the ring window's processes, which may take this core before the send returns.
    add('ring window: snapshot published → its send returned', toRing.at - publishing.at);
    add('main window: sent after the ring window’s', out.at - toRing.at);
    add('main window: snapshot sent → its message', mainClock(inMain.messageAt) - out.at);
    add('main window: its message → applied (answers being prepared)', mainClock(inMain.appliedAt) - mainClock(inMain.messageAt));
  }
  console.log(`requests the core sent between the batch and the snapshot: ${requestsBefore.length} (${[...new Set(requestsBefore)].join(', ')})`);
  return Object.entries(steps).flatMap(([name, samples]) => latencyRows(name, samples));
}
