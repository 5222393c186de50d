import { defineConfig } from 'vitest/config';

/**
 * End-to-end tests: the built extension in Debian's Chromium (dist/chrome, playwright-core) and in
 * Firefox ESR (dist/firefox, puppeteer-core over WebDriver BiDi). One file at a time across both
 * projects, with long timeouts; `--project chromium` or `--project firefox` runs one browser.
 */
export default defineConfig({
  test: {
    environment: 'node',
    fileParallelism: false,
    maxWorkers: 1,
    testTimeout: 60_000,
    hookTimeout: 60_000,
    retry: 0,
    // A poll waits for a condition (a row stored, a highlight drawn) and ends as soon as it holds;
    // vitest's default of one second is too short for a save's round trip on a loaded machine.
    expect: { poll: { timeout: 10_000 } },
    projects: [
      {
        extends: true,
        test: { name: 'chromium', include: ['tests/e2e/**/*.test.ts'], exclude: ['tests/e2e/firefox/**'] },
      },
      { extends: true, test: { name: 'firefox', include: ['tests/e2e/firefox/**/*.test.ts'] } },
    ],
  },
});
