/**
 * Pages that have annotations: title and first/last seen. A page record lives only while the page
 * has annotations, so the database is not a browsing history. The helpers taking `db` join the
 * caller's transaction when called inside one.
 */
import type { PageRecord } from '../../shared/annotation';
import type { AnnotatorDb } from './schema';

/** Creates or refreshes the page; `seen` moves lastSeen forward and firstSeen back, never the reverse. */
export async function upsertPage(db: AnnotatorDb, url: string, title: string, seen: string): Promise<void> {
  const page = await db.pages.get(url);
  if (!page) {
    await db.pages.put({ url, title, firstSeen: seen, lastSeen: seen });
    return;
  }
  const next: PageRecord = {
    ...page,
    title: title || page.title,
    firstSeen: seen < page.firstSeen ? seen : page.firstSeen,
    lastSeen: seen > page.lastSeen ? seen : page.lastSeen,
  };
  if (next.title !== page.title || next.firstSeen !== page.firstSeen || next.lastSeen !== page.lastSeen) {
    await db.pages.put(next);
  }
}

/**
 * upsertPage for many records at once (imports, restores): one read and one write of the pages
 * they touch, instead of a round trip per record.
 */
export async function upsertPages(
  db: AnnotatorDb,
  records: readonly { url: string; title: string; modified: string }[],
): Promise<void> {
  const seen = new Map<string, { title: string; first: string; last: string }>();
  for (const r of records) {
    const s = seen.get(r.url);
    if (!s) seen.set(r.url, { title: r.title, first: r.modified, last: r.modified });
    else {
      if (r.modified < s.first) s.first = r.modified;
      if (r.modified >= s.last) {
        s.last = r.modified;
        if (r.title) s.title = r.title;
      }
    }
  }
  const urls = [...seen.keys()];
  const stored = await db.pages.bulkGet(urls);
  const writes: PageRecord[] = [];
  urls.forEach((url, i) => {
    const s = seen.get(url)!;
    const page = stored[i];
    const next: PageRecord = page
      ? {
          ...page,
          title: s.title || page.title,
          firstSeen: s.first < page.firstSeen ? s.first : page.firstSeen,
          lastSeen: s.last > page.lastSeen ? s.last : page.lastSeen,
        }
      : { url, title: s.title, firstSeen: s.first, lastSeen: s.last };
    if (
      !page ||
      next.title !== page.title ||
      next.firstSeen !== page.firstSeen ||
      next.lastSeen !== page.lastSeen
    )
      writes.push(next);
  });
  await db.pages.bulkPut(writes);
}

/** Drops the records of pages among `urls` that no longer have an annotation. */
export async function dropEmptyPages(db: AnnotatorDb, urls: Iterable<string>): Promise<void> {
  for (const url of new Set(urls)) {
    if ((await db.annotations.where('url').equals(url).count()) === 0) await db.pages.delete(url);
  }
}

/**
 * Most recently seen first. Sorted here: a reverse walk of the `lastSeen` index is a cursor, one
 * round trip per record (300 ms for 5,000 pages), where one bulk read takes a few.
 */
function recentFirst(pages: PageRecord[]): PageRecord[] {
  // Ties by URL, descending, as the reverse index walk gave them.
  return pages.sort((a, b) =>
    a.lastSeen !== b.lastSeen
      ? a.lastSeen < b.lastSeen
        ? 1
        : -1
      : a.url < b.url
        ? 1
        : a.url > b.url
          ? -1
          : 0,
  );
}

export function createPagesRepo(db: AnnotatorDb) {
  return {
    get: (url: string) => db.pages.get(url),

    /** Marks an existing page as seen now (a page without annotations gets no record). */
    async touch(url: string, title: string | undefined, now: string): Promise<void> {
      await db.transaction('rw', db.pages, async () => {
        const page = await db.pages.get(url);
        if (page) await upsertPage(db, url, title ?? page.title, now);
      });
    },

    /**
     * Every page with its annotation count, most recently seen first. `known` gives the counts
     * when the caller has them (the search index), sparing a walk of every annotation's URL.
     */
    async list(known?: ReadonlyMap<string, number>): Promise<(PageRecord & { count: number })[]> {
      return db.transaction('r', db.pages, db.annotations, async () => {
        let counts = known;
        if (!counts) {
          const counted = new Map<string, number>();
          for (const url of (await db.annotations.orderBy('url').keys()) as string[]) {
            counted.set(url, (counted.get(url) ?? 0) + 1);
          }
          counts = counted;
        }
        const pages = recentFirst(await db.pages.toArray());
        return pages.map((page) => ({ ...page, count: counts.get(page.url) ?? 0 }));
      });
    },
  };
}
export type PagesRepo = ReturnType<typeof createPagesRepo>;
