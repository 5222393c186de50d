import { defineConfig } from 'vitest/config';

/** End-to-end tests: the built extension in Debian's Chromium, one file at a time, with long timeouts. */
export default defineConfig({
  test: {
    include: ['tests/e2e/**/*.test.ts'],
    environment: 'node',
    fileParallelism: false,
    maxWorkers: 1,
    testTimeout: 60_000,
    hookTimeout: 60_000,
    retry: 0,
  },
});
