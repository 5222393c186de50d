import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { corpusDir, pagesDir } from '../support/paths';
import { formatScore, scoreFrames, summaryLine, type PageScore } from '../support/score';
import { hugePage, startServer, type StaticServer } from '../support/server';
import { readTruth } from '../support/truth';
import { launchFirefox, readFrames, type LaunchedFirefox } from './support/firefox';

// Recognition in Firefox: every page of the shared corpus and of our hard pages, scored by the same
// rule as in Chromium (../shared/corpus/README.md), read from Firefox's CSS.highlights.
const suites = [
  { name: 'corpus', mount: '/corpus/', truth: readTruth(corpusDir) },
  { name: 'hard pages', mount: '/pages/', truth: readTruth(pagesDir) },
];

let server: StaticServer;
let ff: LaunchedFirefox;
const summary: string[] = [];

beforeAll(async () => {
  server = await startServer();
  ff = await launchFirefox();
});

afterAll(async () => {
  await ff?.close();
  await server?.close();
  console.log(`\nend-to-end scores in Firefox\n${summary.join('\n')}`);
});

async function check(
  label: string,
  url: string,
  expected: Record<string, string>,
  timeoutMs = 15_000,
): Promise<void> {
  const page = await ff.browser.newPage();
  let score: PageScore;
  try {
    await page.goto(url, { waitUntil: 'domcontentloaded', timeout: 30_000 });
    score = await scoreFrames(() => readFrames(page), expected, { timeoutMs });
  } finally {
    await page.close();
  }
  summary.push(summaryLine(label, score));
  if (process.env.E2E_VERBOSE) console.log(`${label}\n${formatScore(score)}`);
  expect(score.pass, `${label}\n${formatScore(score)}`).toBe(true);
}

for (const suite of suites) {
  describe(`Firefox: ${suite.name}`, () => {
    for (const p of suite.truth.pages) {
      it(`${p.file} (${p.kind})`, async () => {
        await check(`${suite.name}/${p.file}`, `${server.origin}${suite.mount}${p.file}`, p.expect);
      });
    }
  });
}

describe('Firefox: huge page', () => {
  it('≈3 MB of filler with the article buried in the middle', async () => {
    const { expect: expected } = await hugePage();
    await check('generated/huge.html', `${server.origin}/generated/huge.html`, expected, 30_000);
  }, 90_000);
});
