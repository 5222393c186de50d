/**
 * The list of notes that could not be placed on a page (opened from the page's badge), used from
 * the keyboard: a note deleted with Enter leaves the focus on the next note's first button, never
 * on its Delete, so a second Enter cannot delete another note; the last one gone, on Close. The
 * review page's list of them does the same, the last one gone, on its Undo.
 */
import type { Frame, Page } from 'playwright-core';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { waitRestored } from './support/annotate';
import { extensionFrameIn, openExtensionPage, rpcFrom } from './support/extension-page';
import { launchExtension, type LaunchedExtension } from './support/launch';
import { startServer, type StaticServer } from './support/server';
import { seed, w3c } from './support/w3c';

let server: StaticServer;
let ext: LaunchedExtension;
let page: Page;

/** Notes on `url` whose passages are not on the page, imported through an extension page. */
async function importOrphans(extensionPage: Page, url: string, notes: Array<[id: string, exact: string]>) {
  const seeds = notes.map(([id, exact]) => seed({ id, url, exact, title: 'Ferry story' }));
  expect(await rpcFrom(extensionPage, 'importAnnotations', { text: w3c(seeds) })).toMatchObject({
    ok: true,
    value: { added: notes.length },
  });
}

const FIRST = '55555555-5555-4555-8555-555555555555';
const SECOND = '66666666-6666-4666-8666-666666666666';
const THIRD = '77777777-7777-4777-8777-777777777777';
const FOURTH = '88888888-8888-4888-8888-888888888888';

beforeAll(async () => {
  server = await startServer();
  ext = await launchExtension();
  const url = `${server.origin}/pages/annotate/article.html`;
  const extensionPage = await openExtensionPage(ext, 'src/review/index.html');
  await importOrphans(extensionPage, url, [
    [FIRST, 'zq first passage gone'],
    [SECOND, 'zq second passage gone'],
  ]);
  await extensionPage.close();
  page = await ext.context.newPage();
  await page.goto(url);
  expect(await waitRestored(page)).toMatchObject({ total: 2, placed: 0, orphans: 2 });
});

afterAll(async () => {
  await ext?.close();
  await server?.close();
});

/** The list's frame (an extension page inside the web page). */
async function listFrame(): Promise<Frame> {
  return extensionFrameIn(page, ext, 'iframe[title="Notes that could not be placed"]');
}

/** What has the focus in the list: its button's label and the note it belongs to. */
const focused = (frame: Frame) =>
  frame.evaluate(() => ({
    button: document.activeElement?.textContent ?? '',
    note: document.activeElement?.closest('li')?.getAttribute('aria-label') ?? null,
  }));

it('deleting a note with Enter moves the focus to the next note’s first button, then to Close', async () => {
  await page.getByRole('button', { name: '2 notes could not be placed' }).click();
  const frame = await listFrame();
  const items = frame.getByRole('listitem');
  await expect.poll(() => items.count()).toBe(2);
  const [first, second] = await items.evaluateAll((els) => els.map((e) => e.getAttribute('aria-label')));

  await items.first().getByRole('button', { name: 'Delete' }).focus();
  await page.keyboard.press('Enter');
  await expect.poll(() => items.count()).toBe(1);
  await expect.poll(() => focused(frame)).toEqual({ button: 'Re-attach to selection', note: second });
  const review = await openExtensionPage(ext, 'src/review/index.html');
  const deletedId = first === 'zq first passage gone' ? FIRST : SECOND;
  const keptId = deletedId === FIRST ? SECOND : FIRST;
  expect(await rpcFrom(review, 'getAnnotation', { id: deletedId })).toEqual({ ok: true, value: null });
  expect(await rpcFrom(review, 'getAnnotation', { id: keptId })).toMatchObject({
    ok: true,
    value: { id: keptId },
  });

  await items.first().getByRole('button', { name: 'Delete' }).focus();
  await page.keyboard.press('Enter');
  await expect.poll(() => items.count()).toBe(0);
  await expect.poll(() => focused(frame)).toEqual({ button: 'Close', note: null });
  expect(await rpcFrom(review, 'getAnnotation', { id: keptId })).toEqual({ ok: true, value: null });
  await review.close();
});

it('on the review page, deleting one with Enter moves the focus to the next one’s first button, then to Undo', async () => {
  // Two more notes whose passages are not on the page, marked as such by a visit.
  const url = page.url();
  const review = await openExtensionPage(ext, 'src/review/index.html');
  await importOrphans(review, url, [
    [THIRD, 'zq third passage gone'],
    [FOURTH, 'zq fourth passage gone'],
  ]);
  await page.reload();
  expect(await waitRestored(page)).toMatchObject({ total: 2, placed: 0, orphans: 2 });
  // The page marks them after its restored mark, without waiting; the review page asks once.
  await expect
    .poll(async () => {
      const r = await rpcFrom<unknown[]>(review, 'listOrphans', {});
      return r.ok ? r.value.length : -1;
    })
    .toBe(2);
  await review.reload();
  const section = review.getByRole('region', { name: 'Orphans' });
  const rows = section.getByRole('listitem');
  await expect.poll(() => rows.count()).toBe(2);
  const focusedIn = () =>
    review.evaluate(() => ({
      button: document.activeElement?.textContent ?? '',
      quote: document.activeElement?.closest('li')?.querySelector('.quote')?.textContent ?? null,
    }));
  const [, second] = await rows.evaluateAll((els) => els.map((e) => e.querySelector('.quote')?.textContent));

  await rows.first().getByRole('button', { name: 'Delete' }).focus();
  await review.keyboard.press('Enter');
  await expect.poll(() => rows.count()).toBe(1);
  await expect.poll(focusedIn).toEqual({ button: 'Open page', quote: second });

  await rows.first().getByRole('button', { name: 'Delete' }).focus();
  await review.keyboard.press('Enter');
  await expect.poll(() => section.count()).toBe(0);
  await expect.poll(focusedIn).toEqual({ button: 'Undo', quote: null });
  for (const id of [THIRD, FOURTH])
    expect(await rpcFrom(review, 'getAnnotation', { id })).toEqual({ ok: true, value: null });
  await review.close();
});
