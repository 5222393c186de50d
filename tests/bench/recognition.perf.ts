import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { chromium, type Browser, type Page } from 'playwright-core';
import { afterAll, beforeAll, test } from 'vitest';
import { chromiumPath, launchExtension, type LaunchedExtension } from '../e2e/support/launch';
import { repoRoot } from '../e2e/support/paths';
import { prng } from './random';
import { median, ms, table, verdict } from './report';

/**
 * Recognition speed in real Chromium: the time from the text being in the page to all points
 * highlighted, and the content script's longest task, on pages of about 20 KB, 300 KB and 3 MB of
 * text, with and without the article; and, in the same run, the baseline the best-known open
 * annotator uses to anchor quotes: approx-string-match of each point's whole text over the whole
 * page text with an error budget of a quarter of its length.
 */

const require = createRequire(import.meta.url);
const ASM_SOURCE = readFileSync(require.resolve('approx-string-match'), 'utf8');
const seed = readFileSync(path.resolve(repoRoot, '../shared/seeds/forum-article.txt'), 'utf8');
const pack = JSON.parse(readFileSync(path.join(repoRoot, 'assets/packs/forum-article.json'), 'utf8')) as {
  sections: Array<{ points: Array<{ id: string; text: string }> }>;
};
const POINTS = pack.sections.flatMap((s) => s.points);

/** Light typos, as republished copies carry: about 2% of words get one letter swapped or dropped. */
function lightTypos(text: string, rand: () => number): string {
  return text.replace(/\p{L}{4,}/gu, (w) => {
    if (rand() >= 0.02) return w;
    const k = 1 + Math.floor(rand() * (w.length - 2));
    return rand() < 0.5 ? w.slice(0, k) + w[k + 1] + w[k] + w.slice(k + 2) : w.slice(0, k) + w.slice(k + 1);
  });
}

const FILLER = (
  'the city council met on tuesday to discuss new budget plans for schools roads and parks while residents ' +
  'asked questions about housing costs transport services and the weather which has been unusually warm ' +
  'local companies reported steady growth in exports and several new platforms for online retail opened ' +
  'analysts expect markets to remain calm as officials review digital services data and industry reports'
).split(' ');

function fillerParagraphs(bytes: number, rand: () => number): string[] {
  const out: string[] = [];
  for (let size = 0; size < bytes;) {
    const sentences: string[] = [];
    for (let s = 0, n = 3 + Math.floor(rand() * 4); s < n; s++) {
      const words = Array.from(
        { length: 8 + Math.floor(rand() * 12) },
        () => FILLER[Math.floor(rand() * FILLER.length)],
      );
      sentences.push(words.join(' ').replace(/^./, (c) => c.toUpperCase()) + '.');
    }
    const p = sentences.join(' ');
    out.push(p);
    size += p.length + 1;
  }
  return out;
}

/** The article's paragraphs from the seed, with light typos. */
function articleParagraphs(rand: () => number): string[] {
  return seed
    .split('\n')
    .map((l) => l.trim())
    .filter(Boolean)
    .map((l) => lightTypos(l, rand));
}

function buildHtml(bytes: number, withArticle: boolean, variant = 0): string {
  const rand = prng(bytes + (withArticle ? 1 : 0) + variant * 7919);
  const article = withArticle ? articleParagraphs(rand) : [];
  const articleBytes = article.reduce((a, p) => a + p.length, 0);
  const filler = fillerParagraphs(Math.max(0, bytes - articleBytes), rand);
  const half = filler.length >> 1;
  const paras = [...filler.slice(0, half), ...article, ...filler.slice(half)];
  return paras.map((p) => `<p>${p.replace(/&/g, '&amp;').replace(/</g, '&lt;')}</p>`).join('\n');
}

/**
 * Runs per case (each a fresh page). The first two or three pages of a new browser are slower in
 * every run (34-45 ms at 20 KB, against 7-8 ms after): small pages get runs enough for those to
 * stay in the tail and out of the median.
 */
const SIZES: Array<[string, number, number]> = [
  ['20 KB', 20_000, 15],
  ['300 KB', 300_000, 5],
  ['3 MB', 3_000_000, 3],
];

let ext: LaunchedExtension;
/** The same Chromium without the extension: what the page's own frame costs. */
let plain: Browser;

const BLANK = '<!doctype html><html><body><main id="root"></main></body></html>';

beforeAll(async () => {
  ext = await launchExtension();
  plain = await chromium.launch({ executablePath: chromiumPath, args: ['--no-sandbox', '--disable-gpu'] });
  // Pages are served by Playwright's router: an http URL, so the content script runs, with no server.
  await ext.context.route('http://bench.test/**', (route) =>
    route.fulfill({
      contentType: 'text/html',
      body: BLANK,
    }),
  );
});
afterAll(async () => {
  await plain?.close();
  await ext?.close();
});

interface Run {
  work: Record<string, number>;
  latency: number;
  longestTask: number;
  points: number;
}

/**
 * Puts `html` in the page's root once laid out, and waits for the pass that sees `expected` points.
 * The longest task counts the pass's slices and, where points were found, the placing of their
 * labels in the next frame (it reads layout, and pays for any restyling the page still owes).
 */
async function insertAndWait(page: Page, html: string, expected: number): Promise<Run> {
  const t0 = await page.evaluate((markup) => {
    document.getElementById('root')!.innerHTML = markup;
    // The text is "in the page" once laid out: the page's own style and layout of megabytes of new
    // text is not the extension's time, so it is paid here, before the clock starts.
    void document.body.offsetHeight;
    return performance.now();
  }, html);
  const handle = await page.waitForFunction(
    ({ t0: start, expected: want }) => {
      const marks = performance
        .getEntriesByName('annotator:pass')
        .filter((m) => m.startTime >= start) as PerformanceMark[];
      const done = marks.find((m) => (m.detail as { points: string[] }).points.length === want);
      if (!done) return null;
      const detail = done.detail as { points: string[]; longestTask: number; work: Record<string, number> };
      const labels = performance
        .getEntriesByName('annotator:labels')
        .filter((m) => m.startTime >= start) as PerformanceMark[];
      if (want > 0 && !labels.length) return null;
      const longest = Math.max(
        ...marks.map((m) => (m.detail as { longestTask: number }).longestTask),
        ...labels.map((m) => (m.detail as { ms: number }).ms),
      );
      return {
        latency: done.startTime - start,
        longestTask: longest,
        points: detail.points.length,
        work: detail.work,
      };
    },
    { t0, expected },
    { timeout: 60_000, polling: 50 },
  );
  return (await handle.jsonValue()) as Run;
}

/** A ratio as printed: with a decimal near the 10× target, so a 9.7× never shows as a missed "10×". */
function times(ratio: number): string {
  return `${ratio.toFixed(ratio < 20 ? 1 : 0)}×`;
}

/** A fresh page (cold code), after the extension's first pass over it. */
async function freshPage(page: Page): Promise<void> {
  await page.goto('http://bench.test/');
  await page.waitForFunction(() => performance.getEntriesByName('annotator:pass').length > 0, null, {
    timeout: 20_000,
  });
}

/** Cold: the first article a fresh page shows. */
async function measureOurs(page: Page, html: string, expected: number): Promise<Run> {
  await freshPage(page);
  return insertAndWait(page, html, expected);
}

/**
 * Warm: a single-page site showing a second article after a first (another copy, other typos), as
 * when a reader moves from story to story without reloading.
 */
async function measureWarm(page: Page, first: string, html: string, expected: number): Promise<Run> {
  await freshPage(page);
  await insertAndWait(page, first, expected);
  await insertAndWait(page, '<p>Loading the next story…</p>', 0);
  return insertAndWait(page, html, expected);
}

/**
 * The baseline, in the same page: approx-string-match of each point over the whole page text, its
 * script new to the page.
 */
async function measureBaseline(page: Page): Promise<{ ms: number; found: number }> {
  await page.addScriptTag({ type: 'module', content: `${ASM_SOURCE}\nwindow.__asmSearch = search;` });
  await page.waitForFunction(
    () => typeof (window as unknown as { __asmSearch?: unknown }).__asmSearch === 'function',
  );
  return page.evaluate(
    (points) => {
      type Match = { start: number; end: number; errors: number };
      const search = (window as unknown as { __asmSearch: (t: string, p: string, k: number) => Match[] })
        .__asmSearch;
      const t0 = performance.now();
      const text = document.body.textContent ?? '';
      let found = 0;
      for (const p of points) {
        const matches = search(text, p, Math.floor(p.length / 4));
        if (matches.length) found++;
      }
      return { ms: performance.now() - t0, found };
    },
    POINTS.map((p) => p.text),
  );
}

/**
 * The page's own first frame after the text is in it (laid out, as `insertAndWait` starts its
 * clock), without the extension: from then to the first task after the frame (requestAnimationFrame,
 * then a posted message, which runs once the frame's style, paint and commit are done). No
 * highlight can be seen before the page has painted its text, and on a large page this frame is
 * the page's work that our slices make way for.
 */
async function pageFrame(html: string, reps: number): Promise<number> {
  const page = await plain.newPage({ viewport: { width: 1280, height: 900 } });
  const runs: number[] = [];
  for (let r = 0; r < reps; r++) {
    await page.setContent(BLANK);
    runs.push(
      await page.evaluate(
        (markup) =>
          new Promise<number>((resolve) => {
            document.getElementById('root')!.innerHTML = markup;
            void document.body.offsetHeight;
            const t0 = performance.now();
            requestAnimationFrame(() => {
              const channel = new MessageChannel();
              channel.port1.onmessage = () => resolve(performance.now() - t0);
              channel.port2.postMessage(null);
            });
          }),
        html,
      ),
    );
  }
  await page.close();
  return median(runs);
}

test('recognition: time to highlight, longest task, and the approx-string-match baseline', async () => {
  const page = await ext.context.newPage();
  const rows: string[][] = [];
  const results: Record<string, { ours: number; busy: number; task: number; base?: number; frame?: number }> =
    {};
  for (const [label, bytes, reps] of SIZES) {
    for (const withArticle of [true, false]) {
      const html = buildHtml(bytes, withArticle);
      const runs: Run[] = [];
      // The baseline runs on the page each of our first three runs leaves, its script fresh there
      // as ours is: cold code on both sides, and the median of three. Three runs in one page (once
      // the practice here) made the second and third warm, 20% faster than a first; a single run
      // swung from 880 to 1,030 ms between runs of the bench.
      const baseRuns: number[] = [];
      let baseFound = 0;
      for (let r = 0; r < reps; r++) {
        runs.push(await measureOurs(page, html, withArticle ? POINTS.length : 0));
        if (r >= 3) continue;
        const b = await measureBaseline(page);
        baseRuns.push(b.ms);
        baseFound = b.found;
      }
      const found = Math.min(...runs.map((r) => r.points));
      if (process.env.BENCH_VERBOSE)
        console.log(label, withArticle, JSON.stringify([runs.map((r) => [r.latency, r.work]), baseRuns]));
      const ours = median(runs.map((r) => r.latency));
      const busy = median(runs.map((r) => r.work.busy ?? Number.NaN));
      const task = Math.max(...runs.map((r) => r.longestTask));
      const base = median(baseRuns);
      const frame = await pageFrame(html, Math.min(reps, 5));
      results[`${label}/${withArticle}`] = { ours, busy, task, base, frame };
      rows.push([
        label,
        withArticle ? 'yes' : 'no',
        `${found}/${withArticle ? POINTS.length : 0}`,
        ms(ours),
        ms(busy),
        ms(task),
        ms(frame),
        ms(base),
        `${baseFound}/${POINTS.length}`,
        times(base / Math.max(ours, 0.01)),
      ]);
    }
  }
  const warmRows: string[][] = [];
  for (const [label, bytes, reps] of SIZES) {
    const first = buildHtml(bytes, true, 11);
    const html = buildHtml(bytes, true);
    const runs: Run[] = [];
    for (let r = 0; r < reps; r++) runs.push(await measureWarm(page, first, html, POINTS.length));
    const ours = median(runs.map((r) => r.latency));
    results[`${label}/warm`] = {
      ours,
      busy: median(runs.map((r) => r.work.busy ?? Number.NaN)),
      task: Math.max(...runs.map((r) => r.longestTask)),
    };
    warmRows.push([label, ms(ours), ms(results[`${label}/warm`]!.task)]);
  }
  await page.close();
  console.log(
    table(
      'Recognition on a single-page site, second article (median; code already run once)',
      ['page text', 'ours: text→highlighted ms', 'ours: longest task ms'],
      warmRows,
    ),
  );
  console.log(
    table(
      'Recognition (median of runs; each run a fresh page, cold code)',
      [
        'page text',
        'article',
        'points',
        'ours: text→highlighted ms',
        'ours: working ms',
        'ours: longest task ms',
        'page’s own frame ms',
        'baseline ms',
        'baseline found',
        'speed-up',
      ],
      rows,
    ),
  );
  const r = (k: string) => results[k]!;
  console.log(
    table(
      'Targets',
      ['target', 'figure', 'verdict'],
      [
        ['with article, 20 KB ≤ 5 ms', ms(r('20 KB/true').ours), verdict(r('20 KB/true').ours <= 5)],
        ['with article, 3 MB ≤ 100 ms', ms(r('3 MB/true').ours), verdict(r('3 MB/true').ours <= 100)],
        // Without the extension, the page's own frame after its text is in it: the text is on screen
        // no sooner, with or without highlights.
        ['  the page’s own frame alone, no extension', ms(r('3 MB/true').frame!), ''],
        // The wall time above includes the page's own paint of megabytes of new text, which runs
        // between our slices; this row is the extension's working time alone.
        ['  the same, our working time alone', ms(r('3 MB/true').busy), verdict(r('3 MB/true').busy <= 100)],
        ['no task over 50 ms (3 MB)', ms(r('3 MB/true').task), verdict(r('3 MB/true').task <= 50)],
        ['without article, 20 KB ≤ 1 ms', ms(r('20 KB/false').ours), verdict(r('20 KB/false').ours <= 1)],
        [
          '≥ 10× faster than baseline, 3 MB',
          times(r('3 MB/true').base! / r('3 MB/true').ours),
          verdict(r('3 MB/true').base! / r('3 MB/true').ours >= 10),
        ],
        // The baseline is timed as work alone (no frame of the page's runs inside it): the same
        // for ours is its working time.
        [
          '  the same, working time against working time',
          times(r('3 MB/true').base! / r('3 MB/true').busy),
          verdict(r('3 MB/true').base! / r('3 MB/true').busy >= 10),
        ],
      ],
    ),
  );
});
