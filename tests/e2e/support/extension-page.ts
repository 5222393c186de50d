import type { Page } from 'playwright-core';
import type { LaunchedExtension } from './launch';

/** Opens one of the extension's pages (e.g. `src/popup/index.html`) in a tab. */
export async function openExtensionPage(ext: LaunchedExtension, path: string): Promise<Page> {
  const page = await ext.context.newPage();
  await page.goto(`chrome-extension://${ext.extensionId}/${path}`);
  return page;
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
