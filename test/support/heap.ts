// Heap figures for the soak, each taken after a forced full collection: this Node process's (the main core's)
// and a page's JS heap.
import type { Page } from 'playwright-core';

/**
 * V8 flags for a heap that grows with data only: V8 otherwise keeps compiling functions as they get hot, and
 * flushing bytecode it has not run lately, for the whole run, and compiled code counts in the heap. In the
 * soak that was most of the growth from call 100 to call 1 000 (core and page alike), with no leak behind it.
 */
export const STEADY_HEAP_V8_FLAGS = ['--no-opt', '--no-maglev', '--no-sparkplug', '--no-flush-bytecode'] as const;

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
