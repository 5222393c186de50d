import type { Page } from 'playwright-core';
import { afterAll, beforeAll, test } from 'vitest';
import { stopServiceWorker, waitRestored } from '../e2e/support/annotate';
import { openExtensionPage } from '../e2e/support/extension-page';
import { launchExtension, type LaunchedExtension } from '../e2e/support/launch';
import {
  routeScale,
  SCALE_ANNOTATIONS,
  SCALE_PAGES,
  scaleQuote,
  scaleUrl,
  seedScale,
} from '../e2e/support/scale';
import { median, ms, table } from './report';

/**
 * 100,000 annotations across 5,000 pages, in real Chromium (the data of tests/e2e/hostile-scale):
 * - the popup: opening to its first 50 results, a phrase that finds one record, a word prefix that
 *   finds all, and "Show more";
 * - the review page: opening to its first 200 rows, and "Show more" to 400;
 * - restoring a page's 20 highlights: asking for them and placing them;
 * each with the worker warm (search index built) and right after the worker was stopped (cold:
 * the first search rebuilds the in-memory index, and a page opened meanwhile waits for its turn).
 */

const RUNS = 5;
let ext: LaunchedExtension;
let review: Page;
let seedMs = 0;

beforeAll(async () => {
  ext = await launchExtension();
  await routeScale(ext.context);
  review = await openExtensionPage(ext, 'src/review/index.html');
  const t0 = Date.now();
  await seedScale(review);
  seedMs = Date.now() - t0;
}, 900_000);
afterAll(async () => ext?.close());

async function until(count: () => Promise<number>, want: number): Promise<void> {
  for (const deadline = Date.now() + 120_000; Date.now() < deadline;) {
    if ((await count()) === want) return;
    await new Promise((r) => setTimeout(r, 5));
  }
  throw new Error(`never reached ${want}`);
}

async function timed(fn: () => Promise<void>): Promise<number> {
  const t0 = performance.now();
  await fn();
  return performance.now() - t0;
}

async function popupFigures(): Promise<number[]> {
  const popup = await ext.context.newPage();
  const options = popup.locator('li[role=option]');
  const box = popup.getByRole('searchbox', { name: 'Search' });
  const open = await timed(async () => {
    await popup.goto(`chrome-extension://${ext.extensionId}/src/popup/index.html`);
    await until(() => options.count(), 50);
  });
  const phrase = await timed(async () => {
    await box.fill(`"${scaleQuote(77_777)}"`);
    await until(() => options.count(), 1);
  });
  const prefix = await timed(async () => {
    await box.fill('tan');
    await until(() => options.count(), 50);
  });
  const more = await timed(async () => {
    await popup.getByRole('button', { name: 'Show more' }).click();
    await until(() => options.count(), 150);
  });
  await popup.close();
  return [open, phrase, prefix, more];
}

async function reviewFigures(): Promise<number[]> {
  const page = await ext.context.newPage();
  const rows = page.locator('li.annotation');
  const open = await timed(async () => {
    await page.goto(`chrome-extension://${ext.extensionId}/src/review/index.html`);
    await until(() => rows.count(), 200);
  });
  const more = await timed(async () => {
    await page.getByRole('button', { name: 'Show more' }).click();
    await until(() => rows.count(), 400);
  });
  await page.close();
  return [open, more];
}

async function restoreFigures(u: number): Promise<number[]> {
  const page = await ext.context.newPage();
  await page.goto(scaleUrl(u));
  const r = await waitRestored(page, 120_000);
  await page.close();
  if (r.placed !== r.total) throw new Error(`page ${u}: ${r.placed} of ${r.total} placed`);
  return [r.asked, r.ms, r.longestTask];
}

async function stopWorker(): Promise<void> {
  const page = await ext.context.newPage();
  await page.goto(scaleUrl(0));
  await waitRestored(page, 120_000);
  // A worker busy with a long task (building the search index) may take a while to stop.
  for (let attempt = 1; ; attempt++) {
    try {
      await stopServiceWorker(ext.context, page, ext.extensionId);
      break;
    } catch (error) {
      if (attempt === 3) throw error;
    }
  }
  await page.close();
}

/**
 * Waits until the worker has built its search index (it records a performance measure when done):
 * figures called warm are taken with the index built, as a worker that has been awake a while has it.
 */
async function indexBuilt(): Promise<number> {
  for (const deadline = Date.now() + 120_000; Date.now() < deadline;) {
    const worker = ext.context.serviceWorkers().find((w) => w.url().includes(ext.extensionId));
    const built = await worker
      ?.evaluate(() => performance.getEntriesByName('annotator:search-index')[0]?.duration ?? null)
      .catch(() => null);
    if (typeof built === 'number') return built;
    await new Promise((r) => setTimeout(r, 50));
  }
  throw new Error('the search index was never built');
}

const col = (runs: number[][], k: number) => ms(median(runs.map((r) => r[k]!)));

test(`scale: ${SCALE_ANNOTATIONS.toLocaleString('en')} annotations across ${SCALE_PAGES.toLocaleString('en')} pages`, async () => {
  const cold = {
    popup: [] as number[][],
    review: [] as number[][],
    restore: [] as number[][],
    during: [] as number[][],
  };
  const warm = { popup: [] as number[][], review: [] as number[][], restore: [] as number[][] };
  const builds: number[] = [];
  for (let run = 0; run < RUNS; run++) {
    await stopWorker();
    cold.restore.push(await restoreFigures(100 + run));
    await stopWorker();
    cold.popup.push(await popupFigures());
    await stopWorker();
    // The popup's first search after a restart, and a page opened at the same moment.
    const [, during] = await Promise.all([popupFigures(), restoreFigures(200 + run)]);
    cold.during.push(during);
    await stopWorker();
    cold.review.push(await reviewFigures());
    builds.push(await indexBuilt());
    warm.popup.push(await popupFigures());
    warm.review.push(await reviewFigures());
    warm.restore.push(await restoreFigures(300 + run));
  }
  const rows = (name: string, runs: number[][], labels: string[]) =>
    labels.map((label, k) => [name, label, col(runs, k)]);
  console.log(
    table(
      `Scale: ${SCALE_ANNOTATIONS.toLocaleString('en')} annotations on ${SCALE_PAGES.toLocaleString('en')} pages (seeded in ${ms(seedMs / 1000)} s; medians of ${RUNS}, ms)`,
      ['worker', 'figure', 'ms'],
      [
        ...rows('warm', warm.popup, [
          'popup: open to first 50',
          'popup: phrase -> 1',
          'popup: prefix -> 50',
          'popup: show more -> 150',
        ]),
        ...rows('cold', cold.popup, [
          'popup: open to first 50',
          'popup: phrase -> 1',
          'popup: prefix -> 50',
          'popup: show more -> 150',
        ]),
        ...rows('warm', warm.review, ['review: open to first 200', 'review: show more -> 400']),
        ...rows('cold', cold.review, ['review: open to first 200', 'review: show more -> 400']),
        ...rows('warm', warm.restore, [
          'restore 20: asked',
          'restore 20: all placed',
          'restore 20: longest task',
        ]),
        ...rows('cold', cold.restore, [
          'restore 20: asked',
          'restore 20: all placed',
          'restore 20: longest task',
        ]),
        ...rows('cold + popup', cold.during, [
          'restore 20: asked',
          'restore 20: all placed',
          'restore 20: longest task',
        ]),
        ['cold', 'search index built (after waking)', ms(median(builds))],
      ].map((r) => r.map(String)),
    ),
  );
});
