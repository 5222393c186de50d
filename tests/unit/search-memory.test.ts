/**
 * The in-memory search index answers exactly as the IndexedDB path: same totals, same windows,
 * same order, before and after writes (create, edit, delete, restore, rename, import, clear).
 */
import 'fake-indexeddb/auto';
import { beforeAll, describe, expect, it, vi } from 'vitest';
import { search } from '../../src/background/search/search-db';
import { createSearcher, type Searcher } from '../../src/background/search/searcher';
import { createReadTurns } from '../../src/background/read-turns';
import type { AnnotationsRepo } from '../../src/background/db/annotations-repo';
import type { SearchRequest } from '../../src/shared/messaging/protocol';
import { freshBackbone, sample } from './support/backbone';
import { siteOf } from '../../src/shared/url';

const at = (n: number) => new Date(Date.UTC(2025, 0, 1, 0, n)).toISOString();
const WORDS = [
  'digital',
  'digitise',
  'platform',
  'tax',
  'économie',
  'state',
  'owned',
  'public',
  'data',
  'zebra',
];

const REQUESTS: SearchRequest[] = [
  { query: '' },
  { query: '', limit: 7, offset: 5 },
  { query: 'digital' },
  { query: 'digit', limit: 3, offset: 2 },
  { query: 'dig tax' },
  { query: 'economie' },
  { query: '"state owned"' },
  { query: '"owned state" data' },
  { query: 'tag:policy' },
  { query: 'tag:POLICY platform' },
  { query: 'site:example.org' },
  { query: 'site:news.example.org digital' },
  { query: 'color:blue' },
  { query: 'point:digital-soe-2' },
  { query: 'nothing-like-this' },
  { query: 'public', filters: { url: 'https://news.example.org/a#x', color: 'green' } },
];

async function seed(repo: AnnotationsRepo, n: number) {
  const colours = ['yellow', 'green', 'blue'] as const;
  const urls = ['https://news.example.org/a', 'https://www.example.org/b', 'https://other.net/c'];
  const records = Array.from({ length: n }, (_, i) =>
    sample({
      quote: [WORDS[i % 10], WORDS[(i * 3) % 10], WORDS[(i * 7 + 1) % 10]].join(' '),
      note: i % 4 === 0 ? `note ${WORDS[(i + 5) % 10]}` : '',
      tags: i % 5 === 0 ? ['Policy'] : i % 7 === 0 ? ['policy', 'eu'] : [],
      color: colours[i % 3],
      url: urls[i % 3],
      pointId: i % 9 === 0 ? `digital-soe-${(i % 5) + 1}` : undefined,
      // Some share a timestamp: ties must order the same way on both paths.
      modified: at(Math.floor(i / 2)),
      created: at(0),
    }),
  );
  for (const r of records) if (r.pointId === undefined) delete r.pointId;
  await repo.putMany(records);
  return records;
}

const ids = (r: Awaited<ReturnType<typeof search>>) => ({
  total: r.total,
  ids: r.groups.flatMap((g) => g.annotations.map((a) => a.id)),
  terms: r.terms,
});

describe('in-memory search', () => {
  let repo: AnnotationsRepo;
  let searcher: Searcher;
  let records: Awaited<ReturnType<typeof seed>>;

  beforeAll(async () => {
    const b = await freshBackbone();
    repo = b.annotations;
    records = await seed(repo, 120);
    searcher = createSearcher(repo);
    await searcher.ready();
  });

  const same = async (label: string) => {
    for (const request of REQUESTS) {
      const [fromDb, fromMemory] = await Promise.all([search(repo, request), searcher.search(request)]);
      expect(ids(fromMemory), `${label}: ${JSON.stringify(request)}`).toEqual(ids(fromDb));
    }
    // The filters' choices counted in memory, against the database's indexes.
    const counts = searcher.counts();
    expect(counts, label).not.toBeNull();
    expect(counts!.tags(), `${label}: tags`).toEqual(await repo.tagCounts());
    expect(counts!.pointIds(), `${label}: points`).toEqual(await repo.pointIds());
    const everything = await search(repo, { query: '', limit: 100_000 });
    const perUrl = new Map(everything.groups.map((g) => [g.url, g.annotations.length]));
    expect(counts!.urls(), `${label}: pages`).toEqual(perUrl);
    const sites = [...new Set([...perUrl.keys()].map(siteOf))].sort();
    expect(counts!.sites(), `${label}: sites`).toEqual(sites);
    // The id sample that splits an export's reads: every live id, or a part of them.
    const live = everything.groups.flatMap((g) => g.annotations.map((a) => a.id)).sort();
    expect(counts!.idsEvery(1).sort(), `${label}: ids`).toEqual(live);
    const sample = counts!.idsEvery(7);
    expect(sample.every((id) => live.includes(id))).toBe(true);
    // A step that is not a whole number (5,000 / 32) samples as its whole part would.
    expect(counts!.idsEvery(7.8), `${label}: every 7.8`).toEqual(sample);
  };

  it('answers as the database does', async () => {
    await same('fresh');
    const all = await searcher.search({ query: '', limit: 1000 });
    expect(all.total).toBe(120);
  });

  it('follows edits, deletes, restores and renames', async () => {
    await repo.update(records[3]!.id, (a) => ({ ...a, note: 'now about zebra', modified: at(500) }));
    await same('after an edit');
    const deleted = await repo.deleteMany(records.slice(10, 30).map((r) => r.id));
    await same('after a delete');
    await repo.putMany(deleted);
    await same('after a restore');
    await repo.renameTag('policy', 'Governance', at(600));
    await same('after a rename');
    await repo.create(sample({ quote: 'digital newcomer', modified: at(700), created: at(700) }));
    await same('after a create');
  });

  it('follows an import and a clear', async () => {
    await repo.importRecords(
      [sample({ quote: 'imported platform', modified: at(800), created: at(800) })].map((record) => ({
        record,
        timestamped: true,
      })),
    );
    await same('after an import');
    await repo.clear();
    expect((await searcher.search({ query: '' })).total).toBe(0);
    await same('after a clear');
  });

  it('writes made while the index builds are not lost', async () => {
    const b = await freshBackbone();
    await seed(b.annotations, 30);
    const s = createSearcher(b.annotations);
    expect(s.counts()).toBeNull();
    const building = s.ready();
    await b.annotations.create(sample({ quote: 'during the build', modified: at(900), created: at(900) }));
    await building;
    expect((await s.search({ query: 'during build' })).total).toBe(1);
    expect((await s.search({ query: '' })).total).toBe(31);
  });

  it('while the index builds, answers from IndexedDB or from the built index, whichever is first', async () => {
    const b = await freshBackbone();
    await seed(b.annotations, 30);
    const request: SearchRequest = { query: 'digit', limit: 5 };
    const expected = await search(b.annotations, request);
    // IndexedDB stalls (the build's reads queued ahead of it): the built index answers.
    const stalled = new Proxy(b.annotations, {
      get: (target, key) =>
        key === 'idsWithWordPrefix' ? () => new Promise(() => {}) : Reflect.get(target, key),
    });
    // The stalled search holds the build for its turn only.
    const s = createSearcher(stalled, { turns: createReadTurns(20) });
    const building = s.ready();
    expect(s.counts()).toBeNull();
    const answered = s.search(request);
    await building;
    expect(await answered).toEqual(expected);
    // The build stalls: IndexedDB answers.
    let release!: () => void;
    const gate = new Promise<void>((r) => (release = r));
    const slowBuild = new Proxy(b.annotations, {
      get: (target, key) =>
        key === 'scan'
          ? async function* (step: number) {
              await gate;
              yield* target.scan(step);
            }
          : Reflect.get(target, key),
    });
    const t = createSearcher(slowBuild);
    void t.ready();
    expect(await t.search(request)).toEqual(expected);
    expect(t.counts()).toBeNull();
    release();
  });

  it('while the index builds, a search from IndexedDB goes first: the build takes no step until it is answered', async () => {
    const b = await freshBackbone();
    await seed(b.annotations, 30);
    const request: SearchRequest = { query: 'digit', limit: 5 };
    const expected = await search(b.annotations, request);
    let read = 0;
    let release!: () => void;
    const gate = new Promise<void>((r) => (release = r));
    const watched = new Proxy(b.annotations, {
      get: (target, key) =>
        key === 'scan'
          ? async function* () {
              for await (const rows of target.scan(5)) {
                read += rows.length;
                yield rows;
              }
            }
          : key === 'read'
            ? async <T>(work: () => Promise<T>): Promise<T> => {
                // Held before its transaction opens: one left waiting would commit under it.
                await gate;
                return target.read(work);
              }
            : Reflect.get(target, key),
    });
    const s = createSearcher(watched, { turns: createReadTurns(60_000) });
    const building = s.ready();
    const answered = s.search(request);
    let answer: unknown = null;
    void answered.then((a) => (answer = a));
    await vi.waitFor(() => expect(read).toBe(5));
    // Time for the build to go on if it would (six steps of five rows): it must not.
    await new Promise((r) => setTimeout(r, 100));
    expect(read).toBe(5);
    expect(s.counts()).toBeNull();
    expect(answer).toBeNull();
    release();
    expect(await answered).toEqual(expected);
    await building;
    expect(read).toBe(30);
    expect(s.counts()).not.toBeNull();
  });

  it('a phrase most records carry stops being checked once its window is full, and says so', async () => {
    const b = await freshBackbone();
    // Every record has both words; only every third has them in this order.
    for (let i = 0; i < 30; i++) {
      const quote = i % 3 === 0 ? `tango uniform ${i}` : `uniform ${i} tango`;
      await b.annotations.create(sample({ quote, modified: at(1000 + i), created: at(1000 + i) }));
    }
    const hasty = createSearcher(b.annotations, { checkStep: 4, phraseBudgetMs: -1 });
    await hasty.ready();
    const first = await hasty.search({ query: '"tango uniform"', limit: 3 });
    expect(first.atLeast).toBe(true);
    expect(first.total).toBeGreaterThanOrEqual(3);
    expect(first.total).toBeLessThan(10);
    const quotes = first.groups.flatMap((g) => g.annotations.map((a) => a.target.selector[0].exact));
    // The newest three matches, as a full check gives them.
    expect(quotes).toEqual(['tango uniform 27', 'tango uniform 24', 'tango uniform 21']);
    // Asked for more than there are, or for everything (an export), every candidate is checked.
    const all = await hasty.search({ query: '"tango uniform"', limit: 100 });
    expect(all.total).toBe(10);
    expect(all.atLeast).toBeUndefined();
    expect(await hasty.searchAll({ query: '"tango uniform"' })).toHaveLength(10);
    // The IndexedDB path (a worker whose index is not built yet) walks newest first the same way.
    const tight = { loadAllBelow: 5, walkStep: 4, budgetMs: -1 };
    const early = await search(b.annotations, { query: '"tango uniform"', limit: 3 }, tight);
    expect(early.atLeast).toBe(true);
    expect(early.groups.flatMap((g) => g.annotations.map((a) => a.target.selector[0].exact))).toEqual(quotes);
    const walked = await search(
      b.annotations,
      { query: '"tango uniform"', limit: 9 },
      { ...tight, budgetMs: 1e9 },
    );
    expect([walked.total, walked.atLeast, walked.groups.flatMap((g) => g.annotations).length]).toEqual([
      10,
      undefined,
      9,
    ]);
    const whole = await search(b.annotations, { query: '"tango uniform"', limit: 100 }, tight);
    expect([whole.total, whole.atLeast]).toEqual([10, undefined]);
    // With the default budget, a small collection is always checked in full.
    const patient = createSearcher(b.annotations);
    await patient.ready();
    const full = await patient.search({ query: '"tango uniform"', limit: 3 });
    expect(full.total).toBe(10);
    expect(full.atLeast).toBeUndefined();
  });
});
