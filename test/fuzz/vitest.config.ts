// `npm run fuzz`: the fuzz properties in full, with time for them (130 000 cases in all).
import { defineConfig } from 'vitest/config';
import base from '../vitest.config.js';

export default defineConfig({
  ...base,
  test: { ...base.test, include: ['test/unit/fuzz.test.ts'], env: { FUZZ_RUNS: 'full' }, testTimeout: 600_000 },
});
