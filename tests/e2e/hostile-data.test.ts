/**
 * Markup and script in user data, shown where the reader sees it: titles, tags and quotes holding
 * HTML and script payloads (notes cannot hold markup: every way in refuses it) in the popup, the
 * review page, the editor card and every export. Each payload sets `window.__pwned` if it ever
 * runs; the flag must stay unset and no element the payloads describe may appear.
 */
import { readFile } from 'node:fs/promises';
import type { Download, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openExtensionPage, rpcFrom } from './support/extension-page';
import { seed, seedRecord, uuidOf } from './support/hostile';
import { launchExtension, type LaunchedExtension } from './support/launch';

const PAYLOADS = [
  '<img src=x onerror="window.__pwned=1">',
  '<script>window.__pwned=1</script>',
  '"><svg onload="window.__pwned=1">',
  'javascript:window.__pwned=1//',
  '<a href="javascript:window.__pwned=1">click</a>',
  '<iframe srcdoc="<script>parent.__pwned=1</script>"></iframe>',
];

let ext: LaunchedExtension;
let review: Page;

const records = PAYLOADS.map((p, i) =>
  seedRecord(i + 1, {
    id: uuidOf(i + 1, 0xc0de),
    url: `https://payload${i}.example/story`,
    title: p,
    exact: `payload quote ${i} ${p}`,
    tags: [p, `zz${i}`],
    // A Markdown note: emphasis and an http link are rendered, as text.
    note: `**Payload ${i}** see [the source](https://example.org/${i})`,
  }),
);

beforeAll(async () => {
  ext = await launchExtension();
  review = await openExtensionPage(ext, 'src/review/index.html');
  await seed(review, records);
});
afterAll(async () => ext?.close());

/** Nothing ran and nothing the payloads describe was built, in the page or its same-origin frames. */
async function untouched(page: Page): Promise<void> {
  const found = await page.evaluate(() => {
    const w = window as unknown as { __pwned?: unknown };
    const docs = [
      document,
      ...[...document.querySelectorAll('iframe')].flatMap((f) =>
        f.contentDocument ? [f.contentDocument] : [],
      ),
    ];
    return {
      pwned: w.__pwned ?? null,
      elements: docs.flatMap((d) =>
        [
          ...d.querySelectorAll(
            'img[src="x"], svg[onload], script:not([src]), iframe[srcdoc], a[href^="javascript:" i], [onerror], [onload]',
          ),
        ].map((e) => e.outerHTML.slice(0, 80)),
      ),
    };
  });
  expect(found).toEqual({ pwned: null, elements: [] });
}

const search = (page: Page) => page.getByRole('searchbox', { name: 'Search' });

describe('payloads in titles, tags and quotes', () => {
  it('the popup shows them as text', async () => {
    const popup = await openExtensionPage(ext, 'src/popup/index.html');
    await search(popup).fill('payload');
    await expect
      .poll(() => popup.locator('li[role=option]').count(), { timeout: 10_000 })
      .toBe(PAYLOADS.length);
    const text = await popup.locator('body').innerText();
    for (const p of PAYLOADS) expect(text).toContain(p);
    await untouched(popup);
    await popup.close();
  });

  it('the review page shows them as text', async () => {
    const page = await openExtensionPage(ext, 'src/review/index.html');
    await search(page).fill('payload');
    await expect
      .poll(() => page.getByText('payload quote 5').count(), { timeout: 10_000 })
      .toBeGreaterThan(0);
    const text = await page.locator('body').innerText();
    for (const p of PAYLOADS) expect(text).toContain(p);
    await untouched(page);
    await page.close();
  });

  it('the editor card shows them as text', async () => {
    for (const r of records.slice(0, 3)) {
      const card = await openExtensionPage(
        ext,
        `src/editor/index.html#mode=card&ids=${r.id}&host=AAAAAAAAAAAAAAAA`,
      );
      await expect
        .poll(() => card.getByText(`Payload ${records.indexOf(r)}`).count(), {
          timeout: 10_000,
        })
        .toBeGreaterThan(0);
      await expect.poll(() => card.locator('body').innerText()).toContain(r.tags[0]!);
      await untouched(card);
      await card.close();
    }
  });

  it('the editor in edit mode keeps them as values of its fields', async () => {
    const r = records[2]!;
    const edit = await openExtensionPage(
      ext,
      `src/editor/index.html#mode=edit&ids=${r.id}&host=AAAAAAAAAAAAAAAA`,
    );
    await expect
      .poll(() => edit.getByRole('textbox', { name: 'Note (Markdown)' }).inputValue(), { timeout: 10_000 })
      .toBe(r.note);
    await expect.poll(() => edit.locator('body').innerText()).toContain(r.tags[0]!);
    await untouched(edit);
    await edit.close();
  });

  it('every export format downloads with the payloads as data, and nothing runs meanwhile', async () => {
    const page = await openExtensionPage(ext, 'src/review/index.html');
    for (const format of ['markdown', 'jsonld', 'csv']) {
      await page.getByRole('combobox', { name: 'Export format' }).selectOption(format);
      const [file] = await Promise.all([
        page.waitForEvent('download') as Promise<Download>,
        page.getByRole('button', { name: 'Export', exact: true }).click(),
      ]);
      const text = await readFile((await file.path())!, 'utf8');
      if (format === 'jsonld')
        for (const p of PAYLOADS) expect(text).toContain(JSON.stringify(p).slice(1, -1));
      if (format === 'markdown') expect(text).not.toMatch(/(?<!\\)<(img|script|svg|iframe|a )/i);
      if (format === 'csv')
        for (const line of text.split('\r\n').slice(1)) expect(line).not.toMatch(/^[=+\-@\t\r]|,[=+\-@\t\r]/);
    }
    await untouched(page);
    await page.close();
  });

  it('a record whose page URL is a script or data URL is refused', async () => {
    for (const url of ['javascript:window.__pwned=1', 'data:text/html,<script>alert(1)</script>']) {
      const res = await rpcFrom(review, 'restoreAnnotations', {
        annotations: [seedRecord(99, { url, exact: 'x' })],
      });
      expect(res).toMatchObject({ ok: false, error: expect.stringMatching(/url/) as unknown });
    }
  });
});
