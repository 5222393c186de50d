/**
 * Upgrades: a database written by the FIRST schema version (frozen in support/schema-v1.ts) with
 * 10,000 records opens under the current schema with every record intact, findable by search and
 * by every index the later versions added.
 */
import 'fake-indexeddb/auto';
import { beforeAll, describe, expect, it } from 'vitest';
import { createAnnotationsRepo } from '../../src/background/db/annotations-repo';
import { createPagesRepo } from '../../src/background/db/pages-repo';
import { openDatabase, SCHEMA_VERSIONS, type AnnotatorDb } from '../../src/background/db/schema';
import { createSearcher } from '../../src/background/search/searcher';
import type { Annotation } from '../../src/shared/annotation';
import { indexWords } from '../../src/shared/search-tokens';
import { V1_STORES, v1Pages, v1Records, writeV1Database } from './support/schema-v1';

const COUNT = 10_000;
const NAME = 'upgrade-from-v1';

let records: Annotation[];
let db: AnnotatorDb;

const byId = (a: { id: string }, b: { id: string }) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0);

beforeAll(async () => {
  records = v1Records(COUNT);
  await writeV1Database(NAME, records);
  db = await openDatabase(NAME);
}, 120_000);

describe('a v1 database with 10,000 records under the current schema', { timeout: 120_000 }, () => {
  it('the frozen v1 stores are the first entry of the schema history, unchanged', () => {
    expect(SCHEMA_VERSIONS[0]).toEqual({ version: 1, stores: V1_STORES });
    expect(db.verno).toBe(SCHEMA_VERSIONS[SCHEMA_VERSIONS.length - 1]!.version);
  });

  it('the search tokenizer still gives what v1 stored (else add a version that recomputes words)', () => {
    expect(
      indexWords(
        'Résumé of the STATE-owned Straße',
        'naïve 数字经济 x2',
        'ÆSIR',
        '',
        'https://a.example/p?q=1',
      ),
    ).toEqual([
      'resume',
      'of',
      'the',
      'state',
      'owned',
      'strasse',
      'naive',
      '数字经济',
      'x2',
      'æsir',
      'https',
      'a',
      'example',
      'p',
      'q',
      '1',
    ]);
  });

  it('every record reads back exactly as written, and every page record too', async () => {
    const repo = createAnnotationsRepo(db);
    // Version 4 counted them once: count() reads that count from then on.
    expect(await db.meta.get('annotations')).toEqual({ key: 'annotations', value: COUNT });
    expect(await repo.count()).toBe(COUNT);
    const all = await repo.all();
    expect([...all].sort(byId)).toEqual([...records].sort(byId));
    const pages = await db.pages.toArray();
    expect(pages.sort((a, b) => (a.url < b.url ? -1 : 1))).toEqual(
      v1Pages(records).sort((a, b) => (a.url < b.url ? -1 : 1)),
    );
    const listed = await createPagesRepo(db).list();
    expect(listed.reduce((n, p) => n + p.count, 0)).toBe(COUNT);
  });

  it('the indexes v1 had and the ones added later answer for the old records', async () => {
    const repo = createAnnotationsRepo(db);
    const sample = records[4_321]!;
    expect((await repo.listByUrl(sample.url)).map((a) => a.id)).toContain(sample.id);
    const blue = records
      .filter((r) => r.color === 'blue')
      .map((r) => r.id)
      .sort();
    expect((await repo.idsWithColor('blue')).sort()).toEqual(blue);
    expect(await repo.listOrphans()).toEqual([]);
    const onPoint = records
      .filter((r) => r.pointId === 'digital-soe-3')
      .map((r) => r.id)
      .sort();
    expect((await repo.idsWithPoint('digital-soe-3')).sort()).toEqual(onPoint);
    const tagged = records
      .filter((r) => r.tags.includes('ferry'))
      .map((r) => r.id)
      .sort();
    expect(((await db.annotations.where('tags').equals('ferry').primaryKeys()) as string[]).sort()).toEqual(
      tagged,
    );
  });

  it('the search tokens moved out of the records into searchWords, one row per record', async () => {
    const stored = await db.annotations.toArray();
    expect(stored.filter((row) => 'words' in row)).toEqual([]);
    expect(await db.searchWords.count()).toBe(COUNT);
    const sample = records[1_234]!;
    expect((await db.searchWords.get(sample.id))?.words).toEqual(
      indexWords(
        sample.target.selector[0].exact,
        sample.note,
        sample.tags.join(' '),
        sample.title,
        sample.url,
      ),
    );
  });

  it('search finds old records by quote words, note words, tags and phrases', async () => {
    const searcher = createSearcher(createAnnotationsRepo(db));
    const target = records[7_777]!;
    const hit = await searcher.search({ query: `"#7777"`, limit: 5 });
    expect(hit.groups.flatMap((g) => g.annotations).map((a) => a.id)).toEqual([target.id]);
    const noted = records.filter((r) => r.note.includes('façade')).length;
    expect((await searcher.search({ query: 'facade', limit: 1 })).total).toBeGreaterThanOrEqual(noted);
    expect((await searcher.search({ query: 'tag:Straße', limit: 1 })).total).toBe(
      records.filter((r) => r.tags.includes('Straße')).length,
    );
  });

  it('old records can be edited and deleted after the upgrade', async () => {
    const repo = createAnnotationsRepo(db);
    const target = records[10]!;
    const edited = await repo.update(target.id, (a) => ({ ...a, note: 'edited after upgrade' }));
    expect(edited?.note).toBe('edited after upgrade');
    expect(await repo.deleteMany([records[11]!.id])).toHaveLength(1);
    expect(await repo.count()).toBe(COUNT - 1);
  });
});
