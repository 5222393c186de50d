/**
 * A full disk in Chromium: the extension origin's quota is cut below what it already uses (CDP
 * Storage.overrideQuotaForOrigin). An import in the review page and a save from a page are both
 * refused with a clear message in the UI, and the store holds exactly what it held before. With
 * the quota back, both go through. (tests/unit/quota.test.ts fails writes part-way through.)
 */
import type { CDPSession, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { dragSelect, savedCount, selectionToolbar, waitRestored } from './support/annotate';
import { openExtensionPage, rpcFrom } from './support/extension-page';
import { seed, seedRecord, storeHolds } from './support/hostile';
import { launchExtension, type LaunchedExtension } from './support/launch';

let ext: LaunchedExtension;
let review: Page;
let cdp: CDPSession;
const URL_ = 'http://hostile.test/quota.html';
const PASSAGE = 'the first sailing would leave at seven';

beforeAll(async () => {
  ext = await launchExtension();
  await ext.context.route('http://hostile.test/**', (route) =>
    route.fulfill({
      contentType: 'text/html',
      body: `<!doctype html><title>Quota</title><p id="story">After the vote the council said ${PASSAGE} in the morning from the old pier.</p>`,
    }),
  );
  review = await openExtensionPage(ext, 'src/review/index.html');
  await seed(review, [seedRecord(1, { url: 'https://kept.example/', exact: 'kept', note: 'kept' })]);
  cdp = await ext.context.newCDPSession(review);
});
afterAll(async () => ext?.close());

const origin = () => `chrome-extension://${ext.extensionId}`;

/**
 * A full disk, or room again: the quota is set below what the origin already uses. Chromium counts
 * an origin's usage after writes land, so the first writes after the cut may still pass: a small
 * record is written again (same id: idempotent) until the browser refuses it as full.
 */
async function diskFull(full: boolean): Promise<void> {
  await cdp.send(
    'Storage.overrideQuotaForOrigin',
    full ? { origin: origin(), quotaSize: 1 } : { origin: origin() },
  );
  if (!full) return;
  const probe = seedRecord(2, {
    url: 'https://probe.example/',
    exact: 'probe',
    note: 'lorem '.repeat(5_000),
  });
  await expect
    .poll(async () => (await rpcFrom(review, 'restoreAnnotations', { annotations: [probe] })).ok, {
      timeout: 30_000,
    })
    .toBe(false);
}

/** A W3C file of `n` annotations with 2 KB notes: far more than the slack. */
function bigImport(n: number): string {
  return JSON.stringify(
    Array.from({ length: n }, (_, i) => ({
      '@context': 'http://www.w3.org/ns/anno.jsonld',
      type: 'Annotation',
      body: { type: 'TextualBody', value: `Imported note ${i} ${'lorem ipsum '.repeat(170)}` },
      target: {
        source: `https://imported.example/${i % 50}`,
        selector: { type: 'TextQuoteSelector', exact: `q ${i}` },
      },
    })),
  );
}

describe('storage quota exceeded', () => {
  it('an import says the storage is full and writes none of it', async () => {
    await diskFull(true);
    const before = await storeHolds(review);
    await review.locator('section[aria-label="Import"] input[type=file]').setInputFiles({
      name: 'big.json',
      mimeType: 'application/json',
      buffer: Buffer.from(bigImport(3_000)),
    });
    await expect
      .poll(() => review.getByRole('alert').allInnerTexts(), { timeout: 30_000 })
      .toContainEqual(expect.stringMatching(/storage for Forum Annotator is full/));
    expect(await storeHolds(review)).toEqual(before);
  }, 120_000);

  it('a save from a page says so in the page and stores nothing', async () => {
    await diskFull(true);
    const before = await storeHolds(review);
    const page = await ext.context.newPage();
    await page.goto(URL_);
    await waitRestored(page);
    await dragSelect(page, '#story', PASSAGE);
    await selectionToolbar(page).getByRole('button', { name: 'Highlight' }).click();
    await expect
      .poll(() => page.getByRole('alert').allInnerTexts(), { timeout: 30_000 })
      .toContainEqual(expect.stringMatching(/Not saved: .*storage .*full/));
    expect(await savedCount(page)).toBe(0);
    expect(await storeHolds(review)).toEqual(before);

    // With room again, the same save goes through.
    await diskFull(false);
    await dragSelect(page, '#story', PASSAGE);
    await selectionToolbar(page).getByRole('button', { name: 'Highlight' }).click();
    await expect.poll(() => savedCount(page), { timeout: 30_000 }).toBe(1);
    expect((await storeHolds(review)).total).toBe(before.total + 1);
    await page.close();
  });
});
