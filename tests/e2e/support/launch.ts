import { existsSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { chromium, type BrowserContext } from 'playwright-core';
import { distDir } from './paths';

export interface LaunchedExtension {
  context: BrowserContext;
  extensionId: string;
  close(): Promise<void>;
}

/** Debian's Chromium honours --load-extension (Google Chrome 137+ does not). */
export const chromiumPath = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';

/**
 * Chromium with the built extension (dist/chrome) in a fresh profile. `headless: true` is the new
 * headless mode, which loads extensions; Playwright adds --disable-extensions, hence the -except flag.
 */
export async function launchExtension(
  options: { headless?: boolean; /** More Chromium flags, e.g. `--lang=zh-CN`. */ args?: string[] } = {},
): Promise<LaunchedExtension> {
  if (!existsSync(path.join(distDir, 'manifest.json'))) {
    throw new Error(`no built extension in ${distDir}: run \`npm run build\` first`);
  }
  const userDataDir = await mkdtemp(path.join(os.tmpdir(), 'forum-annotator-e2e-'));
  const context = await chromium.launchPersistentContext(userDataDir, {
    executablePath: chromiumPath,
    headless: options.headless ?? true,
    viewport: { width: 1280, height: 900 },
    args: [
      `--disable-extensions-except=${distDir}`,
      `--load-extension=${distDir}`,
      '--no-sandbox',
      '--disable-gpu',
      '--disable-quic',
      '--no-first-run',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
      ...(options.args ?? []),
    ],
  });
  const close = async (): Promise<void> => {
    await context.close().catch(() => undefined);
    await rm(userDataDir, { recursive: true, force: true });
  };
  try {
    const worker =
      context.serviceWorkers().find((w) => w.url().startsWith('chrome-extension://')) ??
      (await context.waitForEvent('serviceworker', {
        predicate: (w) => w.url().startsWith('chrome-extension://'),
        timeout: 15_000,
      }));
    return { context, extensionId: new URL(worker.url()).host, close };
  } catch (error) {
    await close();
    throw new Error(`the extension's service worker never started: ${String(error)}`, { cause: error });
  }
}
