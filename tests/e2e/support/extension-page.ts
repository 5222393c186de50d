import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import type { Frame, Page } from 'playwright-core';
import { expect } from 'vitest';
import type { LaunchedExtension } from './launch';

/** Opens one of the extension's pages (e.g. `src/popup/index.html`) in a tab. */
export async function openExtensionPage(ext: LaunchedExtension, path: string): Promise<Page> {
  const page = await ext.context.newPage();
  await page.goto(`chrome-extension://${ext.extensionId}/${path}`);
  return page;
}

/**
 * The extension page inside `page`'s iframe matched by `selector`, once its document is the
 * extension's: the iframe element is in the page before its document commits, and until then its
 * frame is about:blank (or not yet listed in `page.frames()`).
 */
export async function extensionFrameIn(page: Page, ext: LaunchedExtension, selector: string): Promise<Frame> {
  const element = page.locator(selector);
  let frame: Frame | null = null;
  await expect
    .poll(
      async () => {
        frame = await (await element.elementHandle()).contentFrame();
        return frame?.url() ?? '';
      },
      { timeout: 15_000 },
    )
    .toMatch(`chrome-extension://${ext.extensionId}/`);
  return frame!;
}

/**
 * A PopupToBackground call made from an extension page, as the popup makes it (runtime messaging
 * with our envelope); answers the Result.
 */
export async function rpcFrom<T = unknown>(
  page: Page,
  type: string,
  payload: unknown,
): Promise<{ ok: true; value: T } | { ok: false; error: string }> {
  return page.evaluate(
    async ([t, p]) => {
      const c = (
        globalThis as unknown as { chrome: { runtime: { sendMessage(m: unknown): Promise<unknown> } } }
      ).chrome;
      return (await c.runtime.sendMessage({ rpc: 'forum-annotator/rpc@1', type: t, payload: p })) as never;
    },
    [type, payload] as const,
  );
}

/**
 * Puts Dexie (its UMD build, as the global `Dexie`) into an extension page, for tests that write
 * or read the extension's database behind its back. Evaluated over CDP: the extension's CSP forbids
 * inline scripts, and a DevTools evaluation is not bound by it.
 */
export async function loadDexieInto(page: Page): Promise<void> {
  const source = readFileSync(createRequire(import.meta.url).resolve('dexie/dist/dexie.min.js'), 'utf8');
  await page.evaluate(`${source};void 0`);
}
