import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchExtension, type LaunchedExtension } from './support/launch';
import { corpusDir, pagesDir } from './support/paths';
import { formatScore, scorePage, summaryLine, type PageScore } from './support/score';
import { hugePage, startServer, type StaticServer } from './support/server';
import { readTruth, type TruthPage } from './support/truth';

// Every page of the shared corpus and of our hard pages, scored exactly as ../shared/corpus/README.md says.
// The truth files are read at run time, so pages added to either folder are picked up without edits here.
const suites = [
  { name: 'corpus', mount: '/corpus/', truth: readTruth(corpusDir) },
  { name: 'hard pages', mount: '/pages/', truth: readTruth(pagesDir) },
];

let server: StaticServer;
let ext: LaunchedExtension;
const summary: string[] = [];

beforeAll(async () => {
  server = await startServer();
  ext = await launchExtension();
});

afterAll(async () => {
  await ext?.close();
  await server?.close();
  console.log(`\nend-to-end scores\n${summary.join('\n')}`);
});

async function check(label: string, url: string, expected: Record<string, string>, timeoutMs = 15_000) {
  const page = await ext.context.newPage();
  let score: PageScore;
  try {
    await page.goto(url, { waitUntil: 'domcontentloaded', timeout: 30_000 });
    score = await scorePage(page, expected, { timeoutMs });
  } finally {
    await page.close();
  }
  summary.push(summaryLine(label, score));
  // E2E_VERBOSE=1 prints every page's per-point table, not only the failing ones.
  if (process.env.E2E_VERBOSE) console.log(`${label}\n${formatScore(score)}`);
  expect(score.pass, `${label}\n${formatScore(score)}`).toBe(true);
}

const describeTags = (p: TruthPage): string =>
  `${p.kind}; ${p.tags.join(', ')}${p.frame ? `; frame ${p.frame}` : ''}`;

for (const suite of suites) {
  describe(suite.name, () => {
    for (const p of suite.truth.pages) {
      it(`${p.file} (${describeTags(p)})`, async () => {
        await check(`${suite.name}/${p.file}`, `${server.origin}${suite.mount}${p.file}`, p.expect);
      });
    }
  });
}

describe('huge page', () => {
  it('≈3 MB of filler with the article buried in the middle', async () => {
    const { expect: expected, html } = await hugePage();
    expect(html.length).toBeGreaterThan(2_900_000);
    await check('generated/huge.html', `${server.origin}/generated/huge.html`, expected, 30_000);
  }, 90_000);
});
