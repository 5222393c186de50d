import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { dragSelect, labelCount, savedCount, selectionToolbar, waitRestored } from './support/annotate';
import { openExtensionPage, rpcFrom } from './support/extension-page';
import { launchExtension, type LaunchedExtension } from './support/launch';
import { startServer, type StaticServer } from './support/server';

// The options page drives the content script: the default colour is the toolbar's first choice,
// labels can be switched off, and a blocked site gets nothing at all. The server answers on
// 127.0.0.1 and on localhost: two sites for the extension.

let server: StaticServer;
let ext: LaunchedExtension;
let options: Page;

beforeAll(async () => {
  server = await startServer();
  ext = await launchExtension();
  options = await openExtensionPage(ext, 'src/options/index.html');
  await options.getByRole('heading', { level: 1 }).waitFor();
});

afterAll(async () => {
  await ext?.close();
  await server?.close();
});

const pointHighlights = (page: Page) =>
  page.evaluate(
    () => [...CSS.highlights.keys()].filter((name) => name.startsWith('annotator-point-')).length,
  );
/**
 * The settings as stored, read in the options page. A page reads them once, as it loads: a page
 * opened or reloaded before the options' write lands would get the old ones ("Saved." stays on
 * screen from the test before, so it tells nothing).
 */
const stored = (key: 'defaultColour' | 'showLabels' | 'blockedSites') =>
  options.evaluate(async (k) => {
    const c = (
      globalThis as unknown as {
        chrome: { storage: { local: { get(key: string): Promise<Record<string, unknown>> } } };
      }
    ).chrome;
    const settings = (await c.storage.local.get('settings')).settings as Record<string, unknown> | undefined;
    return JSON.stringify(settings?.[k] ?? null);
  }, key);
const passes = (page: Page) => page.evaluate(() => performance.getEntriesByName('annotator:pass').length);

describe('settings', () => {
  it('the default colour chosen in the options is the one the toolbar’s Highlight uses', async () => {
    await options.getByRole('radio', { name: 'Purple' }).check();
    await expect.poll(() => stored('defaultColour')).toBe('"purple"');
    const page = await ext.context.newPage();
    await page.goto(`${server.origin}/pages/annotate/article.html`);
    await waitRestored(page);
    await dragSelect(page, '#target', 'Residents had campaigned');
    const toolbar = selectionToolbar(page);
    expect(await toolbar.getByRole('radio', { name: 'Purple' }).getAttribute('aria-checked')).toBe('true');
    await toolbar.getByRole('button', { name: 'Highlight' }).click();
    // Acknowledged by the worker, so stored (a highlight is painted before it is sent).
    await expect.poll(() => savedCount(page)).toBe(1);
    const found = await rpcFrom<{ groups: { annotations: { color: string }[] }[] }>(options, 'search', {
      query: 'campaigned',
      filters: {},
      limit: 5,
    });
    expect(found.ok && found.value.groups[0]?.annotations[0]?.color).toBe('purple');
    await page.close();
  });

  it('labels switched off: the points are highlighted without labels', async () => {
    await options.getByRole('checkbox', { name: /Show a label/ }).uncheck();
    await expect.poll(() => stored('showLabels')).toBe('false');
    const page = await ext.context.newPage();
    await page.goto(`${server.origin}/corpus/canonical.html`);
    await expect.poll(() => pointHighlights(page)).toBe(11);
    // Labels are built at the frame after the pass: two frames later they would be there.
    await page.evaluate(() => new Promise((r) => requestAnimationFrame(() => requestAnimationFrame(r))));
    expect(await labelCount(page)).toBe(0);
    await options.getByRole('checkbox', { name: /Show a label/ }).check();
    await expect.poll(() => stored('showLabels')).toBe('true');
    await page.reload();
    await expect.poll(() => labelCount(page)).toBe(11);
    await page.close();
  });

  it('a blocked site: no recognition, no highlights, no toolbar; other sites unaffected', async () => {
    await options.getByLabel('Site', { exact: true }).fill('http://localhost/anything');
    await options.getByRole('button', { name: 'Add site' }).click();
    await options.getByRole('button', { name: 'Remove localhost' }).waitFor();
    await expect.poll(() => stored('blockedSites')).toContain('localhost');
    const blocked = await ext.context.newPage();
    await blocked.goto(server.origin.replace('127.0.0.1', 'localhost') + '/corpus/canonical.html');
    const open = await ext.context.newPage();
    await open.goto(`${server.origin}/corpus/canonical.html`);
    await expect.poll(() => pointHighlights(open)).toBe(11);
    // The content script ran on the blocked page and stood down.
    await blocked.waitForFunction(() => performance.getEntriesByName('annotator:off').length > 0);
    expect(await pointHighlights(blocked)).toBe(0);
    expect(await passes(blocked)).toBe(0);
    await dragSelect(blocked, 'p', 'ON April 25');
    // A toolbar would appear within two frames of the selection (as it does on the open page).
    await blocked.evaluate(() => new Promise((r) => requestAnimationFrame(() => requestAnimationFrame(r))));
    expect(await blocked.evaluate(() => document.querySelector('forum-annotator-ui'))).toBeNull();
    // Removed from the list, the site gets the extension again on its next load.
    await options.getByRole('button', { name: 'Remove localhost' }).click();
    await expect.poll(() => stored('blockedSites')).not.toContain('localhost');
    await blocked.reload();
    await expect.poll(() => pointHighlights(blocked)).toBe(11);
    await blocked.close();
    await open.close();
  });
});
