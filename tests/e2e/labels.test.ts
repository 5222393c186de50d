import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { launchExtension, type LaunchedExtension } from './support/launch';
import { startServer, type StaticServer } from './support/server';

// The point labels: one per recognized point, in the extension's shadow root, named for screen
// readers, and kept beside the first line of their point when the layout moves.

let server: StaticServer;
let ext: LaunchedExtension;

beforeAll(async () => {
  server = await startServer();
  ext = await launchExtension();
});

afterAll(async () => {
  await ext?.close();
  await server?.close();
});

interface LabelBox {
  id: string;
  text: string;
  name: string | null;
  shown: boolean;
  /** Shrunk to its number, the page's text running right above its point. */
  compact: boolean;
  /** Compact, and left of its point's first line (the margin there free of text), not above it. */
  margin: boolean;
  width: number;
  /**
   * The point's first line box, and the label's offset from it (viewport coordinates): from the
   * line's top left corner to the label's bottom left, or for a label in the margin, from the
   * label's right edge to the line's left and between their middles.
   */
  lineLeft: number;
  lineTop: number;
  dx: number;
  dy: number;
}

function readLabels(page: Page): Promise<LabelBox[]> {
  return page.evaluate(() => {
    const root = document.querySelector('forum-annotator-ui')?.shadowRoot;
    if (!root) return [];
    return [...root.querySelectorAll<HTMLElement>('[data-point-id]')].map((el) => {
      const id = el.dataset.pointId!;
      const highlight = CSS.highlights.get(`annotator-point-${id}`);
      const first = highlight ? ([...highlight][0] as Range | undefined) : undefined;
      const line = first?.getClientRects()[0];
      const box = el.getBoundingClientRect();
      const margin = el.classList.contains('margin');
      return {
        id,
        text: el.textContent ?? '',
        name: el.getAttribute('aria-label'),
        shown: getComputedStyle(el).display !== 'none',
        compact: el.classList.contains('compact'),
        margin,
        width: box.width,
        lineLeft: line?.left ?? Number.NaN,
        lineTop: line?.top ?? Number.NaN,
        dx: !line ? Number.NaN : margin ? line.left - box.right : box.left - line.left,
        dy: !line
          ? Number.NaN
          : margin
            ? line.top + line.height / 2 - (box.top + box.height / 2)
            : line.top - box.bottom,
      };
    });
  });
}

const beside = (l: LabelBox): boolean =>
  l.shown && (l.margin ? l.dx >= 0 && l.dx <= 10 : Math.abs(l.dx) <= 2) && Math.abs(l.dy) <= 4;

/**
 * How many points inside the shown labels' boxes (a grid 4 px apart) fall on a glyph of the page's
 * text: the caret nearest each point, and the box of the character beside it.
 */
function textUnderLabels(page: Page): Promise<number> {
  return page.evaluate(() => {
    const root = document.querySelector('forum-annotator-ui')?.shadowRoot;
    const els = [...(root?.querySelectorAll<HTMLElement>('[data-point-id]') ?? [])];
    const boxes = els
      .filter((el) => getComputedStyle(el).display !== 'none')
      .map((el) => el.getBoundingClientRect());
    for (const el of els) el.style.pointerEvents = 'none';
    let covered = 0;
    const probe = document.createRange();
    for (const b of boxes) {
      if (b.bottom < 0 || b.top > innerHeight) continue;
      for (let y = b.top + 2; y < b.bottom - 1; y += 4) {
        for (let x = b.left + 2; x < b.right - 1; x += 4) {
          const caret = document.caretRangeFromPoint(x, y);
          const node = caret?.startContainer;
          if (!caret || !node || node.nodeType !== 3) continue;
          for (const at of [caret.startOffset - 1, caret.startOffset]) {
            if (at < 0 || at >= (node as Text).length) continue;
            probe.setStart(node, at);
            probe.setEnd(node, at + 1);
            const hit = [...probe.getClientRects()].some(
              (r) => x >= r.left && x <= r.right && y >= r.top && y <= r.bottom,
            );
            if (hit && /\S/.test((node as Text).data[at]!)) covered++;
          }
        }
      }
    }
    for (const el of els) el.style.pointerEvents = '';
    return covered;
  });
}

async function settled(page: Page, accept: (labels: LabelBox[]) => boolean): Promise<LabelBox[]> {
  let labels: LabelBox[] = [];
  await expect
    .poll(
      async () => {
        labels = await readLabels(page);
        return accept(labels);
      },
      { timeout: 15_000 },
    )
    .toBe(true);
  return labels;
}

describe('point labels', () => {
  it('name each point by its section, place and title, beside its first line', async () => {
    const page = await ext.context.newPage();
    await page.goto(`${server.origin}/corpus/canonical.html`);
    const labels = await settled(page, (ls) => ls.length === 11 && ls.every(beside));
    const byId = new Map(labels.map((l) => [l.id, l]));
    expect(byId.get('digital-soe-3')?.text).toBe(
      'Proposal 3/5 · Innovative application of digital technology',
    );
    expect(byId.get('platform-economy-6')?.text).toMatch(/^Platform initiative 6\/6 · /);
    for (const l of labels) expect(l.name, l.id).toBe(l.text);
    // Paragraphs with room above them: every label is whole.
    expect(labels.filter((l) => l.compact).map((l) => l.id)).toEqual([]);
    await page.close();
  });

  it("shrink to their number where the page's text runs right above the point, and open on hover", async () => {
    const page = await ext.context.newPage();
    await page.setViewportSize({ width: 1100, height: 900 });
    // Table rows with no gap between them: a whole label would cover the row above.
    await page.goto(`${server.origin}/pages/table-layout.html`);
    await settled(page, (ls) => ls.length === 11);
    await page.evaluate(() => {
      const rows = document.querySelectorAll('tr');
      window.scrollTo(0, rows[1]!.getBoundingClientRect().top + scrollY - 200);
    });
    const labels = await settled(
      page,
      (ls) => ls.filter((l) => l.compact).length >= 2 && ls.every((l) => !l.shown || beside(l)),
    );
    const compact = labels.filter((l) => l.compact);
    for (const l of compact) {
      expect(l.width, l.id).toBeLessThan(80);
      // Screen readers still get the whole label.
      expect(l.name, l.id).toBe(l.text);
    }
    const id = compact[0]!.id;
    await page.hover(`forum-annotator-ui >> [data-point-id="${id}"]`);
    const hovered = await settled(page, (ls) => ls.find((l) => l.id === id)!.width > 150);
    expect(hovered.find((l) => l.id === id)!.compact).toBe(true);
    await page.close();
  });

  it('go into the margin beside their line where the text above runs right up to it, covering no text', async () => {
    const page = await ext.context.newPage();
    await page.setViewportSize({ width: 1100, height: 900 });
    // An ad between every two sentences: the line above a point's first line is text, or an ad.
    await page.goto(`${server.origin}/pages/ads-between-sentences.html`);
    await settled(page, (ls) => ls.length === 11);
    // Each label is judged once its line is in view: the page is read a screen at a time.
    const height = await page.evaluate(() => document.documentElement.scrollHeight);
    let inMargin = 0;
    for (let y = 0; y < height; y += 700) {
      await page.evaluate((top) => window.scrollTo(0, top), y);
      const labels = await settled(page, (ls) =>
        ls.every((l) => !l.shown || l.lineTop < 0 || l.lineTop > 900 || beside(l)),
      );
      inMargin = Math.max(inMargin, labels.filter((l) => l.margin).length);
      // Labels that came into view are judged in the frame after the scroll.
      await expect.poll(() => textUnderLabels(page), { message: `scrolled to ${y}` }).toBe(0);
    }
    expect(inMargin).toBeGreaterThan(0);
    await page.close();
  });

  it('follow their points when the window is resized', async () => {
    const page = await ext.context.newPage();
    await page.setViewportSize({ width: 1280, height: 900 });
    await page.goto(`${server.origin}/corpus/news-portal.html`);
    const wide = await settled(page, (ls) => ls.length === 11 && ls.every(beside));
    await page.setViewportSize({ width: 640, height: 900 });
    const narrow = await settled(page, (ls) => ls.length === 11 && ls.every(beside));
    // The text reflowed, so the points moved; the labels went with them.
    const moved = narrow.filter((l) => {
      const w = wide.find((x) => x.id === l.id)!;
      return Math.abs(w.lineTop - l.lineTop) > 20 || Math.abs(w.lineLeft - l.lineLeft) > 20;
    });
    expect(moved.length).toBeGreaterThan(5);
    await page.close();
  });

  it('hide when their point scrolls out of an inner scroll box, and come back with it', async () => {
    const page = await ext.context.newPage();
    await page.goto(`${server.origin}/corpus/canonical.html`);
    await settled(page, (ls) => ls.length === 11 && ls.every(beside));
    await page.evaluate(() => {
      const box = document.createElement('div');
      box.style.cssText = 'height:300px;overflow:auto';
      document.body.prepend(box);
      while (box.nextSibling) box.append(box.nextSibling);
    });
    await page.evaluate(() => document.querySelector('div')!.scrollTo(0, 0));
    // At the top of the box the first point is out of sight below it: its label is hidden.
    await settled(page, (ls) => ls.length === 11 && !ls.find((l) => l.id === 'platform-economy-6')!.shown);
    await page.evaluate(() => {
      const box = document.querySelector('div')!;
      const labelled = [...document.querySelectorAll('p')].find((p) =>
        p.textContent!.startsWith('Service-oriented'),
      )!;
      box.scrollTop = labelled.offsetTop - box.offsetTop - 100;
    });
    await settled(page, (ls) => beside(ls.find((l) => l.id === 'platform-economy-6')!));
    await page.close();
  });
});
