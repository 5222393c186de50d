import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Frame, Page } from 'playwright-core';
import { launchExtension, type LaunchedExtension } from './support/launch';
import { lineOf, tintOf, type Box, type Tint } from './support/paint';
import { startServer, type StaticServer } from './support/server';

// Highlights are painted, not only registered: the paint rules reach the document, shadow roots
// and frames (in Chromium they come from the manifest's stylesheet, written for the root element,
// and are inherited from it), in each section's own colour. Read from screenshots.

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

/** The first frame of `page` that passes `test`, once there is one. */
async function frameWhere(page: Page, test: (frame: Frame) => boolean): Promise<Frame> {
  await expect.poll(() => page.frames().some(test), { timeout: 15_000 }).toBe(true);
  return page.frames().find(test)!;
}

/** The tint of the first line of highlight `name` in `frame`, once it has one. */
async function tintOfLine(page: Page, frame: Frame, name: string): Promise<Tint> {
  await frame.waitForFunction((n) => CSS.highlights.has(n), name, { timeout: 15_000 });
  const box = await frame.evaluate(lineOf, name);
  expect(box, `${name} has a visible line`).not.toBeNull();
  const frameElement = await frame.frameElement().catch(() => null);
  const offset =
    frame === page.mainFrame() ? { x: 0, y: 0 } : ((await frameElement?.boundingBox()) ?? { x: 0, y: 0 });
  // Scrolling brought the line into view: wait for that frame to be drawn.
  await page.evaluate(() => new Promise((done) => requestAnimationFrame(() => requestAnimationFrame(done))));
  const { x, y, width, height } = box!;
  const clip: Box = { x: x + offset.x, y: y + offset.y, width, height };
  const png = await page.screenshot({ clip });
  return page.evaluate(tintOf, png.toString('base64'));
}

describe('painted highlights', () => {
  it("each section's points in its own colour; the text around them unpainted", async () => {
    const page = await ext.context.newPage();
    try {
      await page.goto(`${server.origin}/corpus/canonical.html`);
      const proposal = await tintOfLine(page, page.mainFrame(), 'annotator-point-digital-soe-1');
      const platform = await tintOfLine(page, page.mainFrame(), 'annotator-point-platform-economy-1');
      expect(proposal.share).toBeGreaterThan(0.3);
      expect(proposal.red).toBeGreaterThan(proposal.blue + 60);
      expect(platform.share).toBeGreaterThan(0.3);
      expect(platform.blue).toBeGreaterThan(platform.red + 60);
      // A line of the report before the points, registered with no paint: nothing painted.
      const lead = await page.evaluate(() => {
        const p = [...document.querySelectorAll('p')].find((el) => (el.textContent ?? '').length > 200)!;
        const range = document.createRange();
        range.selectNodeContents(p);
        CSS.highlights.set('test-lead', new Highlight(range));
        return 'test-lead';
      });
      expect((await tintOfLine(page, page.mainFrame(), lead)).share).toBeLessThan(0.05);
    } finally {
      await page.close();
    }
  });

  it('inside a shadow root rendered late, a same-origin frame and a srcdoc frame', async () => {
    const page = await ext.context.newPage();
    try {
      await page.goto(`${server.origin}/pages/shadow-late.html`);
      const shadow = await tintOfLine(page, page.mainFrame(), 'annotator-point-digital-soe-2');
      expect(shadow.share).toBeGreaterThan(0.3);
      await page.goto(`${server.origin}/pages/frame.html`);
      const inner = await frameWhere(page, (f) => f.url().endsWith('frame-inner.html'));
      expect((await tintOfLine(page, inner, 'annotator-point-platform-economy-3')).share).toBeGreaterThan(
        0.3,
      );
      // An about:srcdoc frame has no address of its own: the stylesheet goes by its parent's.
      await page.goto(`${server.origin}/pages/srcdoc.html`);
      const srcdoc = await frameWhere(page, (f) => f.url() === 'about:srcdoc');
      expect((await tintOfLine(page, srcdoc, 'annotator-point-digital-soe-1')).share).toBeGreaterThan(0.3);
    } finally {
      await page.close();
    }
  });

  it('around the ads between a point’s sentences: each sentence whole with its full stop, no ad', async () => {
    const page = await ext.context.newPage();
    try {
      await page.goto(`${server.origin}/pages/ads-between-sentences.html`);
      await page.waitForFunction(
        () => [...CSS.highlights.keys()].filter((k) => k.startsWith('annotator-point-')).length === 11,
        null,
        { timeout: 15_000 },
      );
      const pieces = await page.evaluate(() =>
        [...CSS.highlights]
          .filter(([name]) => name.startsWith('annotator-point-'))
          .flatMap(([, h]) => [...h].map((r) => r.toString())),
      );
      expect(pieces.filter((t) => /Sponsored|Advertisement|Ad:/.test(t))).toEqual([]);
      // A piece before an ad ends its sentence: with the full stop, as the point's last piece does.
      const leads = await page.evaluate(() =>
        [...CSS.highlights]
          .filter(([name]) => name.startsWith('annotator-point-'))
          .map(([, h]) => [...h][0]!.toString()),
      );
      expect(leads.filter((t) => !/[.。]$/.test(t.trim()))).toEqual([]);
    } finally {
      await page.close();
    }
  });
});
