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
 * The popup and review figures are on the page's own clock: from its navigation, its input event
 * or its click, to the first frame showing the rows. The popup searches 60 ms after the input.
 */

const RUNS = 5;
let ext: LaunchedExtension;
let review: Page;
let seedMs = 0;

beforeAll(async () => {
  ext = await launchExtension();
  await ext.context.addInitScript(logRowFrames, ROWS);
  await routeScale(ext.context);
  review = await openExtensionPage(ext, 'src/review/index.html');
  const t0 = Date.now();
  await seedScale(review);
  seedMs = Date.now() - t0;
}, 900_000);
afterAll(async () => ext?.close());

/** Result rows of the popup and the review page. */
const ROWS = 'li[role=option], li.annotation';

/**
 * Logs, in every extension page from its start, the frames at which its number of result rows
 * changed: figures are then read on the page's own clock, up to the frame that showed the rows,
 * without Playwright's polling and queries (a role query walks the accessibility tree of a page
 * of hundreds of rows) in them.
 */
function logRowFrames(rows: string): void {
  if (location.protocol !== 'chrome-extension:') return;
  const log: [number, number][] = [];
  (window as unknown as { __rowFrames: typeof log }).__rowFrames = log;
  let last = -1;
  const frame = (now: number) => {
    const n = document.querySelectorAll(rows).length;
    if (n !== last) log.push([now, (last = n)]);
    requestAnimationFrame(frame);
  };
  requestAnimationFrame(frame);
}

/** Ms from `since` (the page's clock; 0 is its navigation) to the first frame showing `want` rows. */
async function shownAfter(page: Page, want: number, since: number): Promise<number> {
  const handle = await page.waitForFunction(
    ([n, t0]) =>
      (window as unknown as { __rowFrames: [number, number][] }).__rowFrames.find(
        ([t, count]) => t >= t0 && count === n,
      )?.[0] ?? null,
    [want, since] as const,
    { timeout: 120_000 },
  );
  return ((await handle.jsonValue()) as number) - since;
}

/** Types `text` into the search box at once (as a paste), answering the page's clock then. */
const typeAt = (page: Page, text: string) =>
  page.evaluate((value) => {
    const box = document.querySelector<HTMLInputElement>('input[type=search]')!;
    const t0 = performance.now();
    box.value = value;
    box.dispatchEvent(new Event('input', { bubbles: true }));
    return t0;
  }, text);

/** Clicks "Show more" from the page's own script, answering the page's clock then. */
const showMoreAt = (page: Page) =>
  page.evaluate(() => {
    const button = [...document.querySelectorAll('button')].find((b) => b.classList.contains('more'));
    if (!button) throw new Error('no "Show more" button');
    const t0 = performance.now();
    button.click();
    return t0;
  });

async function popupFigures(): Promise<number[]> {
  const popup = await ext.context.newPage();
  await popup.goto(`chrome-extension://${ext.extensionId}/src/popup/index.html`);
  const open = await shownAfter(popup, 50, 0);
  const phrase = await shownAfter(popup, 1, await typeAt(popup, `"${scaleQuote(77_777)}"`));
  const prefix = await shownAfter(popup, 50, await typeAt(popup, 'tan'));
  const more = await shownAfter(popup, 150, await showMoreAt(popup));
  await popup.close();
  return [open, phrase, prefix, more];
}

async function reviewFigures(): Promise<number[]> {
  const page = await ext.context.newPage();
  await page.goto(`chrome-extension://${ext.extensionId}/src/review/index.html`);
  const open = await shownAfter(page, 200, 0);
  const more = await shownAfter(page, 400, await showMoreAt(page));
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
      `Scale: ${SCALE_ANNOTATIONS.toLocaleString('en')} annotations on ${SCALE_PAGES.toLocaleString('en')} pages (seeded in ${ms(seedMs / 1000)} s; medians of ${RUNS}, ms; popup and review: to the frame that showed the rows)`,
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
