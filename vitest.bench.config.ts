import { defineConfig } from 'vitest/config';

/** `npm run bench`: figures printed to the console, measured in real Chromium; nothing here fails on time. */
export default defineConfig({
  test: {
    include: ['tests/bench/**/*.perf.ts'],
    environment: 'node',
    fileParallelism: false,
    maxWorkers: 1,
    testTimeout: 900_000,
    hookTimeout: 120_000,
    reporters: ['default'],
  },
});
