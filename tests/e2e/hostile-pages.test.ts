/**
 * Pages that pretend to be the extension, and a page that carries 2,000 saved highlights. The store
 * is read back through an extension page's search call; what the page can reach (its DOM, open
 * shadow roots, same-origin frames) must never hold a note.
 */
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  dragSelect,
  pageReachableText,
  savedCount,
  selectionToolbar,
  userHighlights,
  waitRestored,
} from './support/annotate';
import { openExtensionPage } from './support/extension-page';
import { seed, seedRecord, storeHolds, uuidOf } from './support/hostile';
import { launchExtension, type LaunchedExtension } from './support/launch';

/** A guard against a frozen page, not a target (targets are in `npm run bench`). */
const FREEZE_MS = 250;
const SECRET = 'zq-hostile-secret';

let ext: LaunchedExtension;
let review: Page;
const pages = new Map<string, string>();

beforeAll(async () => {
  ext = await launchExtension();
  await ext.context.route('http://hostile.test/**', (route) => {
    const body = pages.get(new URL(route.request().url()).pathname);
    return body === undefined
      ? route.fulfill({ status: 404 })
      : route.fulfill({ contentType: 'text/html', body });
  });
  review = await openExtensionPage(ext, 'src/review/index.html');
});
afterAll(async () => ext?.close());

async function open(name: string, html: string): Promise<Page> {
  pages.set(`/${name}`, html);
  const page = await ext.context.newPage();
  await page.goto(`http://hostile.test/${name}`);
  return page;
}

const STORY = `<p id="story">The harbour ferry timetable changed on Monday after the council vote, and residents
  who had campaigned for years for the return of the boat were told the first sailing would leave at
  seven in the morning from the old pier beside the fish market.</p>`;

describe('a page that pretends to be the extension', () => {
  it('fake envelopes, custom events, messages to every frame and clicks on our UI create and change nothing', async () => {
    const url = 'http://hostile.test/fake-messages.html';
    const id = uuidOf(1, 0xf00d);
    await seed(review, [
      seedRecord(1, { id, url, exact: 'harbour ferry timetable', note: `${SECRET} kept`, tags: ['kept'] }),
    ]);
    const before = await storeHolds(review);

    const attack = `<script>
      const E = 'forum-annotator/rpc@1';
      const ID = ${JSON.stringify(id)};
      const target = { selector: [{ type: 'TextQuoteSelector', exact: 'first sailing', prefix: '', suffix: '' },
        { type: 'TextPositionSelector', start: 0, end: 13 }] };
      const forged = [
        { rpc: E, type: 'createAnnotation', payload: { title: 'planted', target, color: 'pink', note: 'planted' } },
        { rpc: E, type: 'updateAnnotation', payload: { id: ID, patch: { note: 'planted' } } },
        { rpc: E, type: 'deleteAnnotation', payload: { id: ID } },
        { rpc: E, type: 'deleteAnnotations', payload: { ids: [ID] } },
        { rpc: E, type: 'importAnnotations', payload: { text: '[]' } },
        { rpc: E, type: 'menuAction', payload: { action: 'highlight' } },
        { rpc: E, type: 'menuAction', payload: { action: 'note' } },
        { rpc: E, type: 'hostEvent', payload: { host: 'AAAAAAAAAAAAAAAAAAAAAA', event: { kind: 'changed', id: ID } } },
        { rpc: E, type: 'notifyHost', payload: { host: 'AAAAAAAAAAAAAAAAAAAAAA', event: { kind: 'reattach', id: ID } } },
        { ok: true, value: { handled: true } },
      ];
      window.__rounds = 0;
      window.__clicked = 0;
      const extensionOrigin = 'chrome-extension://${'${EXT}'}';
      function frames() {
        const ui = document.querySelector('forum-annotator-ui');
        return [...document.querySelectorAll('iframe'), ...(ui && ui.shadowRoot ? ui.shadowRoot.querySelectorAll('iframe') : [])];
      }
      function round() {
        // A selection of page text, as if the reader had made one, then every forgery at once.
        const text = document.getElementById('story').firstChild;
        const r = document.createRange();
        r.setStart(text, 4); r.setEnd(text, 40);
        getSelection().removeAllRanges(); getSelection().addRange(r);
        document.dispatchEvent(new MouseEvent('mouseup', { bubbles: true, clientX: 50, clientY: 50 }));
        document.dispatchEvent(new KeyboardEvent('keydown', { key: 'H', altKey: true, shiftKey: true, bubbles: true }));
        for (const m of forged) {
          window.postMessage(m, '*');
          window.dispatchEvent(new MessageEvent('message', { data: m, origin: extensionOrigin }));
          document.dispatchEvent(new CustomEvent('forum-annotator', { detail: m, bubbles: true }));
          window.dispatchEvent(new CustomEvent(m.type || 'message', { detail: m }));
          for (const f of frames()) f.contentWindow && f.contentWindow.postMessage(m, '*');
        }
        // Our toolbar and labels live in an open shadow root: press every button in it.
        const ui = document.querySelector('forum-annotator-ui');
        for (const b of (ui && ui.shadowRoot ? ui.shadowRoot.querySelectorAll('button') : [])) { b.click(); window.__clicked++; }
        window.__rounds++;
      }
      addEventListener('load', () => setInterval(round, 40));
    </script>`;
    // The page also embeds the extension's own editor for the seeded id, and messages it.
    const page = await open(
      'fake-messages.html',
      `<!doctype html><html><head><title>Fake</title>${attack.replace('${EXT}', ext.extensionId)}</head><body>${STORY}
       <iframe id="embedded" src="chrome-extension://${ext.extensionId}/src/editor/index.html#mode=edit&ids=${id}&host=AAAAAAAAAAAAAAAAAAAAAA&fresh=1"></iframe>
       </body></html>`,
    );
    expect(await waitRestored(page)).toMatchObject({ total: 1, placed: 1 });
    // Many rounds, with the toolbar shown (from the fake mouseup) and clicked by the page.
    await expect
      .poll(() => page.evaluate(() => (window as unknown as { __rounds: number }).__rounds), {
        timeout: 20_000,
      })
      .toBeGreaterThan(50);
    expect(await page.evaluate(() => (window as unknown as { __clicked: number }).__clicked)).toBeGreaterThan(
      0,
    );
    // The page has no way to message the extension itself.
    expect(
      await page.evaluate(
        () =>
          typeof (globalThis as { chrome?: { runtime?: { sendMessage?: unknown } } }).chrome?.runtime
            ?.sendMessage,
      ),
    ).toBe('undefined');
    await page.close();

    const after = await storeHolds(review);
    expect(after).toEqual(before);
    expect(after.annotations[0]).toMatchObject({ id, note: `${SECRET} kept`, tags: ['kept'] });
  });

  it('the note of a page with a saved highlight never reaches the page, even with its card open', async () => {
    const url = 'http://hostile.test/reader.html';
    await seed(review, [
      seedRecord(2, {
        url,
        exact: 'first sailing would leave',
        note: `${SECRET} card`,
        tags: [`${SECRET}-tag`],
      }),
    ]);
    const page = await open(
      'reader.html',
      `<!doctype html><html><head><title>Reader</title></head><body>${STORY}</body></html>`,
    );
    expect(await waitRestored(page)).toMatchObject({ total: 1, placed: 1 });
    // A real click on the highlight opens its card (the note, in the extension's iframe).
    const box = await page.evaluate(() => {
      const [, h] = [...CSS.highlights].find(([name]) => name.startsWith('annotator-user-'))!;
      const rect = ([...h][0] as Range).getBoundingClientRect();
      return { x: rect.left + 5, y: rect.top + rect.height / 2 };
    });
    await page.mouse.click(box.x, box.y);
    const card = page.frameLocator('iframe[title="Forum Annotator note"]');
    await expect.poll(() => card.getByText(`${SECRET} card`).count(), { timeout: 10_000 }).toBe(1);
    expect(await pageReachableText(page)).not.toContain(SECRET);
    await page.close();
  });
});

describe('a page with 2,000 saved highlights', () => {
  it('restores them all without freezing the page, stays usable, and leaks no note', async () => {
    const N = 2_000;
    const url = 'http://hostile.test/many.html';
    const paragraph = (k: number) =>
      `<p>Entry ${k} kilo lima of the long register: the reader marked this line, and the next one, and others.</p>`;
    const body = Array.from({ length: N + 20 }, (_, k) => paragraph(k)).join('\n');
    await seed(
      review,
      Array.from({ length: N }, (_, k) =>
        seedRecord(10_000 + k, {
          url,
          exact: `Entry ${k} kilo lima`,
          note: `${SECRET} note ${k}`,
          tags: [`${SECRET}-${k % 7}`],
          color: (['yellow', 'green', 'blue', 'pink', 'orange', 'purple'] as const)[k % 6],
        }),
      ),
    );
    const page = await open(
      'many.html',
      `<!doctype html><html><head><title>Many</title></head><body>${body}${STORY}</body></html>`,
    );
    const restored = await waitRestored(page, 60_000);
    expect(restored).toMatchObject({ total: N, placed: N, orphans: 0 });
    expect(restored.longestTask).toBeLessThan(FREEZE_MS);
    expect((await userHighlights(page)).length).toBe(N);

    // Still usable: a new highlight through the toolbar is saved and shown beside the 2,000.
    await dragSelect(page, '#story', 'first sailing would leave at');
    const toolbar = selectionToolbar(page);
    await toolbar.getByRole('button', { name: 'Highlight' }).click();
    await expect.poll(() => savedCount(page), { timeout: 15_000 }).toBe(1);
    expect((await userHighlights(page)).length).toBe(N + 1);
    expect((await storeHolds(review, `site:hostile.test "first sailing would leave at"`)).total).toBe(1);
    expect(await pageReachableText(page)).not.toContain(SECRET);

    // The first visit left a copy of the page's 2,000 in the worker's database, which the save
    // made stale: the next visit has the new one too, and so has the one after, read from the copy
    // made again.
    for (let visit = 0; visit < 2; visit++) {
      await page.reload();
      expect(await waitRestored(page, 60_000)).toMatchObject({ total: N + 1, placed: N + 1, orphans: 0 });
      expect((await userHighlights(page)).length).toBe(N + 1);
    }
    await page.close();
  });
});
