import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vitest/config';

// `npm run bench`: one file that measures everything in order and prints its own table.
export default defineConfig({
  root: fileURLToPath(new URL('..', import.meta.url)),
  test: {
    include: ['bench/run.ts'],
    environment: 'node',
    testTimeout: 120_000,
    reporters: ['dot'],
  },
});
