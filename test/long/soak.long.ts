// `npm run soak`: 1 000 audio calls rung, answered and hung up through the browser host harness (the real
// core in this Node process, the built renderer in Chromium, a werift caller per call). The core's heap and
// the page's JS heap are measured after a forced collection at call 100 and at call 1 000; a growth of 5 %
// or more in either fails the run. Both V8s run with STEADY_HEAP_V8_FLAGS (this one through vitest.config.ts).
import type { Page } from 'playwright-core';
import { expect, it } from 'vitest';
import type { LocalUcwaService } from '../../main/local/service.js';
import { TestCallPeer } from '../../main/local/testCallPeer.js';
import { launchChromium, openApp, pageInboundRtp, waitFor } from '../harness/browser.js';
import { startHarness } from '../harness/server.js';
import { coreHeapUsed, pageHeapUsed, STEADY_HEAP_V8_FLAGS } from '../support/heap.js';

const CALLS = 1000;
const FIRST_MEASURED = 100;
const MEDIA_CHECKED_EVERY = 50;
const MAX_GROWTH = 0.05;
/** What a hung-up call lets go of asynchronously (peer connections, sockets, timers) gets this long before a measurement. */
const SETTLE_MS = 2000;
/** No step of a call may take longer: the soak stops by itself. */
const STEP_TIMEOUT_MS = 15_000;
/** 0.25 to 0.35 s a call on two cores (about 5 minutes); the limit leaves room for a loaded machine. */
const SOAK_TIMEOUT_MS = 30 * 60_000;

const caller = { name: 'Soak Caller', uri: 'sip:soak@contoso.com' };

type Heaps = { core: number; page: number };

it(
  `soak: ${CALLS} calls rung, answered and hung up; the core's and the page's heaps grow under ${MAX_GROWTH * 100} % from call ${FIRST_MEASURED} to call ${CALLS}`,
  async () => {
    const browser = await launchChromium([`--js-flags=${STEADY_HEAP_V8_FLAGS.join(' ')}`]);
    const harness = await startHarness();
    try {
      const { page } = await openApp(browser, harness);
      page.setDefaultTimeout(STEP_TIMEOUT_MS);
      await page.getByText('Available').waitFor();
      const service = harness.core.localService!;
      const started = performance.now();
      const heaps: Heaps[] = [];
      for (let n = 1; n <= CALLS; n++) {
        await ringAnswerHangUp(service, page, n, n % MEDIA_CHECKED_EVERY === 0);
        if (n % 100 === 0)
          console.log(`soak: ${n}/${CALLS} calls, ${seconds(performance.now() - started)}, ${Math.round((performance.now() - started) / n)} ms a call`);
        if (n === FIRST_MEASURED || n === CALLS) heaps.push(await measure(page));
      }
      const elapsed = performance.now() - started;
      const [first, last] = heaps as [Heaps, Heaps];
      const growth = { core: last.core / first.core - 1, page: last.page / first.page - 1 };
      const passed = growth.core < MAX_GROWTH && growth.page < MAX_GROWTH;
      console.log(
        `soak: ${CALLS} calls rung, answered and hung up in ${seconds(elapsed)} (${Math.round(elapsed / CALLS)} ms a call, measurements included); ` +
          `RTP both ways and every peer connection closed after hang-up checked on every ${MEDIA_CHECKED_EVERY}th call; ` +
          `V8 in core and page with ${STEADY_HEAP_V8_FLAGS.join(' ')}`,
      );
      console.log(`main-core heap used after global.gc(): ${describeGrowth(first.core, last.core)}`);
      console.log(`page JS heap used after HeapProfiler.collectGarbage: ${describeGrowth(first.page, last.page)}`);
      console.log(`SOAK ${passed ? 'PASS' : 'FAIL'}: core ${percent(growth.core)}, page ${percent(growth.page)} (limit +${MAX_GROWTH * 100} %)`);
      expect(growth.core).toBeLessThan(MAX_GROWTH);
      expect(growth.page).toBeLessThan(MAX_GROWTH);
    } finally {
      await harness.close();
      await browser.close();
    }
  },
  SOAK_TIMEOUT_MS,
);

/** One call: a werift caller rings the page, the person accepts and hangs up, and the caller hears both. */
async function ringAnswerHangUp(service: LocalUcwaService, page: Page, n: number, checkMedia: boolean): Promise<void> {
  const peer = await TestCallPeer.call(service, { video: false, from: caller, subject: `Soak call ${n}` });
  try {
    await page.getByRole('button', { name: 'Accept', exact: true }).click();
    expect(await within(peer.outcome, `call ${n} to be answered`)).toEqual({ status: 'Success' });
    expect(peer.answerSdp).toBeDefined();
    if (checkMedia) {
      await waitFor(`the microphone’s RTP at the caller in call ${n}`, () => peer.received.audio > 25);
      await waitFor(`the caller’s RTP in the page in call ${n}`, async () => (await pageInboundRtp(page)).audioPackets > 25);
    }
    await page.getByRole('button', { name: 'Hang up' }).click();
    expect(await within(peer.ended, `call ${n} to end`)).toBe('callee');
    await page.getByRole('button', { name: 'Hang up' }).waitFor({ state: 'detached' });
    if (checkMedia) {
      await waitFor(`every peer connection of call ${n} to close`, async () => peer.connectionState === 'closed' && (await openPeerConnections(page)) === 0);
    }
  } finally {
    await peer.close();
  }
}

async function measure(page: Page): Promise<Heaps> {
  await new Promise((resolve) => setTimeout(resolve, SETTLE_MS));
  // The harness's record of what the page sent grows with every call by design: it is not the app's.
  await page.evaluate(() => void ((window as unknown as { __wireLog: unknown[] }).__wireLog.length = 0));
  return { core: await coreHeapUsed(), page: await pageHeapUsed(page) };
}

function openPeerConnections(page: Page): Promise<number> {
  return page.evaluate(() => {
    const made = (window as unknown as { __peerConnections: RTCPeerConnection[] }).__peerConnections;
    return made.filter((pc) => pc.connectionState !== 'closed').length;
  });
}

function within<T>(promise: Promise<T>, what: string): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => (timer = setTimeout(() => reject(new Error(`Timed out waiting for ${what}`)), STEP_TIMEOUT_MS)));
  return Promise.race([promise, timeout]).finally(() => clearTimeout(timer));
}

function describeGrowth(first: number, last: number): string {
  const mb = (bytes: number) => `${(bytes / 2 ** 20).toFixed(2)} MB`;
  const perCall = (last - first) / (CALLS - FIRST_MEASURED);
  return `${mb(first)} at call ${FIRST_MEASURED}, ${mb(last)} at call ${CALLS}: ${percent(last / first - 1)} (${perCall >= 0 ? '+' : ''}${Math.round(perCall)} bytes a call)`;
}

const percent = (ratio: number) => `${ratio >= 0 ? '+' : ''}${(ratio * 100).toFixed(2)} %`;
const seconds = (ms: number) => `${Math.round(ms / 1000)} s`;
