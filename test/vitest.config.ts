import { fileURLToPath } from 'node:url';
import { svelte } from '@sveltejs/vite-plugin-svelte';
import { defineConfig } from 'vitest/config';

export default defineConfig({
  root: fileURLToPath(new URL('..', import.meta.url)),
  // Component tests render the Svelte views on the server side of Svelte (markup, no DOM needed).
  plugins: [svelte({ configFile: false })],
  test: {
    include: ['test/**/*.test.ts'],
    environment: 'node',
    // Two cores: end-to-end files each run a Chromium, a werift peer and the core; one file at a time.
    fileParallelism: false,
    // A net for a hang, not a time budget: under a load average of 16 on two cores (five suites at once) the
    // longest end-to-end tests took 45–60 s and the accessibility walk through every view went over 60 s.
    testTimeout: 180_000,
    hookTimeout: 180_000,
    reporters: ['default', './test/summaryReporter.ts'],
  },
});
