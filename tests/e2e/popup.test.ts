/**
 * The popup and the review page in the built extension: search by a note's word, by tag and by
 * site; keyboard opening of a passage; export in each format; import into a fresh profile gives
 * back every record.
 *
 * Seeding: two corpus pages are annotated through the real in-page UI (selection toolbar, note
 * editor); two more records, one on another site, come in through the popup's import call.
 */
import { readFile } from 'node:fs/promises';
import { mkdirSync } from 'node:fs';
import type { Download, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { dragSelect, selectionToolbar, waitRestored } from './support/annotate';
import { launchExtension, type LaunchedExtension } from './support/launch';
import { openExtensionPage, rpcFrom } from './support/extension-page';
import { startServer, type StaticServer } from './support/server';
import { w3c, type Seed } from './support/w3c';

let server: StaticServer;
let ext: LaunchedExtension;
let popup: Page;
const SHOTS = process.env.E2E_SCREENSHOTS;

const seeds = (origin: string): Seed[] => [
  {
    id: '22222222-2222-4222-8222-222222222222',
    url: `${origin}/corpus/canonical.html`,
    title: 'The forum article',
    exact: 'platform economy',
    note: '',
    tags: ['platforms'],
    color: 'green',
    modified: '2025-02-02T10:00:00.000Z',
  },
  {
    id: '44444444-4444-4444-8444-444444444444',
    url: 'https://news.example.org/story?id=7',
    title: 'Elsewhere',
    exact: 'taxing digital services',
    note: 'A different site',
    tags: [],
    color: 'pink',
    modified: '2025-02-04T10:00:00.000Z',
  },
];

const search = (page: Page) => page.getByRole('searchbox', { name: 'Search' });
const options = (page: Page) => page.locator('li[role=option]');

async function everything(page: Page) {
  const r = await rpcFrom<{ groups: { annotations: Record<string, unknown>[] }[] }>(page, 'search', {
    query: '',
    limit: 1000,
  });
  if (!r.ok) throw new Error(r.error);
  return r.value.groups
    .flatMap((g) => g.annotations)
    .sort((a, b) => String(a.id).localeCompare(String(b.id)));
}

async function download(page: Page, format: string): Promise<{ name: string; text: string }> {
  await page.getByRole('combobox', { name: 'Export format' }).selectOption(format);
  const [file] = await Promise.all([
    page.waitForEvent('download') as Promise<Download>,
    page.getByRole('button', { name: 'Export', exact: true }).click(),
  ]);
  const path = await file.path();
  return { name: file.suggestedFilename(), text: await readFile(path, 'utf8') };
}

/** The two records made through the in-page UI: quote, note, tags. */
const UI = {
  canonical: {
    path: '/corpus/canonical.html',
    exact: 'ten digital technology achievements',
    note: 'Compare with the Nordic experience of public ownership',
    tags: ['soe', 'Policy'],
  },
  portal: {
    path: '/corpus/news-portal.html',
    exact: 'Central Cyberspace Administration',
    note: 'Économie numérique: the accent must not matter',
    tags: ['policy'],
  },
};

/** Select the passage, Note from the toolbar, type the note and tags in the editor, Ctrl+Enter. */
async function annotateThroughUi(which: (typeof UI)[keyof typeof UI]): Promise<void> {
  const page = await ext.context.newPage();
  await page.goto(`${server.origin}${which.path}`);
  await waitRestored(page);
  // Mark the element that holds the passage, so the drag starts in view on the right text.
  await page.evaluate((text) => {
    const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
    for (let n = walker.nextNode(); n; n = walker.nextNode()) {
      if ((n as Text).data.includes(text)) {
        n.parentElement!.id = 'e2e-passage';
        return;
      }
    }
    throw new Error(`"${text}" is not on the page`);
  }, which.exact);
  await dragSelect(page, '#e2e-passage', which.exact);
  const toolbar = selectionToolbar(page);
  await toolbar.getByRole('button', { name: 'Note' }).click();
  const editor = page.frameLocator('iframe[title="Forum Annotator note"]');
  const note = editor.getByRole('textbox', { name: 'Note (Markdown)' });
  await note.waitFor();
  await note.fill(which.note);
  const tag = editor.getByRole('combobox', { name: 'Add tag' });
  for (const t of which.tags) {
    await tag.fill(t);
    await tag.press('Enter');
  }
  await note.press('Control+Enter');
  await page.locator('iframe[title="Forum Annotator note"]').waitFor({ state: 'detached' });
  // Closed, so that opening a result later opens a new tab rather than switching to this one.
  await page.close();
}

beforeAll(async () => {
  server = await startServer();
  ext = await launchExtension();
  popup = await openExtensionPage(ext, 'src/popup/index.html');
  const imported = await rpcFrom(popup, 'importAnnotations', { text: w3c(seeds(server.origin)) });
  expect(imported).toMatchObject({ ok: true, value: { added: 2 } });
  await annotateThroughUi(UI.canonical);
  await annotateThroughUi(UI.portal);
  await popup.reload();
  if (SHOTS) mkdirSync(SHOTS, { recursive: true });
});

afterAll(async () => {
  await ext?.close();
  await server?.close();
});

describe('popup', () => {
  it('opens with the search box focused and every annotation, newest first, grouped by page', async () => {
    await expect
      .poll(() => popup.evaluate(() => document.activeElement?.getAttribute('type')))
      .toBe('search');
    await expect.poll(() => options(popup).count()).toBe(4);
    await expect
      .poll(() => popup.getByRole('status').first().textContent())
      .toContain('4 annotations on 3 pages');
    const quotes = await popup.locator('[role=option] .quote').allTextContents();
    // The UI records are the newest; the canonical page's group holds one of each.
    expect(quotes).toEqual([
      UI.portal.exact,
      UI.canonical.exact,
      'platform economy',
      'taxing digital services',
    ]);
    // Two pages of one site share the article's title: each group's header names its address.
    const heads = await popup
      .locator('.group > .page')
      .evaluateAll((els) => els.map((e) => e.getAttribute('title')));
    expect(heads).toEqual([
      expect.stringMatching(/\n.+\/corpus\/news-portal\.html$/),
      expect.stringMatching(/\n.+\/corpus\/canonical\.html$/),
      'Elsewhere\nhttps://news.example.org/story?id=7',
    ]);
    if (SHOTS) {
      await popup.setViewportSize({ width: 460, height: 600 });
      await popup.emulateMedia({ colorScheme: 'light' });
      await popup.screenshot({ path: `${SHOTS}/popup-light.png` });
      await popup.emulateMedia({ colorScheme: 'dark' });
      await popup.screenshot({ path: `${SHOTS}/popup-dark.png` });
      await popup.emulateMedia({ colorScheme: 'light' });
      await popup.setViewportSize({ width: 1280, height: 900 });
    }
  });

  it('finds a note by a word prefix, accent-insensitive, and marks the match', async () => {
    await search(popup).fill('nordi');
    await expect
      .poll(() => popup.locator('[role=option] .quote').allTextContents())
      .toEqual([UI.canonical.exact]);
    expect(await popup.locator('[role=option] mark').allTextContents()).toEqual(['Nordic']);
    await search(popup).fill('economie NUMERIQUE');
    await expect
      .poll(() => popup.locator('[role=option] .quote').allTextContents())
      .toEqual([UI.portal.exact]);
    await search(popup).fill('"digital services"');
    await expect
      .poll(() => popup.locator('[role=option] .quote').allTextContents())
      .toEqual(['taxing digital services']);
    await search(popup).fill('zebra');
    await expect.poll(() => popup.locator('.empty').textContent()).toContain('No matches');
    await search(popup).fill('');
  });

  it('filters by tag (any case) and by site', async () => {
    await popup.getByRole('combobox', { name: 'Tag' }).selectOption('policy');
    await expect
      .poll(() => popup.locator('[role=option] .quote').allTextContents())
      .toEqual([UI.portal.exact, UI.canonical.exact]);
    await popup.getByRole('combobox', { name: 'Tag' }).selectOption('');
    await popup.getByRole('combobox', { name: 'Site' }).selectOption('news.example.org');
    await expect
      .poll(() => popup.locator('[role=option] .quote').allTextContents())
      .toEqual(['taxing digital services']);
    await popup.getByRole('combobox', { name: 'Site' }).selectOption('');
    await search(popup).fill('site:127.0.0.1 platform');
    await expect
      .poll(() => popup.locator('[role=option] .quote').allTextContents())
      .toEqual(['platform economy']);
    await search(popup).fill('');
  });

  it('arrows move through results and Enter opens the passage with a text fragment', async () => {
    await search(popup).fill('tag:policy');
    await expect.poll(() => options(popup).count()).toBe(2);
    await search(popup).press('ArrowDown');
    await expect
      .poll(() => popup.locator('[aria-selected=true] .quote').textContent())
      .toBe(UI.canonical.exact);
    const [opened] = await Promise.all([ext.context.waitForEvent('page'), search(popup).press('Enter')]);
    await opened.waitForLoadState('domcontentloaded');
    expect(opened.url()).toMatch(
      new RegExp(
        `^${server.origin}/corpus/canonical\\.html#:~:text=.*ten%20digital%20technology%20achievements`,
      ),
    );
    await opened.close();
    // A tab in the background gets no animation frames: bring the popup's tab back to the front.
    await popup.bringToFront();
    // The tab closed just now may still be the one shown when the next test clicks.
    await popup.waitForFunction(() => document.visibilityState === 'visible');
    await search(popup).fill('');
  });

  it('exports Markdown, JSON-LD and CSV with every annotation', async () => {
    await popup.getByRole('button', { name: 'Export / import' }).click();
    const md = await download(popup, 'markdown');
    expect(md.name).toMatch(/^forum-annotator-\d{4}-\d\d-\d\d\.md$/);
    expect(md.text).toContain('## Elsewhere');
    expect(md.text).toContain(`> ${UI.canonical.exact}`);
    expect(md.text).toContain('Compare with the Nordic experience of public ownership');
    expect(md.text).toContain('Tags: soe, Policy');
    expect(md.text).toContain('#:~:text=the-,platform%20economy,-and');

    const jsonld = await download(popup, 'jsonld');
    const doc = JSON.parse(jsonld.text);
    expect(doc.type).toBe('AnnotationCollection');
    expect(doc.total).toBe(4);
    const ids = doc.first.items.map((i: { id: string }) => i.id);
    for (const s of seeds(server.origin)) expect(ids).toContain(`urn:uuid:${s.id}`);

    const csv = await download(popup, 'csv');
    const lines = csv.text.trimEnd().split('\r\n');
    expect(lines[0]).toBe(
      'id,url,title,quote,prefix,suffix,start,end,note,tags,color,pointId,created,modified',
    );
    expect(lines).toHaveLength(5);
    expect(csv.text).toContain('soe; Policy');
  });

  it('exports only the current search results when asked', async () => {
    await search(popup).fill('tag:policy');
    await expect.poll(() => options(popup).count()).toBe(2);
    await popup
      .getByRole('combobox', { name: 'What to export' })
      .selectOption({ label: 'These results (2)' });
    const csv = await download(popup, 'csv');
    expect(csv.text.trimEnd().split('\r\n')).toHaveLength(3);
    await popup.getByRole('combobox', { name: 'What to export' }).selectOption({ label: 'Everything' });
    await search(popup).fill('');
  });

  it('a bad import file is refused with a clear message and writes nothing', async () => {
    await popup.getByRole('button', { name: 'Export / import' }).isVisible();
    await popup.locator('input[type=file]').setInputFiles({
      name: 'bad.json',
      mimeType: 'application/json',
      buffer: Buffer.from('{"type": "Annotation", oops'),
    });
    await expect.poll(() => popup.getByRole('alert').textContent()).toContain('not JSON');
    expect(await everything(popup)).toHaveLength(4);
  });

  it('imports the JSON-LD export into a fresh profile and gets every record back', async () => {
    const jsonld = await download(popup, 'jsonld');
    const fresh = await launchExtension();
    try {
      const page = await openExtensionPage(fresh, 'src/popup/index.html');
      await expect.poll(() => page.locator('.empty').textContent()).toContain('No annotations yet');
      await page.getByRole('button', { name: 'Export / import' }).click();
      await page.locator('input[type=file]').setInputFiles({
        name: jsonld.name,
        mimeType: 'application/ld+json',
        buffer: Buffer.from(jsonld.text),
      });
      await expect
        .poll(() => page.locator('.done').first().textContent())
        .toContain('Imported: 4 added, 0 updated, 0 unchanged, 0 skipped.');
      expect(await everything(page)).toEqual(await everything(popup));
      // The same file again changes nothing.
      await page.locator('input[type=file]').setInputFiles({
        name: jsonld.name,
        mimeType: 'application/ld+json',
        buffer: Buffer.from(jsonld.text),
      });
      await expect
        .poll(() => page.locator('.done').first().textContent())
        .toContain('0 added, 0 updated, 4 unchanged');
    } finally {
      await fresh.close();
    }
  });
});

describe('review page', () => {
  let review: Page;
  beforeAll(async () => {
    review = await openExtensionPage(ext, 'src/review/index.html');
    await review.locator('.annotation').nth(3).waitFor();
  });

  it('edits a note and tags in place', async () => {
    const row = review.getByRole('listitem', { name: 'Annotation: platform economy' });
    await row.getByRole('textbox', { name: 'Note' }).fill('Gig work and platforms');
    await row.getByRole('textbox', { name: 'Tags' }).fill('platforms, labour');
    await row.getByRole('button', { name: 'Save' }).click();
    await expect
      .poll(
        async () =>
          await rpcFrom<{ note: string; tags: string[] }>(review, 'getAnnotation', {
            id: '22222222-2222-4222-8222-222222222222',
          }),
      )
      .toMatchObject({ ok: true, value: { note: 'Gig work and platforms', tags: ['platforms', 'labour'] } });
  });

  it('an edit left for the search box is saved as focus leaves its row; closing the page with an edit asks first', async () => {
    const row = review.getByRole('listitem', { name: 'Annotation: platform economy' });
    await row.getByRole('textbox', { name: 'Note' }).fill('Gig work, platforms and pay');
    await review.getByRole('searchbox', { name: 'Search' }).click();
    await expect
      .poll(
        async () =>
          await rpcFrom<{ note: string }>(review, 'getAnnotation', {
            id: '22222222-2222-4222-8222-222222222222',
          }),
      )
      .toMatchObject({ ok: true, value: { note: 'Gig work, platforms and pay' } });
    await expect.poll(() => row.getByRole('button', { name: 'Save' }).count()).toBe(0);
    // An edit still in its row when the page is being closed: the browser asks first; kept, the
    // edit is still there to save.
    await row.getByRole('textbox', { name: 'Note' }).fill('Closed with an edit');
    const asked = review.waitForEvent('dialog');
    await review.close({ runBeforeUnload: true });
    const dialog = await asked;
    expect(dialog.type()).toBe('beforeunload');
    await dialog.dismiss();
    expect(await row.getByRole('textbox', { name: 'Note' }).inputValue()).toBe('Closed with an edit');
    await row.getByRole('button', { name: 'Save' }).click();
    await expect
      .poll(
        async () =>
          await rpcFrom<{ note: string }>(review, 'getAnnotation', {
            id: '22222222-2222-4222-8222-222222222222',
          }),
      )
      .toMatchObject({ ok: true, value: { note: 'Closed with an edit' } });
  });

  it('renames and merges a tag everywhere', async () => {
    await review.getByRole('combobox', { name: 'Tag to rename' }).selectOption({ label: 'soe (1)' });
    await review.getByRole('textbox', { name: 'New tag name' }).fill('policy');
    await review.getByRole('button', { name: 'Merge' }).click();
    await expect.poll(() => review.getByRole('status').filter({ hasText: 'Merged' }).count()).toBe(1);
    const tags = await rpcFrom<{ tag: string; count: number }[]>(review, 'listTags', {});
    // The first record had "soe" and "Policy": they merge into one "policy".
    expect(tags.ok && tags.value.filter((t) => ['policy', 'soe'].includes(t.tag.toLowerCase()))).toEqual([
      { tag: 'policy', count: 2 },
    ]);
  });

  it('deletes several with undo', async () => {
    await review.getByRole('checkbox', { name: `Select “${UI.portal.exact}”` }).check();
    await review.getByRole('checkbox', { name: 'Select “taxing digital services”' }).check();
    await review.getByRole('button', { name: 'Delete selected' }).click();
    await expect.poll(() => review.locator('.annotation').count()).toBe(2);
    if (SHOTS) await review.screenshot({ path: `${SHOTS}/review.png`, fullPage: true });
    await review.getByRole('button', { name: 'Undo' }).click();
    await expect.poll(() => review.locator('.annotation').count()).toBe(4);
    expect(await everything(review)).toHaveLength(4);
  });

  it('the results kept for the popup’s opening follow a delete: removed, then written again without it', async () => {
    // What the worker keeps in storage.session for the popup to show as it opens.
    const kept = () =>
      review.evaluate(async () => {
        const c = (
          globalThis as unknown as { chrome: { storage: { session: { get(k: string): Promise<never> } } } }
        ).chrome;
        const stored = (await c.storage.session.get('openingResults')) as {
          openingResults?: { total: number; groups: { annotations: { id: string }[] }[] };
        };
        const r = stored.openingResults;
        return r ? { total: r.total, ids: r.groups.flatMap((g) => g.annotations.map((a) => a.id)) } : null;
      });
    const opened = await openExtensionPage(ext, 'src/popup/index.html');
    await opened.waitForFunction(() => document.documentElement.dataset.liveResults !== undefined);
    await opened.close();
    await expect.poll(async () => (await kept())?.total).toBe(4);
    const gone = (await kept())!.ids[0]!;
    const deleted = await rpcFrom<{ deleted: unknown[] }>(review, 'deleteAnnotations', { ids: [gone] });
    if (!deleted.ok) throw new Error(deleted.error);
    await expect.poll(kept).not.toMatchObject({ total: 4 });
    await expect.poll(async () => (await kept())?.total, { timeout: 10_000 }).toBe(3);
    expect((await kept())!.ids).not.toContain(gone);
    expect(await rpcFrom(review, 'restoreAnnotations', { annotations: deleted.value.deleted })).toMatchObject(
      {
        ok: true,
      },
    );
  });
});
