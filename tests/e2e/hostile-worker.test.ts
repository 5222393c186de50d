/**
 * A service worker stopped again and again (CDP ServiceWorker.stopWorker, as the browser's idle
 * timeout does) during a burst of 200 saves from one page, made through the toolbar: every save
 * is stored, each exactly once.
 */
import type { BrowserContext, CDPSession, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { savedCount, selectionToolbar, waitRestored } from './support/annotate';
import { openExtensionPage } from './support/extension-page';
import { storeHolds } from './support/hostile';
import { launchExtension, type LaunchedExtension } from './support/launch';

const N = 200;
const line = (k: number) => `Line ${k} quebec romeo sierra`;

let ext: LaunchedExtension;

beforeAll(async () => {
  ext = await launchExtension();
  const body = Array.from(
    { length: N },
    (_, k) => `<p id="p${k}">${line(k)}, and the rest of the sentence.</p>`,
  ).join('\n');
  await ext.context.route('http://hostile.test/**', (route) =>
    route.fulfill({
      contentType: 'text/html',
      body: `<!doctype html><title>Burst</title><body>${body}</body>`,
    }),
  );
});
afterAll(async () => ext?.close());

/**
 * Stops the extension's worker a moment (100-300 ms) after each time it starts running, until
 * `stop()` is called: enough for it to take some messages, never enough to finish the burst.
 * Answers how many times it stopped it. Runs beside the burst, on its own CDP session.
 */
async function keepStopping(context: BrowserContext, page: Page, extensionId: string) {
  const cdp: CDPSession = await context.newCDPSession(page);
  let stops = 0;
  let done = false;
  const scheduled = new Set<string>();
  cdp.on(
    'ServiceWorker.workerVersionUpdated',
    (e: { versions: Array<{ versionId: string; scriptURL: string; runningStatus: string }> }) => {
      for (const v of e.versions) {
        if (!v.scriptURL.startsWith(`chrome-extension://${extensionId}/`)) continue;
        if (v.runningStatus !== 'running' || scheduled.has(v.versionId)) continue;
        scheduled.add(v.versionId);
        setTimeout(
          () => {
            scheduled.delete(v.versionId);
            if (done) return;
            stops++;
            void cdp.send('ServiceWorker.stopWorker', { versionId: v.versionId }).catch(() => undefined);
          },
          100 + Math.random() * 200,
        );
      }
    },
  );
  await cdp.send('ServiceWorker.enable');
  return {
    async stop(): Promise<number> {
      done = true;
      await cdp.detach().catch(() => undefined);
      return stops;
    },
  };
}

describe('a stopped service worker', () => {
  it('200 saves while the worker is stopped again and again: all stored, each once', async () => {
    const page = await ext.context.newPage();
    await page.goto('http://hostile.test/burst.html');
    await waitRestored(page);
    const toolbar = selectionToolbar(page);
    const stopper = await keepStopping(ext.context, page, ext.extensionId);

    const t0 = Date.now();
    for (let k = 0; k < N; k++) {
      // Select the line as a reader would, then press Highlight (a real click on our toolbar).
      await page.evaluate(
        ({ k, text }) => {
          const node = document.getElementById(`p${k}`)!.firstChild!;
          const r = document.createRange();
          r.setStart(node, 0);
          r.setEnd(node, text.length);
          getSelection()!.removeAllRanges();
          getSelection()!.addRange(r);
          document
            .getElementById(`p${k}`)!
            .dispatchEvent(new MouseEvent('mouseup', { bubbles: true, button: 0 }));
        },
        { k, text: line(k) },
      );
      await toolbar.getByRole('button', { name: 'Highlight' }).click();
    }
    console.log(`burst: ${N} clicks in ${Date.now() - t0} ms, ${await savedCount(page)} acknowledged so far`);
    // Every save is acknowledged in the page (the content script keeps trying until it is)...
    await expect.poll(() => savedCount(page), { timeout: 120_000, interval: 250 }).toBe(N);
    const stops = await stopper.stop();
    console.log(`burst: ${N} saves, the worker stopped ${stops} times`);
    expect(stops).toBeGreaterThan(3);

    // ...and stored exactly once each.
    const review = await openExtensionPage(ext, 'src/review/index.html');
    const held = await storeHolds(review, 'site:hostile.test', 1_000);
    expect(held.total).toBe(N);
    const quotes = held.annotations.map((a) => a.target.selector[0].exact).sort();
    expect(quotes).toEqual(Array.from({ length: N }, (_, k) => line(k)).sort());
    expect(new Set(held.annotations.map((a) => a.id)).size).toBe(N);
    await page.close();
  }, 300_000);
});
