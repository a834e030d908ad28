// Long-running checks outside `npm test`: the event channel under faults at scale, and the call soak.
import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vitest/config';

export default defineConfig({
  root: fileURLToPath(new URL('../..', import.meta.url)),
  test: {
    include: ['test/long/**/*.long.ts'],
    environment: 'node',
    fileParallelism: false,
    // The soak measures the core's heap after a forced collection.
    execArgv: ['--expose-gc'],
    // Progress and figures are printed as they come, not gathered per test.
    disableConsoleIntercept: true,
    testTimeout: 30 * 60_000,
    hookTimeout: 120_000,
  },
});
