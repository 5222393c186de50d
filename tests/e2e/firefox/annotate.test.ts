import type { Page } from 'puppeteer-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startServer, type StaticServer } from '../support/server';
import {
  launchFirefox,
  navigate,
  openExtensionPage,
  reload,
  until,
  type LaunchedFirefox,
} from './support/firefox';
import { clickControl, markCount, markDetail, mouseSelect, userHighlightTexts } from './support/page';

// A reader's round trip in Firefox: highlight a passage through the in-page toolbar, reload and find
// it restored, note another in the note editor, then find both from the popup's search.

const PASSAGE =
  'Residents had campaigned for the return of the ferry since the last boat was sold in a hurry';
const NOTED = 'carrying up to sixty passengers';
const NOTE = 'Ask the operator about winter sailings zq-firefox-4417';

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
    await navigate(page, url);
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
    await reload(page);
    expect(await markDetail<Restored>(page, 'annotator:restored')).toMatchObject({
      total: 1,
      placed: 1,
      orphans: 0,
    });
    expect(await userHighlightTexts(page)).toEqual([PASSAGE]);
  });

  it('Note from the toolbar: the note editor (an extension page in an iframe) saves with Ctrl+Enter', async () => {
    expect(await mouseSelect(page, '#p2', NOTED)).toBe(NOTED);
    await clickControl(page, 'button', 'Note');
    // The editor focuses its note field; keys go to the focused frame, as a reader's would.
    const editor = await until(async () => {
      for (const frame of page.frames()) {
        const focused = await frame
          .evaluate(() => document.activeElement?.getAttribute('aria-label'))
          .catch(() => undefined);
        if (focused === 'Note (Markdown)') return frame;
      }
      return undefined;
    }, 'the note editor with its note field focused');
    expect(await editor.evaluate(() => location.href)).toMatch(new RegExp(`^${ff.origin}/src/editor/`));
    await page.keyboard.type(NOTE);
    await page.keyboard.down('Control');
    await page.keyboard.press('Enter');
    await page.keyboard.up('Control');
    await until(
      async () => ((await markCount(page, 'annotator:saved')) === 1 ? true : undefined),
      'the noted highlight to be saved',
    );
    await until(
      async () =>
        (await page.evaluate(() =>
          document.querySelector('forum-annotator-ui')?.shadowRoot?.querySelector('iframe'),
        ))
          ? undefined
          : true,
      'the editor to close',
    );
    expect(await userHighlightTexts(page)).toEqual([PASSAGE, NOTED].sort());
    // The note lives in the extension's pages only: neither the page's DOM nor our shadow root holds it.
    const reachable = await page.evaluate(
      () =>
        document.documentElement.outerHTML +
        (document.querySelector('forum-annotator-ui')?.shadowRoot?.innerHTML ?? ''),
    );
    expect(reachable).not.toContain('zq-firefox-4417');
  });

  it('the popup finds each by a word of its quote or note, and nothing for a word neither has', async () => {
    const popup = await openExtensionPage(ff, 'src/popup/index.html');
    try {
      // Each result's quote and note, the words the search marked in brackets.
      const results = (): Promise<string[]> =>
        popup.evaluate(() => {
          const text = (el: Element | null): string =>
            [...(el?.childNodes ?? [])]
              .map((n) =>
                n instanceof Element && n.localName === 'mark' ? `[${n.textContent}]` : n.textContent,
              )
              .join('');
          return [...document.querySelectorAll('[role=option]')].map((option) =>
            [option.querySelector('.quote'), option.querySelector('.note')].map(text).join(' / '),
          );
        });
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
      // With no query the popup lists everything, the newest first.
      await settlesOn([`${NOTED} / ${NOTE}`, `${PASSAGE} / `], 'the popup to list both');
      await clickControl(popup, 'searchbox', 'Search');
      await popup.keyboard.type('campaig');
      await settlesOn([`${PASSAGE.replace('campaigned', '[campaigned]')} / `], 'a match on a word prefix');
      await popup.keyboard.down('Control');
      await popup.keyboard.press('KeyA');
      await popup.keyboard.up('Control');
      await popup.keyboard.type('wint sail');
      await settlesOn(
        [`${NOTED} / ${NOTE.replace('winter sailings', '[winter] [sailings]')}`],
        'a match on two words of the note',
      );
      await popup.keyboard.type(' zqxv');
      await settlesOn([], 'no match for a word neither has');
    } finally {
      await popup.close();
    }
  });
});
