/**
 * Upgrades in Chromium's own IndexedDB: a database written by the FIRST schema version (frozen in
 * tests/unit/support/schema-v1.ts) with 10,000 records, put in the extension's origin while its
 * worker is stopped, opens under the current schema when the worker wakes, with every record
 * intact. The unit test `upgrade` checks the same over fake-indexeddb; this one runs the upgrade
 * where readers' databases live.
 */
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DB_NAME, SCHEMA_VERSIONS, searchWordsOf } from '../../src/background/db/schema';
import type { Annotation } from '../../src/shared/annotation';
import { toV1Row, V1_STORES, v1Pages, v1Records } from '../unit/support/schema-v1';
import { stopServiceWorker } from './support/annotate';
import { loadDexieInto, openExtensionPage, rpcFrom } from './support/extension-page';
import { launchExtension, type LaunchedExtension } from './support/launch';

const COUNT = 10_000;
/** Dexie opens version n of a schema as IndexedDB version n × 10. */
const idbVersion = (dexieVersion: number) => dexieVersion * 10;
const CURRENT = SCHEMA_VERSIONS[SCHEMA_VERSIONS.length - 1]!.version;

let ext: LaunchedExtension;
let page: Page;
const records = v1Records(COUNT, 7);
const byId = (a: { id: string }, b: { id: string }) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0);

/** The version of our database in the extension's origin, or null if there is none. */
const storedVersion = (p: Page) =>
  p.evaluate(
    async (name) => (await indexedDB.databases()).find((d) => d.name === name)?.version ?? null,
    DB_NAME,
  );

beforeAll(async () => {
  ext = await launchExtension();
  // An extension page that does not call the worker: the database is replaced under it.
  page = await openExtensionPage(ext, 'manifest.json');
  // The worker has opened the database at its start; stopped, it holds no connection.
  await stopServiceWorker(ext.context, page, ext.extensionId);
  // Dexie for the v1 writer.
  await loadDexieInto(page);
  await page.evaluate(
    async ({ name, stores, rows, pages }) => {
      type Table = { bulkAdd(rows: unknown[]): Promise<unknown> };
      const Dexie = (
        globalThis as unknown as {
          Dexie: {
            new (n: string): {
              version(v: number): { stores(s: Record<string, string>): void };
              open(): Promise<unknown>;
              table(t: string): Table;
              close(): void;
            };
            delete(n: string): Promise<void>;
          };
        }
      ).Dexie;
      await Dexie.delete(name);
      const db = new Dexie(name);
      db.version(1).stores(stores);
      await db.open();
      await db.table('annotations').bulkAdd(rows);
      await db.table('pages').bulkAdd(pages);
      db.close();
    },
    { name: DB_NAME, stores: { ...V1_STORES }, rows: records.map(toV1Row), pages: v1Pages(records) },
  );
}, 120_000);

afterAll(async () => ext?.close());

describe(
  'a v1 database with 10,000 records, upgraded by the extension in Chromium',
  { timeout: 120_000 },
  () => {
    it('is the v1 database before the worker wakes, and the current version once it has', async () => {
      expect(await storedVersion(page)).toBe(idbVersion(1));
      const review = await openExtensionPage(ext, 'src/review/index.html');
      // Any call wakes the worker, which opens (and so upgrades) the database first.
      expect(await rpcFrom(review, 'listSites', {})).toMatchObject({ ok: true });
      await expect.poll(() => storedVersion(page)).toBe(idbVersion(CURRENT));
      await review.close();
    });

    it('every record reads back exactly as written, and every page with its count', async () => {
      const all = await rpcFrom<{ total: number; groups: { annotations: Annotation[] }[] }>(page, 'search', {
        query: '',
        limit: COUNT,
      });
      expect(all.ok).toBe(true);
      if (!all.ok) return;
      expect(all.value.total).toBe(COUNT);
      const read = all.value.groups.flatMap((g) => g.annotations);
      expect(read.sort(byId)).toEqual([...records].sort(byId));
      const pages = await rpcFrom<{ url: string; title: string; count: number }[]>(page, 'listPages', {});
      expect(pages.ok).toBe(true);
      if (!pages.ok) return;
      const expected = new Map(v1Pages(records).map((p) => [p.url, p]));
      expect(pages.value).toHaveLength(expected.size);
      expect(pages.value.reduce((n, p) => n + p.count, 0)).toBe(COUNT);
      for (const p of pages.value) expect(p).toMatchObject(expected.get(p.url)!);
    });

    it('the search tokens moved out of the records into searchWords, one row per record', async () => {
      // Read as stored, beside the worker's connection: the worker's searches fall back to tokens of
      // its own where a row is missing, so only the store itself shows that the upgrade wrote them.
      const sample = records[1_234]!;
      const stored = await page.evaluate(
        ({ name, id }) =>
          new Promise<{ withWords: number; rows: number; sample: unknown }>((resolve, reject) => {
            const open = indexedDB.open(name);
            open.onerror = () => reject(open.error);
            open.onsuccess = () => {
              const db = open.result;
              const tx = db.transaction(['annotations', 'searchWords'], 'readonly');
              const all = tx.objectStore('annotations').getAll();
              const rows = tx.objectStore('searchWords').count();
              const one = tx.objectStore('searchWords').get(id);
              tx.oncomplete = () => {
                db.close();
                resolve({
                  withWords: (all.result as object[]).filter((r) => 'words' in r).length,
                  rows: rows.result,
                  sample: one.result,
                });
              };
              tx.onerror = () => reject(tx.error);
            };
          }),
        { name: DB_NAME, id: sample.id },
      );
      expect(stored).toEqual({
        withWords: 0,
        rows: COUNT,
        sample: { id: sample.id, words: searchWordsOf(sample) },
      });
    });

    it('search finds old records by phrase, by note word and by tag', async () => {
      const target = records[7_777]!;
      const search = (query: string, limit = 5) =>
        rpcFrom<{ total: number; groups: { annotations: Annotation[] }[] }>(page, 'search', { query, limit });
      const hit = await search('"#7777"');
      expect(hit.ok && hit.value.groups.flatMap((g) => g.annotations).map((a) => a.id)).toEqual([target.id]);
      const noted = records.filter((r) => r.note.includes('façade')).length;
      const byNote = await search('facade', 1);
      expect(byNote.ok && byNote.value.total).toBeGreaterThanOrEqual(noted);
      const byTag = await search('tag:Straße', 1);
      expect(byTag.ok && byTag.value.total).toBe(records.filter((r) => r.tags.includes('Straße')).length);
    });

    it('an old record can be edited after the upgrade', async () => {
      const target = records[10]!;
      const edited = await rpcFrom<Annotation>(page, 'updateAnnotation', {
        id: target.id,
        patch: { note: 'edited after the upgrade' },
      });
      expect(edited).toMatchObject({ ok: true, value: { id: target.id, note: 'edited after the upgrade' } });
      expect(await rpcFrom(page, 'getAnnotation', { id: target.id })).toMatchObject({
        ok: true,
        value: { note: 'edited after the upgrade', target: target.target },
      });
    });
  },
);
