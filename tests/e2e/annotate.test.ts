import { readFile } from 'node:fs/promises';
import path from 'node:path';
import type { Locator, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  dragSelect,
  pageReachableText,
  savedCount,
  selectionToolbar,
  stopServiceWorker,
  userHighlights,
  waitRestored,
} from './support/annotate';
import { openExtensionPage, rpcFrom } from './support/extension-page';
import { launchExtension, type LaunchedExtension } from './support/launch';
import { pagesDir } from './support/paths';
import { startServer, type StaticServer } from './support/server';

// One reader's session on a news story: highlight, note and tags through the extension's own UI,
// then the story comes back changed, or without the passage.

const PASSAGE =
  "Residents had campaigned for the return of the ferry since the last boat was sold in a hurry to pay the operator's debts";
const NOTE = 'Check the **council minutes** from 2014: the sale price was never published. zq-secret-7731';
const TAGS = ['ferries', 'local politics'];

let server: StaticServer;
let ext: LaunchedExtension;
let url: string;
let page: Page;

const story = () => readFile(path.join(pagesDir, 'annotate', 'article.html'), 'utf8');

function replaceAll(html: string, edits: Array<[string | RegExp, string]>): string {
  for (const [from, to] of edits) {
    const next = html.replace(from, to);
    if (next === html) throw new Error(`the story has no ${String(from)}`);
    html = next;
  }
  return html;
}

/**
 * Page script for the late variants: the story's own markup, fetched, once the extension has
 * restored this load's annotations (its `annotator:restored` mark, which the page can see) and a
 * little after. A fixed delay instead would let a slow worker answer after the story is in, and
 * the test would no longer be about late content.
 */
const AFTER_RESTORE = `
  function afterRestore(url) {
    const restored = new Promise((resolve) => {
      const seen = () => performance.getEntriesByName('annotator:restored').length > 0;
      if (seen()) return resolve();
      new PerformanceObserver((_, observer) => {
        if (seen()) { observer.disconnect(); resolve(); }
      }).observe({ type: 'mark' });
    });
    const story = fetch(url, { headers: { 'x-part': 'story' } }).then((r) => r.text());
    return Promise.all([story, restored])
      .then(([text]) => new Promise((resolve) => setTimeout(() => resolve(text), 100)))
      .then((text) => new DOMParser().parseFromString(text, 'text/html'));
  }`;

/** The story's variants, each served at the story's own URL (the same URL: the same annotations). */
const variants: Record<string, (html: string) => string> = {
  // A few words edited inside and around the passage, two paragraphs inserted before it.
  edited: (html) =>
    replaceAll(html, [
      [
        '<p id="p1">',
        '<p>Update, Tuesday: the council has published the timetable.</p>\n<p>Correction: an earlier version gave the wrong name for the island.</p>\n<p id="p1">',
      ],
      ['announced on Monday.', 'said on Monday evening.'],
      ['run four times', 'run five times'],
      ['on each trip.', 'on every trip.'],
      ['>Residents had campaigned', '>Local residents had long campaigned'],
      ['sold in a hurry', 'sold in a great hurry'],
      ['detour by road.', 'detour by road and rail.'],
    ]),
  // A link inserted inside the passage, as sites add "related story" links to old articles.
  linkInside: (html) =>
    replaceAll(html, [
      [
        'sold in a hurry',
        'sold <a class="related" href="/ferries">Related: the last ferry, 1998</a> in a hurry',
      ],
    ]),
  removed: (html) => replaceAll(html, [[/\s*<p id="target">[^]*?<\/p>/, '']]),
  // The story's text arrives after the first paint, as on a single-page site.
  late: (html) =>
    replaceAll(html, [
      [/<main>[^]*<\/main>/, '<main id="main"><p>Loading…</p></main>'],
      [
        '</body>',
        `<script>${AFTER_RESTORE}
          afterRestore(location.href).then((doc) =>
            document.getElementById('main').replaceChildren(...doc.querySelector('main').childNodes),
          );
        </script></body>`,
      ],
    ]),
  // The same, rendered by a web component inside its own shadow root: nothing outside it changes.
  lateShadow: (html) =>
    replaceAll(html, [
      [/<main>[^]*<\/main>/, '<main id="main"><late-story></late-story></main>'],
      [
        '</body>',
        `<script>${AFTER_RESTORE}
          customElements.define('late-story', class extends HTMLElement {
            connectedCallback() {
              const root = this.attachShadow({ mode: 'open' });
              root.innerHTML = '<p>Loading…</p>';
              afterRestore(location.href).then((doc) =>
                root.replaceChildren(...doc.querySelector('main').childNodes),
              );
            }
          });
        </script></body>`,
      ],
    ]),
};

/** Serves a variant of the story at its URL from now on; null: the story as it is. */
async function serveAs(name: keyof typeof variants | null): Promise<void> {
  await ext.context.unroute(url);
  if (name === null) return;
  const original = await story();
  const body = variants[name]!(original);
  await ext.context.route(url, (route) =>
    route.fulfill({
      status: 200,
      contentType: 'text/html; charset=utf-8',
      // The late variant fetches the story itself from its own URL.
      body: route.request().headers()['x-part'] === 'story' ? original : body,
    }),
  );
}

const toolbar = () => selectionToolbar(page);
const editor = () => page.frameLocator('iframe[title="Forum Annotator note"]');

/**
 * Opens the editor's note field and puts the focus in it with real clicks, as a reader does, so a
 * click back into the page blurs the editor, which saves the draft. Chromium routes a click to an
 * out-of-process frame by the compositor's hit-test data: a frame just opened (or opened where
 * another just closed) can take a click as the page's until that data is in, a frame or more later
 * on a busy machine, and `fill` focuses the field without focusing its frame. So each click is
 * tried until it has landed.
 */
async function focusNoteField(): Promise<Locator> {
  const note = editor().getByRole('textbox', { name: 'Note (Markdown)' });
  const edit = editor().getByRole('button', { name: 'Edit note' });
  const focused = () =>
    note.evaluate((el) => document.hasFocus() && document.activeElement === el).catch(() => false);
  await expect
    .poll(
      async () => {
        if (!(await note.isVisible())) await edit.click({ timeout: 2_000 }).catch(() => undefined);
        else if (!(await focused())) await note.click({ timeout: 2_000 }).catch(() => undefined);
        return (await note.isVisible()) && (await focused());
      },
      { timeout: 15_000 },
    )
    .toBe(true);
  return note;
}

/**
 * Cancels the editor and waits for its iframe to go. The click closes the out-of-process
 * extension frame it lands in; when that frame goes before Chromium acknowledges the input
 * event, Playwright's click can wait for an acknowledgement that never comes. What the test
 * asserts is that the editor closed, so the click may end with the frame.
 */
async function cancelEditor(): Promise<void> {
  const gone = page.locator('iframe[title="Forum Annotator note"]').waitFor({ state: 'detached' });
  // A click that ends with its frame settles later with an error: kept, never unhandled.
  const click = editor()
    .getByRole('button', { name: 'Cancel' })
    .click()
    .then(
      () => undefined,
      (error: unknown) => error,
    );
  await Promise.race([gone, click]);
  await gone;
}

beforeAll(async () => {
  server = await startServer();
  ext = await launchExtension();
  url = `${server.origin}/pages/annotate/article.html`;
  page = await ext.context.newPage();
});

afterAll(async () => {
  await ext?.close();
  await server?.close();
});

describe('annotating a story', () => {
  it('toolbar by role: highlight a selection; shown as saved once acknowledged', async () => {
    await page.goto(url);
    await waitRestored(page);
    await dragSelect(page, '#target', PASSAGE);
    await expect.poll(() => toolbar().isVisible()).toBe(true);
    await expect.poll(() => toolbar().getByRole('radio').count()).toBeGreaterThanOrEqual(5);
    await toolbar().getByRole('radio', { name: 'Green' }).click();
    await toolbar().getByRole('button', { name: 'Highlight' }).click();
    await expect.poll(() => savedCount(page)).toBe(1);
    const highlights = await userHighlights(page);
    expect(highlights.map((h) => h.text)).toEqual([PASSAGE]);
    // The toolbar went away with the selection.
    await expect.poll(() => toolbar().isVisible()).toBe(false);
  });

  it('clicking the highlight opens its card in the extension iframe: note and two tags, Ctrl+Enter saves', async () => {
    await page.locator('#target').click({ position: { x: 40, y: 8 } });
    const note = editor().getByRole('textbox', { name: 'Note (Markdown)' });
    await note.waitFor();
    await note.fill(NOTE);
    const tag = editor().getByRole('combobox', { name: 'Add tag' });
    for (const t of TAGS) {
      await tag.fill(t);
      await tag.press('Enter');
    }
    await expect
      .poll(() => editor().getByRole('listitem').allTextContents())
      .toEqual(TAGS.map((t) => `${t}×`));
    await note.press('Control+Enter');
    await page.locator('iframe[title="Forum Annotator note"]').waitFor({ state: 'detached' });
    expect(await pageReachableText(page)).not.toContain('zq-secret-7731');
  });

  it('reload: the highlight is back on the same text, with its note and tags in the card', async () => {
    await page.reload();
    const restored = await waitRestored(page);
    expect(restored).toMatchObject({ total: 1, placed: 1, orphans: 0 });
    expect((await userHighlights(page)).map((h) => h.text)).toEqual([PASSAGE]);
    await page.locator('#target').click({ position: { x: 40, y: 8 } });
    await expect
      .poll(() => editor().getByRole('region', { name: 'Note' }).textContent())
      .toContain('zq-secret-7731');
    await expect
      .poll(() => editor().getByRole('listitem').allTextContents())
      .toEqual(TAGS.map((t) => `${t}×`));
    // Bold came through as an element of the extension page, not as markup in the page.
    expect(await editor().locator('.md strong').textContent()).toBe('council minutes');
    expect(await pageReachableText(page)).not.toContain('zq-secret-7731');
    await cancelEditor();
  });

  it('the page renders the story again after load (a framework swapping in equal markup): the highlight follows', async () => {
    await page.reload();
    await waitRestored(page);
    expect((await userHighlights(page)).map((h) => h.text)).toEqual([PASSAGE]);
    // The old text nodes leave the page; a live range over them collapses onto their parent.
    await page.evaluate(() => {
      const story = document.querySelector('#target')!.parentElement!;
      const markup = story.innerHTML;
      story.innerHTML = markup;
    });
    await expect.poll(async () => (await userHighlights(page)).map((h) => h.text)).toEqual([PASSAGE]);
    expect(await page.evaluate(() => document.querySelector('#target')!.isConnected)).toBe(true);
    await expect
      .poll(() => page.getByRole('button', { name: /could not be placed/ }).isVisible())
      .toBe(false);
  });

  it('tags autocomplete from tags already used', async () => {
    await dragSelect(page, '#p4', 'break even within three seasons');
    await toolbar().getByRole('button', { name: 'Tag' }).click();
    const tag = editor().getByRole('combobox', { name: 'Add tag' });
    await tag.waitFor();
    await tag.pressSequentially('fer');
    await expect.poll(() => editor().getByRole('option').allTextContents()).toEqual(['ferries']);
    await tag.press('ArrowDown');
    await tag.press('Enter');
    await expect.poll(() => editor().getByRole('listitem').allTextContents()).toEqual(['ferries×']);
    // Esc cancels; the tag was never saved, so the fresh highlight goes too.
    await tag.press('Escape');
    await page.locator('iframe[title="Forum Annotator note"]').waitFor({ state: 'detached' });
    await expect.poll(async () => (await userHighlights(page)).length).toBe(1);
  });

  it('a note typed and left for the page is kept when the page closes the editor; Cancel puts it back', async () => {
    const popup = await openExtensionPage(ext, 'src/popup/index.html');
    const stored = async (word: string) => {
      const r = await rpcFrom<{ total: number }>(popup, 'search', { query: word, limit: 1 });
      return r.ok ? r.value.total : -1;
    };
    const frame = page.locator('iframe[title="Forum Annotator note"]');
    try {
      // Typed, then the reader clicks back into the page: the draft is saved as focus leaves.
      await page.locator('#target').click({ position: { x: 40, y: 8 } });
      const note = await focusNoteField();
      await note.fill(`${NOTE} zq-draft-one`);
      await page.locator('h1').first().click();
      await expect.poll(() => stored('zq-draft-one')).toBe(1);
      // Escape in the page closes the editor without asking it: the note stays.
      await page.keyboard.press('Escape');
      await frame.waitFor({ state: 'detached' });
      expect(await stored('zq-draft-one')).toBe(1);
      // Typed, left (saved), then cancelled: the note is back as the editor found it.
      await page.locator('#target').click({ position: { x: 40, y: 8 } });
      await editor().getByText('zq-draft-one').waitFor();
      await focusNoteField();
      await note.fill(`${NOTE} zq-draft-two`);
      await page.locator('h1').first().click();
      await expect.poll(() => stored('zq-draft-two')).toBe(1);
      await editor().getByRole('button', { name: 'Cancel' }).click();
      await frame.waitFor({ state: 'detached' });
      await expect.poll(() => stored('zq-draft-two')).toBe(0);
      expect(await stored('zq-draft-one')).toBe(1);
    } finally {
      await popup.close();
    }
  });

  /** The story served changed, the page reloaded: the text of its one highlight, placed by a fuzzy match. */
  async function fuzzyPlacedAfter(variant: keyof typeof variants): Promise<string | undefined> {
    await serveAs(variant);
    await page.reload();
    const restored = await waitRestored(page);
    expect(restored).toMatchObject({ total: 1, placed: 1, orphans: 0, methods: { fuzzy: 1 } });
    return (await userHighlights(page))[0]?.text;
  }

  it('the story changed (words edited in and around the passage, paragraphs inserted before): fuzzy match', async () => {
    const text = await fuzzyPlacedAfter('edited');
    expect(text).toMatch(/^(Local )?[Rr]esidents had long campaigned for the return of the ferry/);
    expect(text).toMatch(/operator's debts$/);
  });

  it('a link inserted inside the passage: the passage is highlighted on both sides of it, the link is not', async () => {
    await fuzzyPlacedAfter('linkInside');
    const pieces = await page.evaluate(() =>
      [...CSS.highlights]
        .filter(([name]) => name.startsWith('annotator-user-'))
        .flatMap(([, h]) => [...h].map((r) => r.toString())),
    );
    expect(pieces).toEqual(PASSAGE.split(' sold ').map((part, k) => (k ? part : `${part} sold`)));
  });

  it('the passage removed: the page says one note could not be placed, and lists it in the iframe', async () => {
    await serveAs('removed');
    await page.reload();
    const restored = await waitRestored(page);
    expect(restored).toMatchObject({ total: 1, placed: 0, orphans: 1 });
    expect(await userHighlights(page)).toEqual([]);
    const badge = page.getByRole('button', { name: '1 note could not be placed' });
    await badge.click();
    const list = page.frameLocator('iframe[title="Notes that could not be placed"]');
    await expect.poll(() => list.getByRole('listitem').first().textContent()).toContain('zq-secret-7731');
    expect(await list.getByRole('listitem').first().textContent()).toContain('Residents had campaigned');
    expect(await pageReachableText(page)).not.toContain('zq-secret-7731');

    // Re-attach it to a selection on this page.
    await dragSelect(page, '#p2', 'carrying up to sixty passengers');
    await list.getByRole('button', { name: 'Re-attach to selection' }).click();
    await expect
      .poll(async () => (await userHighlights(page)).map((h) => h.text))
      .toEqual(['carrying up to sixty passengers']);
    await expect.poll(() => badge.isVisible()).toBe(false);
    await page.reload();
    expect(await waitRestored(page)).toMatchObject({ total: 1, placed: 1, orphans: 0 });
  });

  it('content that arrives late gets its highlight when it arrives', async () => {
    // Put the note back on the passage, then serve the story as a page that loads it late.
    await serveAs(null);
    await page.reload();
    await waitRestored(page);
    await dragSelect(page, '#target', 'leaving islanders with a two-hour detour by road');
    await toolbar().getByRole('button', { name: 'Highlight' }).click();
    await expect.poll(() => savedCount(page)).toBe(1);
    await serveAs('late');
    await page.reload();
    const restored = await waitRestored(page);
    expect(restored.orphans).toBeGreaterThanOrEqual(1);
    await expect
      .poll(async () => (await userHighlights(page)).map((h) => h.text).sort(), { timeout: 10_000 })
      .toEqual(['carrying up to sixty passengers', 'leaving islanders with a two-hour detour by road']);
    await expect
      .poll(() => page.getByRole('button', { name: /could not be placed/ }).isVisible())
      .toBe(false);
    await serveAs(null);
  });

  it('content a web component renders late inside its shadow root gets its highlight when it arrives', async () => {
    await serveAs('lateShadow');
    try {
      await page.reload();
      await waitRestored(page);
      await expect
        .poll(async () => (await userHighlights(page)).map((h) => h.text).sort(), { timeout: 10_000 })
        .toEqual(['carrying up to sixty passengers', 'leaving islanders with a two-hour detour by road']);
    } finally {
      await serveAs(null);
    }
  });

  it('delete from the card, then undo', async () => {
    await page.reload();
    await waitRestored(page);
    const before = (await userHighlights(page)).length;
    await page.locator('#p2').getByText('sixty passengers').click();
    await editor().getByRole('button', { name: 'Delete' }).click();
    await expect.poll(async () => (await userHighlights(page)).length).toBe(before - 1);
    await editor().getByRole('button', { name: 'Undo' }).click();
    await expect.poll(async () => (await userHighlights(page)).length).toBe(before);
    await cancelEditor();
  });

  it('a save while the service worker is stopped: pending until acknowledged, then lands exactly once', async () => {
    await page.reload();
    const before = (await waitRestored(page)).total;
    await stopServiceWorker(ext.context, page, ext.extensionId);
    await dragSelect(page, '#p5', 'children under twelve travel free');
    // What the page shows just after the click (the next task), while the worker is starting.
    await page.evaluate(() => {
      addEventListener(
        'click',
        () =>
          setTimeout(() => {
            (window as unknown as { __afterClick: unknown }).__afterClick = {
              pending: CSS.highlights.get('annotator-paint-pending-yellow')?.size ?? 0,
              saved: CSS.highlights.get('annotator-paint-yellow')?.size ?? 0,
              acknowledged: performance.getEntriesByName('annotator:saved').length,
            };
          }, 0),
        { capture: true, once: true },
      );
    });
    await toolbar().getByRole('button', { name: 'Highlight' }).click();
    await expect.poll(() => savedCount(page), { timeout: 20_000 }).toBe(1);
    const shownBefore = await page.evaluate(
      () => (window as unknown as { __afterClick: unknown }).__afterClick,
    );
    expect(shownBefore).toMatchObject({ pending: 1, acknowledged: 0 });
    expect(
      await page.evaluate(() => [
        CSS.highlights.get('annotator-paint-pending-yellow')?.size ?? 0,
        CSS.highlights.get('annotator-paint-yellow')?.size ?? 0,
      ]),
    ).toEqual([0, (shownBefore as { saved: number }).saved + 1]);
    await page.reload();
    const after = await waitRestored(page);
    expect(after.total).toBe(before + 1);
    const texts = (await userHighlights(page)).map((h) => h.text);
    expect(texts.filter((t) => t === 'children under twelve travel free')).toHaveLength(1);
  });

  it('saves on a plain-http page too (an insecure context: no crypto.randomUUID there)', async () => {
    const insecure = 'http://news.example.test/story.html';
    const body = await story();
    await ext.context.route(insecure, (route) =>
      route.fulfill({ status: 200, contentType: 'text/html; charset=utf-8', body }),
    );
    const other = await ext.context.newPage();
    try {
      await other.goto(insecure);
      await waitRestored(other);
      expect(await other.evaluate(() => isSecureContext)).toBe(false);
      await dragSelect(other, '#p1', 'the small harbour town of Kelby');
      await selectionToolbar(other).getByRole('button', { name: 'Highlight' }).click();
      await expect.poll(() => savedCount(other)).toBe(1);
      await other.reload();
      expect(await waitRestored(other)).toMatchObject({ total: 1, placed: 1 });
    } finally {
      await other.close();
    }
  });

  it('keyboard: a selection made with Shift+arrows, Tab into the toolbar, Enter highlights', async () => {
    await page.goto(`${url}?case=keyboard`);
    await waitRestored(page);
    await page.evaluate(() => {
      const text = document.querySelector('#p4')!.firstChild as Text;
      const at = text.data.indexOf('the bird colonies');
      const range = document.createRange();
      range.setStart(text, at);
      range.setEnd(text, at + 'the bird colonies'.length - 1);
      getSelection()!.removeAllRanges();
      getSelection()!.addRange(range);
    });
    await page.keyboard.press('Shift+ArrowRight');
    await expect.poll(() => toolbar().isVisible()).toBe(true);
    await page.keyboard.press('Tab');
    const button = toolbar().getByRole('button', { name: 'Highlight' });
    await expect
      .poll(() =>
        button.evaluate(
          (el) =>
            el.getRootNode() instanceof ShadowRoot && (el.getRootNode() as ShadowRoot).activeElement === el,
        ),
      )
      .toBe(true);
    // Arrows move along the toolbar; back to Highlight and press Enter.
    await page.keyboard.press('ArrowRight');
    await expect
      .poll(() =>
        toolbar()
          .getByRole('radio', { name: 'Yellow' })
          .evaluate((el) => (el.getRootNode() as ShadowRoot).activeElement === el),
      )
      .toBe(true);
    await page.keyboard.press('ArrowLeft');
    await page.keyboard.press('Enter');
    await expect.poll(() => savedCount(page)).toBe(1);
    expect((await userHighlights(page)).map((h) => h.text)).toEqual(['the bird colonies']);
  });

  it('the context-menu / shortcut path: the background asks the tab, the frame with the selection highlights it', async () => {
    await page.goto(`${url}?case=menu`);
    await waitRestored(page);
    await dragSelect(page, '#p1', 'eleven years without a crossing');
    await page.bringToFront();
    const worker =
      ext.context
        .serviceWorkers()
        .find((w) => w.url().startsWith(`chrome-extension://${ext.extensionId}/`)) ??
      (await ext.context.waitForEvent('serviceworker'));
    const reply = await worker.evaluate(async () => {
      const api = (
        globalThis as unknown as {
          chrome: {
            tabs: {
              query(q: object): Promise<Array<{ id: number }>>;
              sendMessage(id: number, m: unknown): Promise<unknown>;
            };
          };
        }
      ).chrome;
      const [tab] = await api.tabs.query({ active: true, lastFocusedWindow: true });
      return api.tabs.sendMessage(tab!.id, {
        rpc: 'forum-annotator/rpc@1',
        type: 'menuAction',
        payload: { action: 'highlight' },
      });
    });
    expect(reply).toEqual({ ok: true, value: { handled: true } });
    await expect.poll(() => savedCount(page)).toBe(1);
    expect((await userHighlights(page)).map((h) => h.text)).toEqual(['eleven years without a crossing']);
  });

  it("a point's label adds a note to the whole point; the annotation carries the point id", async () => {
    await page.goto(`${server.origin}/corpus/canonical.html`);
    await waitRestored(page);
    const add = page.getByRole('button', { name: /^Add a note to Proposal 1\/5/ });
    await add.click();
    const note = editor().getByRole('textbox', { name: 'Note (Markdown)' });
    await note.fill('The first proposal: zq-point-note');
    await note.press('Control+Enter');
    await page.locator('iframe[title="Forum Annotator note"]').waitFor({ state: 'detached' });
    const [h] = await userHighlights(page);
    expect(h?.text).toMatch(/^(1\. )?Jointly promote the digital transformation of the industry/);
    const ext2 = await ext.context.newPage();
    try {
      await ext2.goto(`chrome-extension://${ext.extensionId}/src/popup/index.html`);
      const found = (await ext2.evaluate(() =>
        (
          globalThis as unknown as { chrome: { runtime: { sendMessage(m: unknown): Promise<unknown> } } }
        ).chrome.runtime.sendMessage({
          rpc: 'forum-annotator/rpc@1',
          type: 'search',
          payload: { query: '', filters: { pointId: 'digital-soe-1' } },
        }),
      )) as {
        ok: boolean;
        value: { total: number; groups: Array<{ annotations: Array<{ note: string; pointId?: string }> }> };
      };
      expect(found.ok).toBe(true);
      expect(found.value.groups.flatMap((g) => g.annotations).map((a) => [a.pointId, a.note])).toEqual([
        ['digital-soe-1', 'The first proposal: zq-point-note'],
      ]);
    } finally {
      await ext2.close();
    }
    expect(await pageReachableText(page)).not.toContain('zq-point-note');
  });
  it("a selection inside a web component's shadow root: the toolbar, the highlight, and back on a reload", async () => {
    // The story rendered into an open shadow root at load, as a component library would; at its
    // own address, so the story's other annotations stay out of it.
    const shadowUrl = `${url}?in-shadow`;
    const original = await story();
    const body = replaceAll(original, [
      [
        /<main>([^]*)<\/main>/,
        '<main id="main"><shadow-story></shadow-story></main><template id="story">$1</template>',
      ],
      [
        '</body>',
        `<script>
          customElements.define('shadow-story', class extends HTMLElement {
            connectedCallback() {
              this.attachShadow({ mode: 'open' }).append(document.getElementById('story').content.cloneNode(true));
            }
          });
        </script></body>`,
      ],
    ]);
    await ext.context.route(shadowUrl, (route) =>
      route.fulfill({ status: 200, contentType: 'text/html; charset=utf-8', body }),
    );
    try {
      await page.goto(shadowUrl);
      await waitRestored(page);
      await dragSelect(page, 'shadow-story >>> #target', PASSAGE);
      await expect.poll(() => toolbar().isVisible()).toBe(true);
      await toolbar().getByRole('button', { name: 'Highlight' }).click();
      await expect.poll(() => savedCount(page)).toBe(1);
      const inShadow = () =>
        page.evaluate(() =>
          [...CSS.highlights]
            .filter(([name]) => name.startsWith('annotator-user-'))
            .flatMap(([, h]) => [...h])
            .map((r) => [r.toString(), r.startContainer.getRootNode() instanceof ShadowRoot]),
        );
      expect(await inShadow()).toEqual([[PASSAGE, true]]);
      await page.reload();
      await waitRestored(page);
      await expect.poll(inShadow).toEqual([[PASSAGE, true]]);
    } finally {
      await ext.context.unroute(shadowUrl);
    }
  });
  it('a standfirst repeating the passage shows first and the story arrives later: the highlight moves to the story', async () => {
    const lateUrl = `${url}?standfirst`;
    const original = await story();
    await ext.context.route(lateUrl, (route) =>
      route.fulfill({ status: 200, contentType: 'text/html; charset=utf-8', body: original }),
    );
    try {
      await page.goto(lateUrl);
      await waitRestored(page);
      await dragSelect(page, '#target', PASSAGE);
      await toolbar().getByRole('button', { name: 'Highlight' }).click();
      await expect.poll(() => savedCount(page)).toBe(1);
      // The next visit: the standfirst, quoting the passage word for word, is there at once; the
      // story comes 800 ms later, as a single-page site renders it.
      const late = replaceAll(original, [
        [
          /<main>([^]*)<\/main>/,
          `<main id="main"><p id="standfirst">${PASSAGE}.</p></main><template id="story">$1</template>`,
        ],
        [
          '</body>',
          `<script>
            setTimeout(() => document.getElementById('main').append(document.getElementById('story').content.cloneNode(true)), 800);
          </script></body>`,
        ],
      ]);
      await ext.context.unroute(lateUrl);
      await ext.context.route(lateUrl, (route) =>
        route.fulfill({ status: 200, contentType: 'text/html; charset=utf-8', body: late }),
      );
      await page.reload();
      await waitRestored(page);
      const holder = () =>
        page.evaluate(() =>
          [...CSS.highlights]
            .filter(([name]) => name.startsWith('annotator-user-'))
            .flatMap(([, h]) => [...h])
            .map((r) => [r.toString(), r.startContainer.parentElement?.id]),
        );
      await expect.poll(holder, { timeout: 10_000 }).toEqual([[PASSAGE, 'target']]);
    } finally {
      await ext.context.unroute(lateUrl);
    }
  });
});
