/** Debian's Firefox ESR with the Firefox build installed as a temporary add-on, driven over WebDriver BiDi. */
import { existsSync, readFileSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import puppeteer, { type Browser, type Frame, type Page } from 'puppeteer-core';
import { firefoxDistDir } from '../../support/paths';
import { highlightPrefix, readFrame, type FrameHighlights } from '../../support/score';

export const firefoxPath = process.env.FIREFOX_PATH ?? '/usr/bin/firefox-esr';

/**
 * The extension's internal UUID, pinned through `extensions.webextensions.uuids` so that its pages
 * live at a known moz-extension:// origin (Firefox otherwise draws a random one per profile).
 */
export const EXTENSION_UUID = '3f0c5a8e-7d21-4b6a-9e44-0a6f1c2d9b57';

export interface LaunchedFirefox {
  browser: Browser;
  /** The gecko id from the build's manifest. */
  addonId: string;
  /** `moz-extension://<uuid>`: where the popup, review page and editor live. */
  origin: string;
  close(): Promise<void>;
}

function geckoId(dir: string): string {
  const manifestPath = path.join(dir, 'manifest.json');
  if (!existsSync(manifestPath)) {
    throw new Error(`no Firefox build in ${dir}: run \`npm run build\` first`);
  }
  const manifest = JSON.parse(readFileSync(manifestPath, 'utf8')) as {
    browser_specific_settings?: { gecko?: { id?: string } };
  };
  const id = manifest.browser_specific_settings?.gecko?.id;
  if (!id) throw new Error(`${manifestPath} has no browser_specific_settings.gecko.id: not a Firefox build`);
  return id;
}

/**
 * A fresh profile with the add-on installed. `--remote-allow-system-access` lets the driver
 * evaluate scripts in extension pages (privileged documents), which the popup test needs.
 */
export async function launchFirefox(): Promise<LaunchedFirefox> {
  const addonId = geckoId(firefoxDistDir);
  const userDataDir = await mkdtemp(path.join(os.tmpdir(), 'forum-annotator-firefox-'));
  const browser = await puppeteer.launch({
    browser: 'firefox',
    protocol: 'webDriverBiDi',
    executablePath: firefoxPath,
    headless: process.env.E2E_HEADFUL ? false : true,
    userDataDir,
    defaultViewport: { width: 1280, height: 900 },
    args: ['--remote-allow-system-access'],
    extraPrefsFirefox: {
      'extensions.webextensions.uuids': JSON.stringify({ [addonId]: EXTENSION_UUID }),
    },
  });
  const close = async (): Promise<void> => {
    await browser.close().catch(() => undefined);
    await rm(userDataDir, { recursive: true, force: true });
  };
  try {
    const installed = await browser.installExtension(firefoxDistDir);
    if (installed !== addonId) throw new Error(`installed ${installed}, expected ${addonId}`);
  } catch (error) {
    await close();
    throw error;
  }
  return { browser, addonId, origin: `moz-extension://${EXTENSION_UUID}`, close };
}

export const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * Polls `probe` until it returns something other than undefined (or throws after `timeout` ms);
 * `what` may be a function, to say in the error what was last seen.
 */
export async function until<T>(
  probe: () => Promise<T | undefined>,
  what: string | (() => string),
  timeout = 15_000,
): Promise<T> {
  const deadline = Date.now() + timeout;
  let last: unknown;
  for (;;) {
    try {
      const value = await probe();
      if (value !== undefined) return value;
    } catch (error) {
      // A page between two documents answers with an error; try again.
      last = error;
    }
    if (Date.now() > deadline)
      throw new Error(
        `timed out waiting for ${typeof what === 'string' ? what : what()}${last ? `: ${String(last)}` : ''}`,
      );
    await sleep(100);
  }
}

/**
 * Navigates `page` (at another address) to `url` and waits until the new document has reached
 * `state`, as the document itself tells. Puppeteer's BiDi tracking of a navigation loses one now
 * and then (puppeteer#13041, bugzilla 1879163): a `goto` of a static page timed out after 30 s
 * once in a CI run, and not in 195 tries here. A `goto` to a moz-extension:// URL never settles
 * (`page.url()` stays about:blank). So the goto is started without being awaited.
 */
export async function navigate(
  page: Page,
  url: string,
  state: 'interactive' | 'complete' = 'interactive',
  timeout = 30_000,
): Promise<void> {
  void page.goto(url, { timeout: 0 }).catch(() => undefined);
  await untilDocument(page, (doc) => doc.href === url, state, `${url} to load`, timeout);
}

/** What `untilDocument` reads of the document in `page`. */
interface DocumentSeen {
  href: string;
  /** The document carries the mark `reload` leaves on the one it replaces. */
  old: boolean;
}

/** Waits until the document in `page` is the one `wanted` looks for and has reached `state`. */
async function untilDocument(
  page: Page,
  wanted: (doc: DocumentSeen) => boolean,
  state: 'interactive' | 'complete',
  what: string,
  timeout: number,
): Promise<void> {
  const reached = state === 'complete' ? ['complete'] : ['interactive', 'complete'];
  await until(
    async () => {
      const [href, old, now] = await page.evaluate(() => [
        location.href,
        (window as unknown as { __faOldDocument?: boolean }).__faOldDocument === true,
        document.readyState,
      ]);
      return wanted({ href: href as string, old: old as boolean }) && reached.includes(now as string)
        ? true
        : undefined;
    },
    what,
    timeout,
  );
}

/**
 * Reloads `page` and waits until the new document has reached `state`, as `navigate` does and for
 * the same reason (puppeteer#13041): the old document carries a mark the new one has not.
 */
export async function reload(
  page: Page,
  state: 'interactive' | 'complete' = 'interactive',
  timeout = 30_000,
): Promise<void> {
  await page.evaluate(() => {
    (window as unknown as { __faOldDocument?: boolean }).__faOldDocument = true;
  });
  void page.reload({ timeout: 0 }).catch(() => undefined);
  await untilDocument(page, (doc) => !doc.old, state, 'the page to reload', timeout);
}

/** Opens one of the extension's pages (e.g. `src/popup/index.html`) in a new tab, loaded. */
export async function openExtensionPage(ff: LaunchedFirefox, file: string): Promise<Page> {
  const page = await ff.browser.newPage();
  await navigate(page, `${ff.origin}/${file}`, 'complete', 15_000);
  return page;
}

/** Every frame's point highlights, the top frame first: what the scorer of score.ts reads. */
export async function readFrames(page: Page): Promise<FrameHighlights[]> {
  const frames: Frame[] = [page.mainFrame(), ...page.frames().filter((f) => f !== page.mainFrame())];
  const read = await Promise.all(
    frames.map((f) => f.evaluate(readFrame, highlightPrefix).catch(() => undefined)),
  );
  return read.filter((f): f is FrameHighlights => f !== undefined);
}
