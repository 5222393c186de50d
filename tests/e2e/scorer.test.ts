import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { launchExtension, type LaunchedExtension } from './support/launch';
import { scoreHighlights, scorePage, words, type FrameHighlights } from './support/score';
import { startServer, type StaticServer } from './support/server';

// The scorer itself, checked against highlights registered by hand (names no content script would use
// are avoided: `check-*` points are ours, and the pages below carry no article text).
describe('words', () => {
  it.each([
    ['Digital\u00ADization of the “real” economy', ['digitalization', 'of', 'the', 'real', 'economy']],
    ['big\u200Bdata\u00A0centers, 5G', ['bigdata', 'centers', '5g']],
    ['ＦＵＬＬ width – and dashes—too', ['full', 'width', 'and', 'dashes', 'too']],
    ['country’s group-level', ['country', 's', 'group', 'level']],
  ])('%j', (text, expected) => expect(words(text)).toEqual(expected));
});

describe('scoreHighlights', () => {
  const frame = (highlights: FrameHighlights['highlights']): FrameHighlights[] => [
    { url: 'http://127.0.0.1/', passes: 1, highlights },
  ];
  const expected = { a: 'one two three four five six seven eight nine ten' };

  it('passes at 90% recall and precision', () => {
    const score = scoreHighlights(
      frame([
        { name: 'annotator-point-a', visible: ['one two three four five six seven eight nine x'], hidden: 0 },
      ]),
      expected,
    );
    expect(score.points[0]).toMatchObject({ recall: 0.9, precision: 0.9, pass: true });
    expect(score.pass).toBe(true);
  });

  it('fails below 90% and counts words as multisets', () => {
    const score = scoreHighlights(
      frame([
        {
          name: 'annotator-point-a',
          visible: ['one one one two three four five six seven eight'],
          hidden: 0,
        },
      ]),
      expected,
    );
    expect(score.points[0]).toMatchObject({ shared: 8, recall: 0.8, precision: 0.8, pass: false });
  });

  it('fails a page with an unexpected visible point highlight, ignores hidden-only ones', () => {
    const hiddenOnly = scoreHighlights(frame([{ name: 'annotator-point-b', visible: [], hidden: 3 }]), {});
    expect(hiddenOnly.pass).toBe(true);
    const extra = scoreHighlights(frame([{ name: 'annotator-point-b', visible: ['x'], hidden: 0 }]), {});
    expect(extra.pass).toBe(false);
    expect(extra.unexpected[0]?.id).toBe('b');
  });

  it('fails a page on which no recognition pass ran', () => {
    expect(scoreHighlights([{ url: 'http://127.0.0.1/', passes: 0, highlights: [] }], {}).pass).toBe(false);
  });
});

describe('scorePage in Chromium', () => {
  let server: StaticServer;
  let ext: LaunchedExtension;
  let page: Page;
  beforeAll(async () => {
    server = await startServer();
    ext = await launchExtension();
    page = await ext.context.newPage();
  });
  afterAll(async () => {
    await ext?.close();
    await server?.close();
  });

  it('reads visible ranges in the top frame and in a same-origin frame, skips hidden ones', async () => {
    await page.route('**/scorer-check.html', (route) =>
      route.fulfill({
        contentType: 'text/html',
        body: `<!doctype html><p id="a">alpha beta gamma delta</p><p id="b" hidden>epsilon zeta</p>
          <iframe srcdoc="<p id=c>eta theta iota kappa</p>"></iframe>`,
      }),
    );
    await page.goto(`${server.origin}/scorer-check.html`);
    const register = ({ name, id }: { name: string; id: string }): void => {
      const range = document.createRange();
      range.selectNodeContents(document.getElementById(id)!);
      const existing = CSS.highlights.get(name);
      if (existing) existing.add(range);
      else CSS.highlights.set(name, new Highlight(range));
      performance.mark('annotator:pass', { detail: { points: [], ms: 0 } });
    };
    await page.evaluate(register, { name: 'annotator-point-check-1', id: 'a' });
    await page.evaluate(register, { name: 'annotator-point-check-1', id: 'b' });
    const inner = page.frames().find((f) => f !== page.mainFrame())!;
    await inner.waitForSelector('#c');
    await inner.evaluate(register, { name: 'annotator-point-check-2', id: 'c' });

    const score = await scorePage(
      page,
      { 'check-1': 'Alpha beta gamma delta', 'check-2': 'eta theta iota kappa lambda' },
      { timeoutMs: 3000, settleMs: 200 },
    );
    const [one, two] = score.points;
    expect(one).toMatchObject({ recall: 1, precision: 1, visibleRanges: 1, hiddenRanges: 1, pass: true });
    expect(two).toMatchObject({ recall: 0.8, precision: 1, pass: false });
    expect(score.pass).toBe(false);

    const negative = await scorePage(page, {}, { timeoutMs: 3000, settleMs: 200 });
    expect(negative.unexpected.map((u) => u.id).sort()).toEqual(['check-1', 'check-2']);
  });
});
