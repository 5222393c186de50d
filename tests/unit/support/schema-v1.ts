/**
 * The FIRST schema version of the database, frozen: the store definitions of schema v1 as shipped
 * in commit 82f611c, and a deterministic writer of a v1 database. Used only by tests, to check that
 * a database written by v1 opens under the current schema with every record intact. Never edit the
 * store definitions here: they are what real users' v1 databases hold.
 *
 * v1 rows are the record plus `words`, the search tokens of shared/search-tokens.ts `indexWords`
 * (quote, note, tags, title, url). The tokenizer has not changed since v1; upgrade.test.ts pins
 * its output so that a change to it fails there first (and then needs a version that recomputes
 * `words`, and a frozen copy of the old tokenizer here).
 */
import Dexie from 'dexie';
import { HIGHLIGHT_COLOURS, type Annotation, type PageRecord } from '../../../src/shared/annotation';
import { indexWords } from '../../../src/shared/search-tokens';
import { prng } from '../../bench/random';

export const V1_STORES = {
  annotations: 'id, url, *tags, pointId, modified, *words',
  pages: 'url, lastSeen',
} as const;

export type V1Row = Annotation & { words: string[] };

const WORDS = (
  'state owned enterprise digital transformation platform economy data governance innovation ' +
  'ferry council harbour timetable résumé naïve Straße façade 数字 经济 平台 ÆSIR œuvre'
).split(' ');
const POINTS = ['digital-soe-1', 'digital-soe-3', 'platform-economy-2', 'platform-economy-6'];

function hex(rand: () => number, n: number): string {
  let s = '';
  for (let i = 0; i < n; i++) s += Math.floor(rand() * 16).toString(16);
  return s;
}

/**
 * `count` v1 records over `count / 2` pages, with everything v1 allowed: Unicode, Markdown notes,
 * up to five tags, point ids on some, empty notes, long quotes, zero-length contexts.
 */
export function v1Records(count: number, seed = 1): Annotation[] {
  const rand = prng(seed);
  const pick = <T>(xs: readonly T[]): T => xs[Math.floor(rand() * xs.length)]!;
  const phrase = (n: number) => Array.from({ length: n }, () => pick(WORDS)).join(' ');
  const base = Date.parse('2024-06-01T00:00:00.000Z');
  const pages = Math.max(1, Math.floor(count / 2));
  return Array.from({ length: count }, (_, i) => {
    const exact = `${phrase(2 + Math.floor(rand() * (i % 97 === 0 ? 400 : 12)))} #${i}`;
    const start = Math.floor(rand() * 50_000);
    const created = new Date(base + i * 61_000).toISOString();
    const modified = rand() < 0.3 ? new Date(base + i * 61_000 + 3_600_000).toISOString() : created;
    const record: Annotation = {
      id: `${hex(rand, 8)}-${hex(rand, 4)}-4${hex(rand, 3)}-a${hex(rand, 3)}-${hex(rand, 12)}`,
      url: `https://site${i % 37}.example/news/${Math.floor(rand() * pages)}?p=${i % 3}`,
      title: i % 11 === 0 ? '' : `Story: ${phrase(4)}`,
      target: {
        selector: [
          {
            type: 'TextQuoteSelector',
            exact,
            prefix: i % 5 === 0 ? '' : phrase(3),
            suffix: i % 7 === 0 ? '' : phrase(3),
          },
          { type: 'TextPositionSelector', start, end: start + exact.length },
        ],
      },
      color: pick(HIGHLIGHT_COLOURS),
      note: i % 3 === 0 ? '' : `**${phrase(3)}** — see _${phrase(2)}_\n\n- ${phrase(5)}`,
      tags: Array.from(new Set(Array.from({ length: i % 6 }, () => pick(WORDS)))),
      created,
      modified,
    };
    if (i % 4 === 0) record.pointId = pick(POINTS);
    return record;
  });
}

/** The page records v1 kept beside its annotations: title and first/last seen of each URL. */
export function v1Pages(records: readonly Annotation[]): PageRecord[] {
  const pages = new Map<string, PageRecord>();
  for (const r of records) {
    const p = pages.get(r.url);
    if (!p) pages.set(r.url, { url: r.url, title: r.title, firstSeen: r.created, lastSeen: r.modified });
    else {
      if (r.created < p.firstSeen) p.firstSeen = r.created;
      if (r.modified > p.lastSeen) p.lastSeen = r.modified;
    }
  }
  return [...pages.values()];
}

export const toV1Row = (a: Annotation): V1Row => ({
  ...a,
  words: indexWords(a.target.selector[0].exact, a.note, a.tags.join(' '), a.title, a.url),
});

/** Writes a v1 database named `name` holding `records`, and closes it. */
export async function writeV1Database(name: string, records: readonly Annotation[]): Promise<void> {
  const db = new Dexie(name);
  db.version(1).stores(V1_STORES);
  await db.open();
  await db.transaction('rw', db.table('annotations'), db.table('pages'), async () => {
    await db.table('annotations').bulkAdd(records.map(toV1Row));
    await db.table('pages').bulkAdd(v1Pages(records));
  });
  db.close();
}
