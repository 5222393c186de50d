import type { Frame, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { dragSelect, selectionToolbar, waitRestored } from './support/annotate';
import { axeViolations, describeViolations } from './support/axe';
import { extensionFrameIn, openExtensionPage } from './support/extension-page';
import { launchExtension, type LaunchedExtension } from './support/launch';
import { startServer, type StaticServer } from './support/server';

// axe-core over every surface a reader uses: the popup, the review page, the options page, the
// note editor (an extension iframe in the page) and the selection toolbar and point labels (our
// shadow root in a corpus page), in light and dark colour schemes. Zero violations.

const PASSAGE = 'Residents had campaigned for the return of the ferry';

let server: StaticServer;
let ext: LaunchedExtension;

beforeAll(async () => {
  server = await startServer();
  ext = await launchExtension();
  // Something to show: one highlight with a note and a tag, made through the toolbar.
  const page = await ext.context.newPage();
  await page.goto(`${server.origin}/pages/annotate/article.html`);
  await waitRestored(page);
  await dragSelect(page, '#target', PASSAGE);
  await selectionToolbar(page).getByRole('button', { name: 'Highlight' }).click();
  await page.waitForFunction(() => performance.getEntriesByName('annotator:saved').length === 1);
  await page.close();
});

afterAll(async () => {
  await ext?.close();
  await server?.close();
});

async function expectNoViolations(target: Page | Frame, include: string[] = []): Promise<void> {
  const violations = await axeViolations(target, include);
  expect(
    violations.map((v) => v.id),
    describeViolations(violations),
  ).toEqual([]);
}

describe.each(['light', 'dark'] as const)('axe-core, %s colour scheme', (scheme) => {
  const open = async (path: string): Promise<Page> => {
    const page = await openExtensionPage(ext, path);
    await page.emulateMedia({ colorScheme: scheme });
    return page;
  };

  it('popup: results, filters, export and import panels', async () => {
    const page = await open('src/popup/index.html');
    await page.locator('[role=option]').first().waitFor();
    await page.getByRole('button', { name: 'Export / import' }).click();
    await page.getByRole('combobox', { name: 'Export format' }).waitFor();
    await expectNoViolations(page);
    await page.close();
  });

  it('popup: no matches', async () => {
    const page = await open('src/popup/index.html');
    await page.getByRole('searchbox', { name: 'Search' }).fill('zzqqxx');
    await page.locator('.empty').waitFor();
    await expectNoViolations(page);
    await page.close();
  });

  it('review page: annotations, tag tools, bulk toolbar', async () => {
    const page = await open('src/review/index.html');
    await page.locator('li.annotation').first().waitFor();
    await page.getByRole('checkbox').first().check();
    await page.getByRole('toolbar', { name: 'Selected annotations' }).waitFor();
    await expectNoViolations(page);
    await page.close();
  });

  it('options page, with a blocked site listed', async () => {
    const page = await open('src/options/index.html');
    await page.getByLabel('Site', { exact: true }).fill('example.com');
    await page.getByRole('button', { name: 'Add site' }).click();
    await page.getByRole('button', { name: 'Remove example.com' }).waitFor();
    await expectNoViolations(page);
    await page.getByRole('button', { name: 'Remove example.com' }).click();
    await page.close();
  });

  it('corpus page: the selection toolbar, the point labels and the note editor', async () => {
    const page = await ext.context.newPage();
    await page.emulateMedia({ colorScheme: scheme });
    await page.goto(`${server.origin}/corpus/canonical.html`);
    await page.waitForFunction(() =>
      document.querySelector('forum-annotator-ui')?.shadowRoot?.querySelector('.label'),
    );
    await dragSelect(page, 'p', 'ON April 25, the State-owned Assets');
    const toolbar = selectionToolbar(page);
    await toolbar.waitFor();
    await expectNoViolations(page, ['forum-annotator-ui']);
    // The note editor, an extension page in an iframe beside the text.
    await toolbar.getByRole('button', { name: 'Note' }).click();
    const frame = await extensionFrameIn(page, ext, 'iframe[title="Forum Annotator note"]');
    await frame.locator('textarea').waitFor();
    await expectNoViolations(frame);
    await page.close();
  });
});
