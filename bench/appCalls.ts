// Calls from the werift test-call peer to the app (the real core, the built renderer in a main and a
// ring window), each timed from ring to first media, then hung up.
import type { Browser, Page } from 'playwright-core';
import { TestCallPeer } from '../main/local/testCallPeer.js';
import { answersPrepared, openApp, openRingWindow, waitFor } from '../test/harness/browser.js';
import { startHarness, type Harness } from '../test/harness/server.js';
import { measurePageClock, type PageClock } from './clock.js';
import { clickTimed, installMarks, markAt, markCount, pollFirstDecodedFrame } from './pageMarks.js';

export type CallKind = 'video' | 'audio';

/** One call's intervals in ms, all on Node's clock. */
export type CallTimings = {
  /** The service releases the `started` event → the ring card's frame in the ring window. */
  ring: number;
  /** The Accept click in the ring window → the service hands the answer to the caller (acceptWithAnswer). */
  clickToAnswer: number;
  /** That answer → the first RTP packet (either kind) at the caller. */
  answerToPeerRtp: number;
  /** That answer → the first remote video frame decoded in the main window (video calls). */
  answerToDecodedFrame?: number;
  /** That answer → the first remote video frame presented in the main window (video calls). */
  answerToShownFrame?: number;
};

export type BenchApp = {
  harness: Harness;
  main: Page;
  ring: Page;
  mainClock: PageClock;
  ringClock: PageClock;
  /** When (Node's performance.now()) each ring's `started` event left the service. */
  ringsReleasedAt: number[];
  close(): Promise<void>;
};

const CALLER = { name: 'Ada Lovelace', uri: 'sip:ada@contoso.com' };

export async function openBenchApp(browser: Browser): Promise<BenchApp> {
  const ringsReleasedAt: number[] = [];
  const harness = await startHarness({
    local: {
      onEventsReleased: (events) => {
        if (events.some((event) => event.type === 'started' && event.link.rel === 'audioVideoInvitation')) ringsReleasedAt.push(performance.now());
      },
    },
  });
  const main = await openApp(browser, harness);
  const ring = await openRingWindow(main, harness);
  await main.page.getByText('Available').waitFor();
  await Promise.all([installMarks(main.page), installMarks(ring.page)]);
  return {
    harness,
    main: main.page,
    ring: ring.page,
    mainClock: await measurePageClock(main.page),
    ringClock: await measurePageClock(ring.page),
    ringsReleasedAt,
    close: async () => {
      await main.page.context().close();
      await harness.close();
    },
  };
}

/**
 * Rings the app, waits until it is ready to answer as a person would find it (the answers prepared; for
 * an audio call, early media connected), accepts in the ring window, and hangs up once media flows.
 * Also returns the offer the app answered, for the floor of the same kind.
 */
export async function measureCall(app: BenchApp, kind: CallKind): Promise<{ timings: CallTimings; offerSdp: string }> {
  const { harness, main, ring } = app;
  const service = harness.softphone.localService!;
  const rings = app.ringsReleasedAt.length;
  const cards = await markCount(ring, 'ringCardPainted');
  const shownFrames = await markCount(main, 'firstShownFrame');
  const decodedFrames = await markCount(main, 'firstDecodedFrame');

  const peer = await TestCallPeer.call(service, { video: kind === 'video', from: CALLER, subject: 'Benchmark' });
  try {
    const releasedAt = await waitFor('the ring to leave the service', () => app.ringsReleasedAt[rings]);
    const paintedAt = await waitFor('the ring card to be painted', () => markAt(ring, 'ringCardPainted', cards));
    const offerSdp = harness.softphone.snapshot().calls.find((call) => call.phase === 'ringing')?.offerSdp ?? '';

    if (kind === 'video') await waitFor('both answers to be prepared', () => answersPrepared(main, 2));
    else await waitFor('early media to connect', () => peer.provisionalAnswerSdp !== undefined && peer.connectionState === 'connected');
    const clickedAt = await clickTimed(ring.getByRole('button', { name: kind === 'video' ? 'Accept with video' : 'Accept', exact: true }));
    const outcome = await peer.outcome;
    if (outcome.status !== 'Success' || peer.answeredAt === undefined) throw new Error(`The call was not answered: ${JSON.stringify(outcome)}`);
    const answeredAt = peer.answeredAt;
    if (kind === 'video') await pollFirstDecodedFrame(main);

    const firstRtpAt = await waitFor('RTP at the caller', () => {
      const first = Object.values(peer.firstReceived);
      return first.length > 0 && Math.min(...first);
    });
    const frame = (mark: 'firstDecodedFrame' | 'firstShownFrame', index: number) =>
      waitFor(`the ${mark} mark in the page`, () => markAt(main, mark, index)).then((at) => app.mainClock.toNode(at) - answeredAt);
    const frames = kind === 'video' && { answerToDecodedFrame: await frame('firstDecodedFrame', decodedFrames), answerToShownFrame: await frame('firstShownFrame', shownFrames) };

    peer.hangUp();
    await main.getByRole('button', { name: 'Hang up' }).waitFor({ state: 'detached' });
    return {
      offerSdp,
      timings: {
        ring: app.ringClock.toNode(paintedAt) - releasedAt,
        clickToAnswer: answeredAt - app.ringClock.toNode(clickedAt),
        answerToPeerRtp: firstRtpAt - answeredAt,
        ...frames,
      },
    };
  } finally {
    await peer.close();
  }
}
