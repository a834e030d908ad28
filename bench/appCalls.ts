// Calls from the werift test-call peer to the app (the real core, the built renderer in a main and a
// ring window), each timed from ring to first media, then hung up.
import type { Browser, Page } from 'playwright-core';
import type { ContactBookOptions } from '../main/local/contactBook.js';
import { TestCallPeer } from '../main/local/testCallPeer.js';
import { openApp, openRingWindow, preparedInPage, waitFor as harnessWaitFor } from '../test/harness/browser.js';
import { startHarness, type Harness } from '../test/harness/server.js';
import { measurePageClock, type PageClock } from './clock.js';
import { rendererPids } from './processCpu.js';
import { clickTimed, installMarks, markAt, markCount, pollFirstInbound } from './pageMarks.js';

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
  /** The page each renderer process hosts, by pid, for CPU by process. */
  pages: Map<number, string>;
  mainClock: PageClock;
  ringClock: PageClock;
  /** When (Node's performance.now()) each ring's `started` event left the service. */
  ringsReleasedAt: number[];
  /** When each answer to a call the user placed (its audioVideoNegotiation update) left the service. */
  answersReleasedAt: number[];
  close(): Promise<void>;
};

const CALLEE_RING_MS = 300;
const CALLER = { name: 'Ada Lovelace', uri: 'sip:ada@contoso.com' };

/** The harness's wait, polled every 10 ms: each step of a call waits for the one before, so 100 ms polls would add up. */
export const waitFor = <T>(what: string, probe: () => Promise<T | undefined | false> | T | undefined | false) => harnessWaitFor(what, probe, 15_000, 10);

export type BenchAppOptions = {
  /** The user's contact list on the local service, which Home shows (default: its 35 people). */
  contactBook?: ContactBookOptions;
  /**
   * Runs once the local service is up, before the windows open: a phase's own setup on that service (another
   * core signing in) goes on while they do, where it would wait for them.
   */
  whileOpening?: (harness: Harness) => void;
};

export async function openBenchApp(browser: Browser, { contactBook, whileOpening }: BenchAppOptions = {}): Promise<BenchApp> {
  const ringsReleasedAt: number[] = [];
  const answersReleasedAt: number[] = [];
  const harness = await startHarness({
    local: {
      onEventsReleased: (events) => {
        if (events.some((event) => event.type === 'started' && event.link.rel === 'audioVideoInvitation')) ringsReleasedAt.push(performance.now());
        if (events.some((event) => event.type === 'updated' && event.link.rel === 'audioVideoNegotiation')) answersReleasedAt.push(performance.now());
      },
      // The callees the user calls answer after a short ring: what is measured starts at their answer.
      calleeAnswerMs: CALLEE_RING_MS,
      ...(contactBook && { contactBook }),
    },
  });
  whileOpening?.(harness);
  const pages = new Map<number, string>();
  const main = await hostedIn(pages, 'main window', () => openApp(browser, harness));
  const ring = await hostedIn(pages, 'ring window', () => openRingWindow(main, harness));
  // Signed in, whatever the presence: a phase's own core signed in as the same user (whileOpening) may already
  // have put them in a meeting.
  await main.page.getByRole('button', { name: /^Your status: / }).waitFor();
  await Promise.all([installMarks(main.page), installMarks(ring.page)]);
  return {
    harness,
    main: main.page,
    ring: ring.page,
    pages,
    mainClock: await measurePageClock(main.page),
    ringClock: await measurePageClock(ring.page),
    ringsReleasedAt,
    answersReleasedAt,
    close: async () => {
      await main.page.context().close();
      await harness.close();
    },
  };
}

/** Opens a page and records which renderer process hosts it: the one that was not there before. */
export async function hostedIn<T>(pages: Map<number, string>, name: string, open: () => Promise<T>): Promise<T> {
  const before = rendererPids();
  const opened = await open();
  const added = [...rendererPids()].filter((pid) => !before.has(pid));
  if (added.length !== 1) throw new Error(`Expected one new renderer process for the ${name}, found ${added.length}`);
  pages.set(added[0]!, name);
  return opened;
}

export type CallScript = {
  /** Runs once the app is ready to answer, before Accept: a long ring, and what is measured during it. */
  whileRinging?: () => Promise<void>;
  /** Runs once media flows, before the caller hangs up. */
  inCall?: () => Promise<void>;
};

/**
 * Rings the app, waits until it is ready to answer as a person would find it (the answers prepared; for
 * an audio call, early media connected), accepts in the ring window, and hangs up once media flows.
 * Also returns the offer the app answered, for the floor of the same kind.
 */
export async function measureCall(app: BenchApp, kind: CallKind, script: CallScript = {}): Promise<{ timings: CallTimings; offerSdp: string }> {
  const { harness, main, ring } = app;
  const service = harness.core.localService!;
  const rings = app.ringsReleasedAt.length;
  const cards = await markCount(ring, 'ringCardPainted');
  const shownFrames = await markCount(main, 'firstShownFrame');
  const decodedFrames = await markCount(main, 'firstDecodedFrame');

  // Asked for before the call is placed: the page answers once it paints the card, and nothing of the bench
  // goes to the ring window while the ring is on its way (asked for after the release, the evaluate cost this
  // process and the ring window CPU in the middle of what is measured).
  const painted = markAt(ring, 'ringCardPainted', cards);
  const peer = await TestCallPeer.call(service, { video: kind === 'video', from: CALLER, subject: 'Benchmark' });
  try {
    const releasedAt = await waitFor('the ring to leave the service', () => app.ringsReleasedAt[rings]);
    const paintedAt = await painted;
    const offerSdp = harness.core.snapshot().calls.find((call) => call.phase === 'ringing')?.offerSdp ?? '';

    // Checked in the page (a timer there), not by a round trip from here every 10 ms while the windows ring.
    if (kind === 'video') await main.waitForFunction(preparedInPage, 2, { polling: 10, timeout: 15_000 });
    else await waitFor('early media to connect', () => peer.provisionalAnswerSdp !== undefined && peer.connectionState === 'connected');
    await script.whileRinging?.();
    // Armed before Accept, polled from the answer: polled only once the caller's outcome was seen here, the
    // first frame was at times decoded already on a busy machine.
    if (kind === 'video') await pollFirstInbound(main, 'video', { onAnswerChosen: true });
    const clickedAt = await clickTimed(ring.getByRole('button', { name: kind === 'video' ? 'Accept with video' : 'Accept', exact: true }));
    const outcome = await peer.outcome;
    if (outcome.status !== 'Success' || peer.answeredAt === undefined) throw new Error(`The call was not answered: ${JSON.stringify(outcome)}`);
    const answeredAt = peer.answeredAt;

    const firstRtpAt = await waitFor('RTP at the caller', () => {
      const first = Object.values(peer.firstReceived);
      return first.length > 0 && Math.min(...first);
    });
    const frame = (mark: 'firstDecodedFrame' | 'firstShownFrame', index: number) =>
      markAt(main, mark, index).then((at) => app.mainClock.toNode(at) - answeredAt);
    const frames = kind === 'video' && {
      answerToDecodedFrame: await frame('firstDecodedFrame', decodedFrames),
      answerToShownFrame: await frame('firstShownFrame', shownFrames),
    };

    await script.inCall?.();
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
