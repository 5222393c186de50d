/**
 * Many annotations: 100,000 across 5,000 pages. The popup and the review page show results and
 * page through them, and a page restores its own 20 among them, with only loose guards against a
 * frozen page; the speed figures are in `npm run bench` (tests/bench/scale.perf.ts).
 */
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { waitRestored } from './support/annotate';
import { openExtensionPage, rpcFrom } from './support/extension-page';
import { launchExtension, type LaunchedExtension } from './support/launch';
import { PER_PAGE, routeScale, SCALE_ANNOTATIONS, scaleQuote, scaleUrl, seedScale } from './support/scale';

/** A guard against a frozen page, not a target. */
const FREEZE_MS = 250;

let ext: LaunchedExtension;
let review: Page;

beforeAll(async () => {
  ext = await launchExtension();
  await routeScale(ext.context);
  review = await openExtensionPage(ext, 'src/review/index.html');
  await seedScale(review);
}, 300_000);
afterAll(async () => ext?.close());

const search = (page: Page) => page.getByRole('searchbox', { name: 'Search' });

describe('100,000 annotations across 5,000 pages', () => {
  it('are all stored, over 5,000 pages', async () => {
    const all = await rpcFrom<{ total: number }>(review, 'search', { query: '', limit: 1 });
    expect(all).toMatchObject({ ok: true, value: { total: SCALE_ANNOTATIONS } });
    const pages = await rpcFrom<unknown[]>(review, 'listPages', {});
    expect(pages.ok && pages.value.length).toBe(SCALE_ANNOTATIONS / PER_PAGE);
  });

  it('the popup shows the newest at once, finds one record among them, and pages on', async () => {
    const popup = await openExtensionPage(ext, 'src/popup/index.html');
    const options = popup.locator('li[role=option]');
    await expect.poll(() => options.count(), { timeout: 30_000 }).toBe(50);
    // The pages counted are those of the 50 shown, and the summary says so.
    await expect
      .poll(() => popup.locator('.summary [role=status]').innerText(), { timeout: 30_000 })
      .toMatch(/^100,000 annotations \(showing 50 on \d+ pages?\)$/);
    await search(popup).fill(`"${scaleQuote(77_777)}"`);
    await expect.poll(() => options.count(), { timeout: 30_000 }).toBe(1);
    expect(await options.first().innerText()).toContain(scaleQuote(77_777));
    await search(popup).fill('tango');
    await expect.poll(() => options.count(), { timeout: 30_000 }).toBe(50);
    await popup.getByRole('button', { name: 'Show more' }).click();
    await expect.poll(() => options.count(), { timeout: 30_000 }).toBe(150);
    await popup.close();
  });

  it('the review page lists the first page of results and pages on', async () => {
    const page = await openExtensionPage(ext, 'src/review/index.html');
    const rows = page.locator('li.annotation');
    await expect.poll(() => rows.count(), { timeout: 30_000 }).toBe(200);
    expect(await page.locator('header [role=status]').innerText()).toMatch(
      /^100,000 annotations \(showing 200 on \d+ pages?\)$/,
    );
    await page.getByRole('button', { name: 'Show more' }).click();
    await expect.poll(() => rows.count(), { timeout: 30_000 }).toBe(400);
    await search(page).fill(`"${scaleQuote(54_321)}"`);
    await expect.poll(() => rows.count(), { timeout: 30_000 }).toBe(1);
    expect(await rows.first().innerText()).toContain(scaleQuote(54_321));
    await page.close();
  });

  it('a page restores its own 20 among them without freezing', async () => {
    const page = await ext.context.newPage();
    await page.goto(scaleUrl(1_234));
    const restored = await waitRestored(page, 30_000);
    console.log(`restore among 100,000: ${JSON.stringify(restored)}`);
    expect(restored).toMatchObject({ total: PER_PAGE, placed: PER_PAGE, orphans: 0 });
    expect(restored.longestTask).toBeLessThan(FREEZE_MS);
    await page.close();
  });
});
