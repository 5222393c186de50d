import 'fake-indexeddb/auto';
import { describe, expect, it, vi } from 'vitest';
import { DB_NAME, SCHEMA_VERSIONS } from '../../src/background/db/schema';
import type { BatchOptions } from '../../src/background/db/annotations-repo';
import { freshBackbone, sample } from './support/backbone';

describe('schema', () => {
  it('starts at version 1 with the indexes search needs', () => {
    expect(DB_NAME).toBe('forum-annotator');
    expect(SCHEMA_VERSIONS[0]).toMatchObject({
      version: 1,
      stores: { annotations: 'id, url, *tags, pointId, modified, *words', pages: 'url, lastSeen' },
    });
  });

  it('opens with every table and index', async () => {
    const { db } = await freshBackbone();
    expect(db.verno).toBe(SCHEMA_VERSIONS.at(-1)?.version);
    expect(db.annotations.schema.indexes.map((i) => i.name).sort()).toEqual([
      'color',
      'modified',
      'orphan',
      'pointId',
      'tags',
      'url',
    ]);
    expect(db.searchWords.schema.indexes.map((i) => i.name)).toEqual(['words']);
    expect(db.searchWords.schema.indexes[0]?.multi).toBe(true);
  });
});

describe('annotations repository', () => {
  it('round-trips a record exactly (search tokens stay inside the database)', async () => {
    const { annotations } = await freshBackbone();
    const records = [
      sample(),
      sample({ note: 'A *note*', tags: ['x', 'y'], pointId: 'digital-soe-1', color: 'purple' }),
    ];
    for (const r of records) await annotations.create(r);
    for (const r of records) expect(await annotations.get(r.id)).toEqual(r);
    expect(await annotations.getMany(records.map((r) => r.id))).toEqual(records);
    expect(Object.keys((await annotations.get(records[0]!.id))!)).not.toContain('words');
  });

  it('reads every record once in batches of any size, whatever its id', async () => {
    const { annotations } = await freshBackbone();
    // Ids at the edges of the key ranges, and ids that are not hex at all.
    const ids = ['0', '0fff', '1', '1000', '9zz', 'a', 'efff', 'f', 'ffff', 'F', 'z', '~', '\u{10000}'];
    const records = ids.map((id) => sample({ id }));
    await annotations.putMany(records);
    const read = async (options: BatchOptions) => {
      const seen: string[] = [];
      let batches = 0;
      await annotations.forEachBatch((batch) => {
        batches++;
        seen.push(...batch.map((a) => a.id));
      }, options);
      expect(seen.sort()).toEqual([...ids].sort());
      return batches;
    };
    // Batches that divide the records evenly, that do not, and one batch for all.
    for (const size of [1, 4, 13, 5_000])
      expect(await read({ size })).toBe(Math.ceil(ids.length / size) + (ids.length % size === 0 ? 1 : 0));
    // Key ranges read several at once: split points that are ids, that fall between them, that
    // leave a range empty, and more ranges than are read at once.
    const splitSets = [
      ['a'],
      ['1', '9zz', 'f'],
      ['0', '00', 'zz'],
      ['1', '2', '3', '4', '5', '6', 'a', 'z', '~'],
    ];
    for (const splits of splitSets) expect(await read({ splits })).toBe(splits.length + 1);
    expect(await annotations.getMany(ids)).toEqual(records);
  });

  it('indexes folded words of quote, note, tags, title and URL', async () => {
    const { db, annotations } = await freshBackbone();
    const r = sample({
      quote: 'Économie numérique',
      note: 'Straße',
      tags: ['Tag-One'],
      title: 'Forum',
      url: 'https://news.example.org/x',
    });
    await annotations.create(r);
    expect(Object.keys((await db.annotations.get(r.id))!)).not.toContain('words');
    const row = await db.searchWords.get(r.id);
    expect(row?.words).toEqual(
      expect.arrayContaining([
        'economie',
        'numerique',
        'strasse',
        'tag',
        'one',
        'forum',
        'news',
        'example',
        'org',
      ]),
    );
  });

  it('keeps its count of annotations right through every kind of write', async () => {
    const { db, annotations } = await freshBackbone();
    // A new database starts with its count: count() never has to walk the records.
    expect(await db.meta.get('annotations')).toEqual({ key: 'annotations', value: 0 });
    const check = async (step: string) => {
      const kept = (await db.meta.get('annotations'))?.value;
      expect(kept, step).toBe(await db.annotations.count());
      expect(await annotations.count(), step).toBe(kept);
    };
    const rs = Array.from({ length: 12 }, (_, i) => sample({ url: `https://example.org/${i % 3}` }));
    for (const r of rs.slice(0, 4)) await annotations.create(r);
    await check('creates');
    await expect(annotations.create(rs[0]!)).rejects.toThrow();
    await check('a refused create');
    await annotations.update(rs[1]!.id, (a) => ({ ...a, note: 'edited' }));
    await check('an update');
    // Undo puts back records, some of them still there, one twice.
    await annotations.putMany([rs[2]!, rs[4]!, rs[5]!, rs[5]!]);
    await check('a put of new, stored and repeated records');
    await annotations.deleteMany([rs[0]!.id, rs[4]!.id, 'no-such-id', rs[0]!.id]);
    await check('a delete of stored, missing and repeated ids');
    await annotations.importRecords(
      [rs[1]!, rs[6]!, rs[7]!, { ...rs[2]!, modified: '2030-01-01T00:00:00.000Z' }].map((record) => ({
        record,
        timestamped: true,
      })),
    );
    await check('an import of new, newer and unchanged records');
    await annotations.renameTag('x', 'y', '2030-01-02T00:00:00.000Z');
    await annotations.markOrphans('https://example.org/0', [rs[6]!.id], []);
    await check('a rename and orphans marked');
    await annotations.clear();
    await check('a clear');
    await annotations.putMany(rs.slice(8));
    await check('a put after the clear');
  });

  it('refuses a second create with the same id, writing nothing', async () => {
    const { annotations } = await freshBackbone();
    const r = sample();
    await annotations.create(r);
    await expect(annotations.create({ ...r, note: 'other' })).rejects.toThrow();
    expect((await annotations.get(r.id))?.note).toBe('');
  });

  it('keeps a page record while the page has annotations', async () => {
    const { annotations, pages } = await freshBackbone();
    const a = sample({
      url: 'https://a.example/',
      title: 'A',
      modified: '2025-01-02T00:00:00.000Z',
      created: '2025-01-02T00:00:00.000Z',
    });
    const b = sample({
      url: 'https://a.example/',
      title: 'A (updated)',
      modified: '2025-01-05T00:00:00.000Z',
      created: '2025-01-05T00:00:00.000Z',
    });
    await annotations.create(a);
    await annotations.create(b);
    expect(await pages.get('https://a.example/')).toEqual({
      url: 'https://a.example/',
      title: 'A (updated)',
      firstSeen: a.created,
      lastSeen: b.created,
    });
    expect((await pages.list()).map((p) => p.count)).toEqual([2]);
    await annotations.deleteMany([a.id]);
    expect(await pages.get('https://a.example/')).toBeDefined();
    await annotations.deleteMany([b.id]);
    expect(await pages.get('https://a.example/')).toBeUndefined();
  });

  it('touching a page without annotations creates no record', async () => {
    const { pages } = await freshBackbone();
    await pages.touch('https://never.example/', 'Never', '2025-01-01T00:00:00.000Z');
    expect(await pages.list()).toEqual([]);
  });

  it('an update that throws changes nothing', async () => {
    const { annotations } = await freshBackbone();
    const r = sample({ note: 'before' });
    await annotations.create(r);
    await expect(
      annotations.update(r.id, () => {
        throw new Error('no');
      }),
    ).rejects.toThrow('no');
    expect(await annotations.get(r.id)).toEqual(r);
    expect(await annotations.update(crypto.randomUUID(), (x) => x)).toBeUndefined();
  });

  it('lists a page newest first', async () => {
    const { annotations } = await freshBackbone();
    const older = sample();
    const newer = sample();
    await annotations.create(newer);
    await annotations.create(older);
    expect((await annotations.listByUrl(older.url)).map((a) => a.id)).toEqual([newer.id, older.id]);
  });

  describe('page copies (a page with many annotations read in one row)', () => {
    const URL = 'https://example.com/busy';
    /** A page of 60 annotations (enough to get a copy), its copy made by a first read. */
    async function busyPage() {
      const backbone = await freshBackbone();
      const records = Array.from({ length: 60 }, (_, i) => sample({ url: URL, tags: i % 2 ? ['x'] : [] }));
      await backbone.annotations.putMany(records);
      const first = await backbone.annotations.listByUrl(URL);
      await vi.waitFor(async () => expect(await backbone.db.pageCopies.get(URL)).toBeDefined());
      return { ...backbone, records, first };
    }

    it('answers from the copy what the index answers', async () => {
      const { annotations, db, first } = await busyPage();
      // The copy is what is read now: a row changed under it shows (nothing else writes it).
      const copy = (await db.pageCopies.get(URL))!;
      expect(copy.records).toEqual(first);
      await db.pageCopies.put({ ...copy, records: copy.records.slice(1) });
      expect(await annotations.listByUrl(URL)).toEqual(first.slice(1));
    });

    it('makes no copy of a page with few annotations', async () => {
      const { annotations, db } = await freshBackbone();
      const few = sample({ url: URL });
      await annotations.create(few);
      expect(await annotations.listByUrl(URL)).toEqual([few]);
      expect(await db.pageCopies.count()).toBe(0);
    });

    it.each([
      [
        'a create',
        async (b: Awaited<ReturnType<typeof busyPage>>) => b.annotations.create(sample({ url: URL })),
      ],
      [
        'an update',
        async (b: Awaited<ReturnType<typeof busyPage>>) =>
          b.annotations.update(b.records[0]!.id, (a) => ({ ...a, note: 'changed' })),
      ],
      [
        'a delete',
        async (b: Awaited<ReturnType<typeof busyPage>>) => b.annotations.deleteMany([b.records[1]!.id]),
      ],
      [
        'a tag renamed',
        async (b: Awaited<ReturnType<typeof busyPage>>) =>
          b.annotations.renameTag('x', 'y', '2026-01-01T00:00:00.000Z'),
      ],
      [
        'an import',
        async (b: Awaited<ReturnType<typeof busyPage>>) =>
          b.annotations.importRecords([
            {
              record: { ...b.records[2]!, note: 'imported', modified: '2030-01-01T00:00:00.000Z' },
              timestamped: true,
            },
          ]),
      ],
      [
        'a write on another page',
        async (b: Awaited<ReturnType<typeof busyPage>>) =>
          b.annotations.create(sample({ url: 'https://example.com/other' })),
      ],
    ])('after %s, answers what the index answers', async (_name, write) => {
      const b = await busyPage();
      await write(b);
      const rows = await b.db.annotations.where('url').equals(URL).toArray();
      const expected = rows
        .sort((x, y) => (x.modified < y.modified ? 1 : -1))
        .map(({ orphan: _o, ...r }) => r);
      expect(await b.annotations.listByUrl(URL)).toEqual(expected);
    });

    it('ignores a copy stored under an older figure (a read that began before a write)', async () => {
      const { annotations, db, first, records } = await busyPage();
      const stale = (await db.pageCopies.get(URL))!;
      await annotations.deleteMany([records[0]!.id]);
      // As if the read before the delete stored its copy only now.
      await db.pageCopies.put(stale);
      const now = await annotations.listByUrl(URL);
      expect(now).toHaveLength(first.length - 1);
      expect(now.map((a) => a.id)).not.toContain(records[0]!.id);
    });

    it('keeps copies through orphan marks, which pages are not answered with', async () => {
      const { annotations, db, records, first } = await busyPage();
      await annotations.markOrphans(URL, [records[0]!.id], []);
      expect(await db.pageCopies.get(URL)).toBeDefined();
      expect(await annotations.listByUrl(URL)).toEqual(first);
    });
  });

  it.each([
    [
      'new record',
      null,
      '2025-01-02T00:00:00.000Z',
      true,
      { added: 1, updated: 0, unchanged: 0 },
      'incoming',
    ],
    [
      'newer wins',
      '2025-01-01T00:00:00.000Z',
      '2025-01-02T00:00:00.000Z',
      true,
      { added: 0, updated: 1, unchanged: 0 },
      'incoming',
    ],
    [
      'older loses',
      '2025-01-03T00:00:00.000Z',
      '2025-01-02T00:00:00.000Z',
      true,
      { added: 0, updated: 0, unchanged: 1 },
      'stored',
    ],
    [
      'same time keeps the stored',
      '2025-01-02T00:00:00.000Z',
      '2025-01-02T00:00:00.000Z',
      true,
      { added: 0, updated: 0, unchanged: 1 },
      'stored',
    ],
    [
      'untimestamped never overwrites',
      '2025-01-01T00:00:00.000Z',
      '2025-01-09T00:00:00.000Z',
      false,
      { added: 0, updated: 0, unchanged: 1 },
      'stored',
    ],
  ])('import: %s', async (_name, storedAt, incomingAt, timestamped, counts, winner) => {
    const { annotations } = await freshBackbone();
    const id = crypto.randomUUID();
    if (storedAt)
      await annotations.create(sample({ id, note: 'stored', created: storedAt, modified: storedAt }));
    const incoming = sample({ id, note: 'incoming', created: incomingAt, modified: incomingAt });
    expect(await annotations.importRecords([{ record: incoming, timestamped }])).toEqual(counts);
    expect((await annotations.get(id))?.note).toBe(winner);
  });
});
