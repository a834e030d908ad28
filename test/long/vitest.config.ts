// Long-running checks outside `npm test`: the event channel under faults at scale (`npm run reliability`)
// and the call soak (`npm run soak`).
import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vitest/config';
import { STEADY_HEAP_V8_FLAGS } from '../support/heap.js';

export default defineConfig({
  root: fileURLToPath(new URL('../..', import.meta.url)),
  test: {
    environment: 'node',
    fileParallelism: false,
    // Progress and figures are printed as they come, not gathered per test.
    disableConsoleIntercept: true,
    testTimeout: 30 * 60_000,
    hookTimeout: 120_000,
    projects: [
      { extends: true, test: { name: 'reliability', include: ['test/long/reliability.long.ts'] } },
      // global.gc() for the heap figures, and V8 flags that keep compiled code out of them.
      { extends: true, test: { name: 'soak', include: ['test/long/soak.long.ts'], execArgv: ['--expose-gc', ...STEADY_HEAP_V8_FLAGS] } },
    ],
  },
});
