/**
 * Helpers for the hostile-* e2e tests: records made in bulk and stored through an extension page's
 * restoreAnnotations call, the store read back through search, and calls made from the content
 * script's own isolated world (the real sender a page's content script is).
 */
import type { BrowserContext, Page } from 'playwright-core';
import { rpcFrom } from './extension-page';

export interface SeedRecord {
  id: string;
  url: string;
  title: string;
  target: {
    selector: [
      { type: 'TextQuoteSelector'; exact: string; prefix: string; suffix: string },
      { type: 'TextPositionSelector'; start: number; end: number },
    ];
  };
  color: 'yellow' | 'green' | 'blue' | 'pink' | 'orange' | 'purple';
  note: string;
  tags: string[];
  created: string;
  modified: string;
}

/** A v4-shaped UUID from a number, so tests can name records. */
export const uuidOf = (n: number, tag = 0xa) =>
  `${tag.toString(16).padStart(8, '0')}-0000-4000-8000-${n.toString(16).padStart(12, '0')}`;

export function seedRecord(
  n: number,
  over: Partial<SeedRecord> & { exact: string; url: string },
): SeedRecord {
  const { exact, ...rest } = over;
  const stamp = new Date(Date.parse('2025-01-01T00:00:00.000Z') + n * 1000).toISOString();
  return {
    id: uuidOf(n),
    title: 'Seeded page',
    target: {
      selector: [
        { type: 'TextQuoteSelector', exact, prefix: '', suffix: '' },
        { type: 'TextPositionSelector', start: 0, end: exact.length },
      ],
    },
    color: 'yellow',
    note: '',
    tags: [],
    created: stamp,
    modified: stamp,
    ...rest,
  };
}

/** Stores `records` through the extension page `page` (restoreAnnotations, 10,000 a call). */
export async function seed(page: Page, records: readonly SeedRecord[]): Promise<void> {
  for (let i = 0; i < records.length; i += 10_000) {
    const res = await rpcFrom(page, 'restoreAnnotations', { annotations: records.slice(i, i + 10_000) });
    if (!res.ok) throw new Error(`seeding failed: ${res.error}`);
  }
}

export interface Found {
  total: number;
  annotations: Array<SeedRecord & Record<string, unknown>>;
}

/** What the store holds, as an extension page's search sees it (the newest `limit`). */
export async function storeHolds(page: Page, query = '', limit = 1_000): Promise<Found> {
  const res = await rpcFrom<{ total: number; groups: { annotations: Found['annotations'] }[] }>(
    page,
    'search',
    {
      query,
      limit,
    },
  );
  if (!res.ok) throw new Error(res.error);
  return { total: res.value.total, annotations: res.value.groups.flatMap((g) => g.annotations) };
}

/**
 * Runs `expression` (a promise-valued JS expression) in the isolated world of the extension's
 * content script in `page`'s main frame, where `chrome.runtime.sendMessage` reaches the background
 * as that page's content script. Waits for the world to exist.
 */
export async function inContentWorld<T>(
  context: BrowserContext,
  page: Page,
  extensionId: string,
  expression: string,
): Promise<T> {
  const cdp = await context.newCDPSession(page);
  try {
    const { frameTree } = (await cdp.send('Page.getFrameTree')) as { frameTree: { frame: { id: string } } };
    const worlds: number[] = [];
    cdp.on(
      'Runtime.executionContextCreated',
      (e: {
        context: { id: number; name: string; origin: string; auxData?: { type?: string; frameId?: string } };
      }) => {
        const { id, name, origin, auxData } = e.context;
        if (
          auxData?.type === 'isolated' &&
          auxData.frameId === frameTree.frame.id &&
          (origin.includes(extensionId) || name === 'Forum Annotator')
        )
          worlds.push(id);
      },
    );
    await cdp.send('Runtime.enable');
    for (let waited = 0; worlds.length === 0; waited += 50) {
      if (waited > 10_000) throw new Error('no content-script world in the page');
      await new Promise((r) => setTimeout(r, 50));
    }
    const res = (await cdp.send('Runtime.evaluate', {
      expression,
      contextId: worlds[0],
      awaitPromise: true,
      returnByValue: true,
    })) as {
      result: { value: T };
      exceptionDetails?: { text: string; exception?: { description?: string } };
    };
    if (res.exceptionDetails)
      throw new Error(res.exceptionDetails.exception?.description ?? res.exceptionDetails.text);
    return res.result.value;
  } finally {
    await cdp.detach().catch(() => undefined);
  }
}

/** A JS expression sending one envelope from the content-script world, answering the reply or the error. */
export const sendExpression = (type: string, payloadJs: string) =>
  `chrome.runtime.sendMessage({ rpc: 'forum-annotator/rpc@1', type: ${JSON.stringify(type)}, payload: ${payloadJs} })` +
  `.then((r) => r, (e) => ({ ok: false, error: 'transport: ' + String(e && e.message || e) }))`;
