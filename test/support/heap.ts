// Heap figures for the soak, each taken after a forced full collection: this Node process's (the main core's)
// and a page's JS heap.
import type { Page } from 'playwright-core';

/** V8's used heap in this process after global.gc(); Node must run with --expose-gc. */
export async function coreHeapUsed(): Promise<number> {
  const { gc } = globalThis;
  if (!gc) throw new Error('Run Node with --expose-gc to measure the core’s heap');
  // The second collection takes what the first only finalised (weak references, finalisation callbacks).
  for (let pass = 0; pass < 2; pass++) {
    gc();
    await new Promise((resolve) => setImmediate(resolve));
  }
  return process.memoryUsage().heapUsed;
}

/** The page's used JS heap after a forced collection, over the Chrome DevTools Protocol. */
export async function pageHeapUsed(page: Page): Promise<number> {
  const cdp = await page.context().newCDPSession(page);
  try {
    await cdp.send('HeapProfiler.collectGarbage');
    return (await cdp.send('Runtime.getHeapUsage')).usedSize;
  } finally {
    await cdp.detach();
  }
}
