/** Helpers for the annotation e2e tests and benchmark: selecting text, reading highlights and marks. */
import type { BrowserContext, Locator, Page } from 'playwright-core';

export interface RestoredDetail {
  total: number;
  placed: number;
  orphans: number;
  methods: Record<string, number>;
  /** Waiting for the page's annotations (listForPage), ms. */
  asked: number;
  /** From asking to all placed, ms (wall time: the page's own turns between slices included). */
  ms: number;
  /** Our work in it: the sum of our slices, ms. */
  busy: number;
  slices: number;
  longestTask: number;
}

/** Waits for the content script's `annotator:restored` mark of this page load and returns its detail. */
export async function waitRestored(page: Page, timeout = 15_000): Promise<RestoredDetail> {
  const handle = await page.waitForFunction(
    () => {
      const [mark] = performance.getEntriesByName('annotator:restored') as PerformanceMark[];
      return mark ? mark.detail : null;
    },
    undefined,
    { timeout },
  );
  return (await handle.jsonValue()) as RestoredDetail;
}

/** The reader's highlights: `annotator-user-<id>` entries of CSS.highlights with their text. */
export function userHighlights(page: Page): Promise<Array<{ name: string; text: string }>> {
  return page.evaluate(() =>
    [...CSS.highlights]
      .filter(([name]) => name.startsWith('annotator-user-'))
      .map(([name, h]) => ({ name, text: [...h].map((r) => r.toString()).join('') })),
  );
}

/**
 * Selects `text` inside the element `selector` with a real mouse drag, and checks the result.
 * `host >>> inner`: the element `inner` inside the open shadow root of `host`.
 */
export async function dragSelect(page: Page, selector: string, text: string): Promise<void> {
  const box = await page.evaluate(
    ({ selector, text }) => {
      const [host, inner] = selector.split(' >>> ');
      const el = inner
        ? document.querySelector(host!)!.shadowRoot!.querySelector(inner)!
        : document.querySelector(selector)!;
      el.scrollIntoView({ block: 'center' });
      const walker = document.createTreeWalker(el, NodeFilter.SHOW_TEXT);
      for (let n = walker.nextNode(); n; n = walker.nextNode()) {
        const at = (n as Text).data.indexOf(text);
        if (at < 0) continue;
        const first = document.createRange();
        first.setStart(n, at);
        first.setEnd(n, at + 1);
        const last = document.createRange();
        last.setStart(n, at + text.length - 1);
        last.setEnd(n, at + text.length);
        const a = first.getClientRects()[0]!;
        const b = last.getClientRects()[0]!;
        return { x1: a.left + 1, y1: a.top + a.height / 2, x2: b.right - 1, y2: b.top + b.height / 2 };
      }
      throw new Error(`"${text}" not found in ${selector}`);
    },
    { selector, text },
  );
  await page.mouse.move(box.x1, box.y1);
  await page.mouse.down();
  await page.mouse.move((box.x1 + box.x2) / 2, (box.y1 + box.y2) / 2, { steps: 4 });
  await page.mouse.move(box.x2, box.y2, { steps: 4 });
  await page.mouse.up();
  const selected = await page.evaluate(() => getSelection()?.toString() ?? '');
  if (selected.trim() !== text.trim()) throw new Error(`selected "${selected}" instead of "${text}"`);
}

/** The toolbar that appears beside a selection (Highlight, Note, colours). */
export function selectionToolbar(page: Page): Locator {
  return page.getByRole('toolbar', { name: 'Annotate selection' });
}

/** Number of `annotator:saved` marks so far on this page load. */
export function savedCount(page: Page): Promise<number> {
  return page.evaluate(() => performance.getEntriesByName('annotator:saved').length);
}

/**
 * Every string the page can reach: text, attributes and styles of the document and of every open
 * shadow root (our UI host's included), joined; iframes of other origins are opaque to the page.
 */
export function pageReachableText(page: Page): Promise<string> {
  return page.evaluate(() => {
    const out: string[] = [];
    const visit = (root: Document | ShadowRoot): void => {
      const sheets = root.adoptedStyleSheets ?? [];
      for (const s of sheets) for (const r of s.cssRules) out.push(r.cssText);
      for (const el of root.querySelectorAll('*')) {
        for (const a of el.attributes) out.push(a.value);
        if (el.shadowRoot) visit(el.shadowRoot);
        if (el instanceof HTMLIFrameElement) {
          try {
            const doc = el.contentDocument;
            if (doc) visit(doc);
          } catch {
            // Another origin: the page cannot read it either.
          }
        }
      }
      const top = root instanceof Document ? root.documentElement : root;
      out.push((top as Element | ShadowRoot).textContent ?? '');
      if (root instanceof ShadowRoot) out.push(root.innerHTML);
      else out.push(root.documentElement.outerHTML);
    };
    visit(document);
    return out.join('\n');
  });
}

/**
 * Stops the extension's service worker through the DevTools protocol (as Chrome does after 30 s of
 * idleness), and waits until it is gone.
 */
export async function stopServiceWorker(
  context: BrowserContext,
  page: Page,
  extensionId: string,
): Promise<void> {
  const cdp = await context.newCDPSession(page);
  const versions = new Map<string, { scriptURL: string; runningStatus: string }>();
  cdp.on(
    'ServiceWorker.workerVersionUpdated',
    (e: { versions: Array<{ versionId: string; scriptURL: string; runningStatus: string }> }) => {
      for (const v of e.versions) versions.set(v.versionId, v);
    },
  );
  await cdp.send('ServiceWorker.enable');
  const deadline = Date.now() + 10_000;
  let id: string | undefined;
  while (!id && Date.now() < deadline) {
    id = [...versions].find(
      ([, v]) =>
        v.scriptURL.startsWith(`chrome-extension://${extensionId}/`) && v.runningStatus === 'running',
    )?.[0];
    if (!id) await new Promise((r) => setTimeout(r, 50));
  }
  if (!id)
    throw new Error(
      `no running service worker of ${extensionId} (saw ${JSON.stringify([...versions.values()])})`,
    );
  await cdp.send('ServiceWorker.stopWorker', { versionId: id });
  while (Date.now() < deadline && versions.get(id)?.runningStatus !== 'stopped')
    await new Promise((r) => setTimeout(r, 50));
  await cdp.detach();
  if (versions.get(id)?.runningStatus !== 'stopped') throw new Error('the service worker did not stop');
}

/** How many point labels our UI host shows (labels are built at the frame after a pass). */
export function labelCount(page: Page): Promise<number> {
  return page.evaluate(
    () =>
      document.querySelector('forum-annotator-ui')?.shadowRoot?.querySelectorAll('[data-point-id]').length ??
      0,
  );
}
