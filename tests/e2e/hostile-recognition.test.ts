import { readFileSync } from 'node:fs';
import path from 'node:path';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { labelCount } from './support/annotate';
import { launchExtension, type LaunchedExtension } from './support/launch';
import { repoRoot } from './support/paths';

// Pages that fight the content script: they replace the DOM APIs it uses, mutate without pause,
// or hold tens of thousands of text nodes. Recognition must still work, and its work must stay cut
// into small tasks. The bounds on time here are loose guards against freezing the page (CI machines
// are shared and slow at times); the 50 ms target itself is measured by `npm run bench`.
// Pages are served by Playwright's router at an http URL, so the content script runs.

/** A guard, not the target: a pass that blocked the page for this long would be a bug. */
const FREEZE_MS = 150;

const seed = readFileSync(path.resolve(repoRoot, '../shared/seeds/forum-article.txt'), 'utf8');
const articleHtml = seed
  .split('\n')
  .map((l) => l.trim())
  .filter(Boolean)
  .map((l) => `<p>${l.replace(/&/g, '&amp;').replace(/</g, '&lt;')}</p>`)
  .join('\n');

let ext: LaunchedExtension;
const pages = new Map<string, string>();

beforeAll(async () => {
  ext = await launchExtension();
  await ext.context.route('http://hostile.test/**', (route) => {
    const body = pages.get(new URL(route.request().url()).pathname);
    return body === undefined
      ? route.fulfill({ status: 404 })
      : route.fulfill({ contentType: 'text/html', body });
  });
});
afterAll(async () => ext?.close());

interface PassSummary {
  points: number;
  passes: number;
  longestTask: number;
  busy: number;
}

function passes(page: Page): Promise<PassSummary> {
  return page.evaluate(() => {
    const marks = performance.getEntriesByName('annotator:pass') as PerformanceMark[];
    const details = marks.map(
      (m) => m.detail as { points: string[]; longestTask: number; ms: number; work: { busy?: number } },
    );
    // Placing the labels after a pass is a task of ours too (it reads layout).
    const labels = (performance.getEntriesByName('annotator:labels') as PerformanceMark[]).map(
      (m) => (m.detail as { ms: number }).ms,
    );
    return {
      points: details.length ? details[details.length - 1]!.points.length : 0,
      passes: details.length,
      longestTask: Math.max(0, ...details.map((d) => d.longestTask), ...labels),
      busy: details.reduce((a, d) => a + (d.work.busy ?? 0), 0),
    };
  });
}

async function open(name: string, html: string): Promise<Page> {
  pages.set(`/${name}`, html);
  const page = await ext.context.newPage();
  await page.goto(`http://hostile.test/${name}`);
  return page;
}

const highlighted = (page: Page): Promise<number> =>
  page.evaluate(() => [...CSS.highlights.keys()].filter((k) => k.startsWith('annotator-point-')).length);

describe('hostile pages', () => {
  it('still recognizes the article when the page replaces the DOM APIs the extension uses', async () => {
    const sabotage = `<script>
      // Every replacement throws or lies; a content script in its isolated world never sees them.
      const boom = () => { throw new Error('sabotaged'); };
      window.Range = function () { boom(); };
      Node.prototype.appendChild = boom;
      Element.prototype.attachShadow = boom;
      Element.prototype.checkVisibility = () => false;
      Document.prototype.createRange = boom;
      CSS.highlights.set = boom;
      window.Highlight = function () { boom(); };
      window.MutationObserver = function () { boom(); };
      JSON.parse = boom;
      performance.now = () => 0;
      window.requestAnimationFrame = boom;
    </script>`;
    const page = await open(
      'sabotage.html',
      `<!doctype html><html><head>${sabotage}</head><body>${articleHtml}</body></html>`,
    );
    await expect.poll(() => highlighted(page), { timeout: 15_000 }).toBe(11);
    // The page's own CSS.highlights.set is broken, yet the registry holds our highlights; the
    // labels are built at the frame after the pass.
    await expect.poll(() => labelCount(page)).toBe(11);
    await page.close();
  });

  it('keeps up with a page that mutates its DOM a thousand times a second, taking a small share of it', async () => {
    const churn = `<script>
      addEventListener('load', () => {
        const ticker = document.getElementById('ticker');
        let n = 0;
        // setInterval is clamped to 1 ms at best; several changes per tick make a thousand a second.
        setInterval(() => { for (let k = 0; k < 4; k++) ticker.textContent = 'Markets ' + (n++); }, 4);
        setTimeout(() => document.getElementById('story').innerHTML = ${JSON.stringify(articleHtml)}, 300);
      });
    </script>`;
    const page = await open(
      'churn.html',
      `<!doctype html><html><head>${churn}</head><body><p id="ticker">Markets</p><main id="story"></main></body></html>`,
    );
    await expect.poll(() => highlighted(page), { timeout: 15_000 }).toBe(11);
    const start = await passes(page);
    const t0 = Date.now();
    await page.waitForFunction(
      () => performance.now() > 0 && document.getElementById('ticker')!.textContent!.length > 0,
    );
    await expect.poll(() => Date.now() - t0 >= 2000 || null, { timeout: 10_000 }).toBeTruthy();
    const end = await passes(page);
    const share = (end.busy - start.busy) / (Date.now() - t0);
    console.log(
      `churn: ${end.passes - start.passes} passes in ${Date.now() - t0} ms, busy ${(share * 100).toFixed(1)}%`,
    );
    expect(end.points).toBe(11);
    expect(end.longestTask).toBeLessThan(FREEZE_MS);
    // Batched and backed off: far fewer passes than mutations, and a small share of the main thread.
    expect(end.passes - start.passes).toBeLessThan(1000);
    expect(share).toBeLessThan(0.35);
    await page.close();
  });

  it('a clock ticking inside a 4 MB container costs each tick little', async () => {
    // Each tick is timed by the page from its change to a microtask queued after it: the
    // extension's mutation callback, queued at the change, runs in between. Sizing the changed
    // block's container with textContent made that 4.5 ms a tick here; counting its text only up
    // to the limit, 1.1 ms.
    const paras = Array.from(
      { length: 20_000 },
      (_, k) =>
        `<p>Archive entry ${k}: the council minutes, the weather, the ferry timetable and the market report.</p>`,
    ).join('');
    const page = await open(
      'clock.html',
      `<!doctype html><html><body><main><p id="clock">Updated just now</p>${paras}</main><script>
        window.tickCost = async (n) => {
          const clock = document.getElementById('clock');
          const costs = [];
          for (let i = 0; i < n; i++) {
            await new Promise((r) => setTimeout(r, 5));
            const t = performance.now();
            clock.textContent = 'Updated ' + i + ' seconds ago';
            await new Promise((r) => queueMicrotask(r));
            costs.push(performance.now() - t);
          }
          return costs.sort((a, b) => a - b)[costs.length >> 1];
        };
        // What reading the container's text costs on this machine now, for a bound that moves
        // with a shared machine's load as the tick's cost does.
        window.readCost = (n) => {
          const main = document.querySelector('main');
          const costs = [];
          for (let i = 0; i < n; i++) {
            const t = performance.now();
            if (main.textContent.length === 0) throw new Error('empty');
            costs.push(performance.now() - t);
          }
          return costs.sort((a, b) => a - b)[costs.length >> 1];
        };
      </script></body></html>`,
    );
    await page.waitForFunction(() => performance.getEntriesByName('annotator:pass').length > 0);
    const before = await passes(page);
    const median = await page.evaluate(() =>
      (window as unknown as { tickCost(n: number): Promise<number> }).tickCost(60),
    );
    const after = await passes(page);
    const read = await page.evaluate(() =>
      (window as unknown as { readCost(n: number): number }).readCost(15),
    );
    console.log(
      `clock: median ${median.toFixed(2)} ms a tick, ${after.passes - before.passes} passes; reading the container ${read.toFixed(2)} ms`,
    );
    // The changes were seen (each made a pass), and each cost far less than reading the container
    // (3 ms, or half a read where the machine is slow enough that a read takes over 6 ms).
    expect(after.passes - before.passes).toBeGreaterThan(0);
    expect(median).toBeLessThan(Math.max(3, read / 2));
    await page.close();
  });

  it('recognizes the article among 50,000 text nodes without a long task', async () => {
    const filler = Array.from({ length: 25_000 }, (_, k) => `<span>item ${k}</span> <i>x</i>`).join('');
    const page = await open(
      'nodes.html',
      `<!doctype html><html><body><div>${filler}</div>${articleHtml}<div>${filler}</div></body></html>`,
    );
    await expect.poll(() => highlighted(page), { timeout: 20_000 }).toBe(11);
    const nodes = await page.evaluate(() => {
      const w = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
      let n = 0;
      while (w.nextNode()) n++;
      return n;
    });
    expect(nodes).toBeGreaterThan(50_000);
    const summary = await passes(page);
    expect(summary.longestTask).toBeLessThan(FREEZE_MS);
    await page.close();
  });
});
