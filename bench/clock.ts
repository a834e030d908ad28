import type { Page } from 'playwright-core';

/** A page's performance.now() expressed on this process's performance.now() clock. */
export type PageClock = {
  toNode(pageTime: number): number;
  /** Half the smallest round trip: how far off a converted time can be. */
  uncertaintyMs: number;
};

/**
 * Reads the page's clock in the middle of page.evaluate round trips and keeps the round trip with the
 * smallest RTT: its page reading was taken within RTT/2 of that round trip's midpoint.
 */
export async function measurePageClock(page: Page, samples = 30): Promise<PageClock> {
  let best = { rtt: Infinity, offset: 0 };
  for (let i = 0; i < samples; i++) {
    const sent = performance.now();
    const pageNow = await page.evaluate(() => performance.now());
    const received = performance.now();
    if (received - sent < best.rtt) best = { rtt: received - sent, offset: pageNow - (sent + received) / 2 };
  }
  const { offset, rtt } = best;
  return { toNode: (pageTime) => pageTime - offset, uncertaintyMs: rtt / 2 };
}

/**
 * When (performance.now()) `holds` first returns true, checked every millisecond in this process: for a
 * counter the local service keeps, such as the RTP packets a callee has received. Rejects after `timeoutMs`.
 */
export function firstTimeThat(what: string, holds: () => boolean, timeoutMs = 15_000): Promise<number> {
  return new Promise((resolve, reject) => {
    const deadline = performance.now() + timeoutMs;
    const timer = setInterval(() => {
      const now = performance.now();
      if (holds()) resolve(now);
      else if (now < deadline) return;
      else reject(new Error(`Timed out waiting for ${what}`));
      clearInterval(timer);
    }, 1);
  });
}
