import type { Page } from 'puppeteer-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startServer, type StaticServer } from '../support/server';
import { launchFirefox, openExtensionPage, until, type LaunchedFirefox } from './support/firefox';
import { clickControl, markCount, markDetail, mouseSelect, userHighlightTexts } from './support/page';

// A reader's round trip in Firefox: highlight a passage through the in-page toolbar, reload and find
// it restored, then find it from the popup's search.

const PASSAGE =
  'Residents had campaigned for the return of the ferry since the last boat was sold in a hurry';

interface Restored {
  total: number;
  placed: number;
  orphans: number;
}

let server: StaticServer;
let ff: LaunchedFirefox;
let page: Page;
let url: string;

beforeAll(async () => {
  server = await startServer();
  ff = await launchFirefox();
  url = `${server.origin}/pages/annotate/article.html`;
  page = await ff.browser.newPage();
});

afterAll(async () => {
  await ff?.close();
  await server?.close();
});

describe('Firefox: annotating a story', () => {
  it('a mouse selection brings the toolbar; Highlight saves it, painted as a user highlight', async () => {
    await page.goto(url, { waitUntil: 'domcontentloaded' });
    expect(await markDetail<Restored>(page, 'annotator:restored')).toMatchObject({ total: 0 });
    expect(await mouseSelect(page, '#target', PASSAGE)).toBe(PASSAGE);
    await clickControl(page, 'radio', 'Green');
    await clickControl(page, 'button', 'Highlight');
    await until(
      async () => ((await markCount(page, 'annotator:saved')) === 1 ? true : undefined),
      'the save',
    );
    expect(await userHighlightTexts(page)).toEqual([PASSAGE]);
  });

  it('reload: the highlight is restored on the same text', async () => {
    await page.reload({ waitUntil: 'domcontentloaded' });
    expect(await markDetail<Restored>(page, 'annotator:restored')).toMatchObject({
      total: 1,
      placed: 1,
      orphans: 0,
    });
    expect(await userHighlightTexts(page)).toEqual([PASSAGE]);
  });

  it('the popup finds it by a word of its quote, and finds nothing for a word it lacks', async () => {
    const popup = await openExtensionPage(ff, 'src/popup/index.html');
    try {
      // Each result's quote, with the words the search marked in it in brackets.
      const results = (): Promise<string[]> =>
        popup.evaluate(() =>
          [...document.querySelectorAll('[role=option] .quote')].map((quote) =>
            [...quote.childNodes]
              .map((n) =>
                n instanceof Element && n.localName === 'mark' ? `[${n.textContent}]` : n.textContent,
              )
              .join(''),
          ),
        );
      const settlesOn = (wanted: string[], what: string): Promise<true> => {
        let seen: string[] = [];
        return until(
          async () => {
            seen = await results();
            return JSON.stringify(seen) === JSON.stringify(wanted) ? true : undefined;
          },
          () => `${what} (results: ${JSON.stringify(seen)})`,
        );
      };
      // With no query the popup lists everything: the one highlight.
      await settlesOn([PASSAGE], 'the popup to list the highlight');
      await clickControl(popup, 'searchbox', 'Search');
      await popup.keyboard.type('campaig');
      await settlesOn([PASSAGE.replace('campaigned', '[campaigned]')], 'a match on a word prefix');
      await popup.keyboard.type(' zqxv');
      await settlesOn([], 'no match for a word the quote lacks');
    } finally {
      await popup.close();
    }
  });
});
