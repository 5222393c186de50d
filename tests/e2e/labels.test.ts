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
  width: number;
  /** The point's first line box, and the label's offset from it (viewport coordinates). */
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
      return {
        id,
        text: el.textContent ?? '',
        name: el.getAttribute('aria-label'),
        shown: getComputedStyle(el).display !== 'none',
        compact: el.classList.contains('compact'),
        width: box.width,
        lineLeft: line?.left ?? Number.NaN,
        lineTop: line?.top ?? Number.NaN,
        dx: line ? box.left - line.left : Number.NaN,
        dy: line ? line.top - box.bottom : Number.NaN,
      };
    });
  });
}

const beside = (l: LabelBox): boolean => l.shown && Math.abs(l.dx) <= 2 && Math.abs(l.dy) <= 4;

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
