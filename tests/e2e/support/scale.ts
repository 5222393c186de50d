/**
 * 100,000 annotations across 5,000 pages, shared by the scale e2e test and `npm run bench`
 * (tests/bench/scale.perf.ts). Page `u` is served at `${SCALE_ORIGIN}/p/${u}` and holds the
 * passages of its 20 annotations, so restoring on it is the real thing.
 */
import type { BrowserContext, Page } from 'playwright-core';
import { seed, seedRecord, uuidOf, type SeedRecord } from './hostile';

export const SCALE_ORIGIN = 'http://scale.test';
export const SCALE_PAGES = 5_000;
export const SCALE_ANNOTATIONS = 100_000;
export const PER_PAGE = SCALE_ANNOTATIONS / SCALE_PAGES;

const COLOURS = ['yellow', 'green', 'blue', 'pink', 'orange', 'purple'] as const;
const TOPICS = 'harbour council market island ferry budget school housing transport export'.split(' ');

export const scaleQuote = (k: number) => `Scale entry ${k} tango uniform`;
export const scaleUrl = (u: number) => `${SCALE_ORIGIN}/p/${u}`;

/** Record `k` is on page `k % SCALE_PAGES`. */
export function scaleRecord(k: number): SeedRecord {
  const u = k % SCALE_PAGES;
  return seedRecord(k, {
    id: uuidOf(k, 0x5ca1e),
    url: scaleUrl(u),
    title: `Scale page ${u} on ${TOPICS[u % TOPICS.length]}`,
    exact: scaleQuote(k),
    note: k % 3 === 0 ? '' : `Note ${k} about the ${TOPICS[k % TOPICS.length]} and more`,
    tags: [TOPICS[k % TOPICS.length]!, `batch${k % 50}`],
    color: COLOURS[k % COLOURS.length]!,
  });
}

/** Stores all 100,000 through the extension page `page`, 10,000 a call. */
export async function seedScale(page: Page): Promise<void> {
  for (let from = 0; from < SCALE_ANNOTATIONS; from += 10_000) {
    await seed(
      page,
      Array.from({ length: 10_000 }, (_, i) => scaleRecord(from + i)),
    );
  }
}

export function scalePageHtml(u: number): string {
  const lines = Array.from(
    { length: PER_PAGE },
    (_, j) => `<p>${scaleQuote(u + j * SCALE_PAGES)}, said the report.</p>`,
  );
  return `<!doctype html><html><head><title>Scale page ${u}</title></head><body><h1>Page ${u}</h1>${lines.join('\n')}</body></html>`;
}

/** Serves every scale page from the route (no server). */
export async function routeScale(context: BrowserContext): Promise<void> {
  await context.route(`${SCALE_ORIGIN}/**`, (route) => {
    const m = /\/p\/(\d+)$/.exec(new URL(route.request().url()).pathname);
    return m
      ? route.fulfill({ contentType: 'text/html', body: scalePageHtml(Number(m[1])) })
      : route.fulfill({ status: 404 });
  });
}
