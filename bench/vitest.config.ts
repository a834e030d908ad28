import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vitest/config';

// `npm run bench`: one file that measures everything in order and prints its own table; BENCH=<name> runs
// bench/<name>.ts instead, a part of it (ringAndIdle, presenceOnly, meetingOnly).
export default defineConfig({
  root: fileURLToPath(new URL('..', import.meta.url)),
  test: {
    include: [`bench/${process.env.BENCH ?? 'run'}.ts`],
    environment: 'node',
    // No overall limit that a slow machine would hit: every wait inside has its own, on an event.
    testTimeout: 0,
    reporters: ['dot'],
  },
});
