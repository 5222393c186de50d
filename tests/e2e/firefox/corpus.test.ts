import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { corpusDir, pagesDir } from '../support/paths';
import { lineOf, tintOf, type Tint } from '../support/paint';
import { formatScore, scoreFrames, summaryLine, type PageScore } from '../support/score';
import { hugePage, startServer, type StaticServer } from '../support/server';
import { readTruth } from '../support/truth';
import type { Page } from 'puppeteer-core';
import { launchFirefox, navigate, readFrames, type LaunchedFirefox } from './support/firefox';

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
    await navigate(page, url);
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

/** The tint of the first line of highlight `name`, read from a screenshot. */
async function tintOfLine(page: Page, name: string): Promise<Tint> {
  await page.waitForFunction((n: string) => CSS.highlights.has(n), { timeout: 15_000 }, name);
  const box = await page.evaluate(lineOf, name);
  expect(box, `${name} has a visible line`).not.toBeNull();
  await page.evaluate(() => new Promise((done) => requestAnimationFrame(() => requestAnimationFrame(done))));
  const { x, y, width, height, scrollX, scrollY } = box!;
  const png = await page.screenshot({
    clip: { x: x + scrollX, y: y + scrollY, width, height },
    encoding: 'base64',
  });
  return page.evaluate(tintOf, png);
}

// Firefox does not pass highlight styles down the tree (bugzilla 1703963): its paint rules are
// written for every element, and each shadow root gets its own. Registered is not enough: they
// must be painted.
describe('Firefox: painted highlights', () => {
  it("each section's points in its own colour", async () => {
    const page = await ff.browser.newPage();
    try {
      await navigate(page, `${server.origin}/corpus/canonical.html`);
      const proposal = await tintOfLine(page, 'annotator-point-digital-soe-1');
      const platform = await tintOfLine(page, 'annotator-point-platform-economy-1');
      expect(proposal.share).toBeGreaterThan(0.3);
      expect(proposal.red).toBeGreaterThan(proposal.blue + 60);
      expect(platform.share).toBeGreaterThan(0.3);
      expect(platform.blue).toBeGreaterThan(platform.red + 60);
    } finally {
      await page.close();
    }
  });

  it('inside a shadow root rendered late', async () => {
    const page = await ff.browser.newPage();
    try {
      await navigate(page, `${server.origin}/pages/shadow-late.html`);
      expect((await tintOfLine(page, 'annotator-point-digital-soe-2')).share).toBeGreaterThan(0.3);
    } finally {
      await page.close();
    }
  });
});
