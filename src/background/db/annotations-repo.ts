/**
 * Annotations: every write is one transaction (with its page record), search tokens are computed
 * here on every write, and the index lookups the search module needs are exposed without Dexie types.
 */
import { newestFirst, type Annotation } from '../../shared/annotation';
import { cleanTags } from '../../shared/schemas';
import { dropEmptyPages, upsertPage, upsertPages } from './pages-repo';
import { searchWordsOf, type AnnotatorDb, type StoredAnnotation, type WordsRow } from './schema';

export function toStored(annotation: Annotation): StoredAnnotation {
  return { ...annotation };
}

/** The record of a stored row. Takes the row over: rows are fresh objects from each read. */
export function fromStored(row: StoredAnnotation): Annotation {
  // Deleted in place rather than copied: an export turns 100,000 rows into records at once.
  delete row.orphan;
  if (row.pointId === undefined) delete row.pointId;
  return row;
}

function indexedRow(row: StoredAnnotation, words: readonly string[]): IndexedRow {
  const { id, modified, tags, url, color, pointId } = row;
  return pointId === undefined
    ? { id, modified, tags, url, color, words }
    : { id, modified, tags, url, color, pointId, words };
}

const time = (iso: string) => Date.parse(iso);

export interface ImportCandidate {
  record: Annotation;
  /** False when the source had no `modified`: such a record never overwrites a stored one. */
  timestamped: boolean;
}

export interface ImportCounts {
  added: number;
  updated: number;
  unchanged: number;
}

/** What an in-memory search index keeps of a record: its search tokens and what filters look at. */
export type IndexedRow = Pick<Annotation, 'id' | 'modified' | 'tags' | 'url' | 'color' | 'pointId'> & {
  words: readonly string[];
};

/** What a committed write changed, for in-memory indexes kept beside the database. */
export type AnnotationsChange =
  | { kind: 'put'; rows: readonly IndexedRow[] }
  | { kind: 'delete'; ids: readonly string[] }
  | { kind: 'clear' };

/** How forEachBatch reads: see there. */
export interface BatchOptions {
  size?: number;
  splits?: readonly string[];
}

/** Key ranges asked for at once when a read is split (see forEachBatch). */
const RANGES_IN_FLIGHT = 4;

/** What a dexie query on a table keyed by annotation id gives: its keys, optionally capped. */
interface IdQuery {
  limit(n: number): IdQuery;
  primaryKeys(): Promise<unknown[]>;
}

/** The annotation ids a query finds, at most `limit` of them. */
async function idsUpTo(found: IdQuery, limit: number): Promise<string[]> {
  return (await (limit < Infinity ? found.limit(limit) : found).primaryKeys()) as string[];
}

/**
 * Pages with fewer annotations are read through the index each time: that is quick, and a copy
 * costs a write.
 */
const COPY_MIN = 50;

/** For writes of the orphan mark only, which listByUrl does not answer with. */
const KEEP_COPIES = 'keep';

export function createAnnotationsRepo(db: AnnotatorDb) {
  /**
   * Every write of records runs here. Unless it leaves what `listByUrl` answers as it was (`copies:
   * 'keep'`), it moves the `writes` figure on, which makes every page copy stale, and drops them.
   * The figure, not the dropping alone: a read that began before this write may store its copy
   * after it, under the figure it read.
   */
  const rw = <T>(fn: () => Promise<T>, copies: 'drop' | 'keep' = 'drop') =>
    db.transaction('rw', [db.annotations, db.searchWords, db.pages, db.meta, db.pageCopies], async () => {
      const out = await fn();
      if (copies === 'drop') {
        const writes = (await db.meta.get('writes'))?.value ?? 0;
        await db.meta.put({ key: 'writes', value: writes + 1 });
        await db.pageCopies.clear();
      }
      return out;
    });
  /** Adds `delta` to the kept count, in the caller's write transaction (see MetaRow). */
  const addToCount = async (delta: number) => {
    const kept = await db.meta.get('annotations');
    // Without the row (it is made with the database), count() counts instead.
    if (kept && delta !== 0) await db.meta.put({ key: 'annotations', value: kept.value + delta });
  };
  /** Writes records with their search tokens; answers what the in-memory index is told. */
  const putRows = async (rows: readonly StoredAnnotation[]): Promise<IndexedRow[]> => {
    const words: WordsRow[] = rows.map((row) => ({ id: row.id, words: searchWordsOf(row) }));
    await db.annotations.bulkPut([...rows]);
    await db.searchWords.bulkPut(words);
    return rows.map((row, i) => indexedRow(row, words[i]!.words));
  };
  const listeners = new Set<(change: AnnotationsChange) => void>();
  /** Called after the write's transaction has committed. */
  const emit = (change: AnnotationsChange) => {
    for (const listener of listeners) listener(change);
  };

  return {
    /** Hears every committed write; answers a function that stops listening. */
    subscribe(listener: (change: AnnotationsChange) => void): () => void {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },

    /**
     * Every record's index row (building in-memory indexes), `size` at a time in primary-key
     * order. The next range is asked for before this one is handed over, so the database reads it
     * while the caller indexes this one (a third of a 100,000-record build is indexing);
     * `readAhead` says when not to.
     */
    async *scan(size = 5_000, readAhead: () => boolean = () => true): AsyncGenerator<IndexedRow[]> {
      // Both tables are keyed by id and written together: the same key range gives the same
      // records' words, read as one range (a bulkGet of 5,000 keys made the build three times slower).
      const read = (last: string | undefined) =>
        db.transaction('r', db.annotations, db.searchWords, () => {
          const records =
            last === undefined ? db.annotations.toCollection() : db.annotations.where(':id').above(last);
          const tokens =
            last === undefined ? db.searchWords.toCollection() : db.searchWords.where(':id').above(last);
          return Promise.all([records.limit(size).toArray(), tokens.limit(size).toArray()]);
        });
      let ahead: ReturnType<typeof read> | null = null;
      let last: string | undefined;
      for (;;) {
        const [rows, words] = await (ahead ?? read(last));
        ahead = null;
        if (rows.length === 0) return;
        last = rows[rows.length - 1]!.id;
        const more = rows.length === size;
        if (more && readAhead()) {
          ahead = read(last);
          // A caller that stops early never awaits it: its failure is nobody's to report.
          ahead.catch(() => undefined);
        }
        const byId = new Map(words.map((w) => [w.id, w.words]));
        // A record without its words in this range (never, unless the database was edited by hand)
        // is indexed by tokens computed here.
        yield rows.map((row) => indexedRow(row, byId.get(row.id) ?? searchWordsOf(row)));
        if (!more) return;
      }
    },

    async get(id: string): Promise<Annotation | undefined> {
      const row = await db.annotations.get(id);
      return row && fromStored(row);
    },

    async getMany(ids: readonly string[]): Promise<Annotation[]> {
      const rows = await db.annotations.bulkGet([...ids]);
      return rows.filter((row): row is StoredAnnotation => row !== undefined).map(fromStored);
    },

    /** A page's annotations, newest first: from its copy where that is current (see PageCopyRow). */
    async listByUrl(url: string): Promise<Annotation[]> {
      const read = await db.transaction('r', db.annotations, db.meta, db.pageCopies, async () => {
        const [copy, figure] = await Promise.all([db.pageCopies.get(url), db.meta.get('writes')]);
        const writes = figure?.value ?? 0;
        if (copy && copy.writes === writes) return { records: copy.records, writes, fresh: false };
        const rows = await db.annotations.where('url').equals(url).toArray();
        const records = rows.sort(newestFirst).map(fromStored);
        return { records, writes, fresh: true };
      });
      if (read.fresh && read.records.length >= COPY_MIN) {
        // Stored in a later task, once the page has its answer: put() clones the records at once,
        // 9-18 ms for 1,000 in Chromium's worker, which the answer waited for. A copy that cannot
        // be stored (a full disk) only means the next visit reads through the index again.
        setTimeout(() => {
          db.pageCopies.put({ url, writes: read.writes, records: read.records }).catch(() => undefined);
        }, 0);
      }
      return read.records;
    },

    /** Every record, newest first. */
    async all(): Promise<Annotation[]> {
      // Read in primary-key order (one bulk read) and sort here: a reverse walk of the `modified`
      // index goes through a cursor, one round trip per record.
      const rows = await db.annotations.toArray();
      return rows.sort(newestFirst).map(fromStored);
    },

    /**
     * Every record, in batches in any order. Given split points (see key-ranges.ts): a batch per
     * key range, the next few ranges asked for before the caller handles this one, so the database
     * never waits on the caller. Without them: `size` at a time in primary-key order, the next
     * batch asked for before the caller handles this one.
     */
    async forEachBatch(
      onBatch: (records: Annotation[]) => void,
      { size = 5_000, splits = [] }: BatchOptions = {},
    ): Promise<void> {
      await db.transaction('r', db.annotations, async () => {
        if (splits.length > 0) {
          const ids = db.annotations.where(':id');
          const ranges = splits.length + 1;
          const range = (k: number) =>
            k === 0
              ? ids.below(splits[0]!)
              : k === splits.length
                ? ids.aboveOrEqual(splits[k - 1]!)
                : ids.between(splits[k - 1]!, splits[k]!, true, false);
          const reads: Promise<StoredAnnotation[]>[] = [];
          const ask = (k: number) => {
            if (k >= ranges) return;
            const read = range(k).toArray();
            // A failed read fails the transaction: the one awaited reports it, not each in flight.
            read.catch(() => undefined);
            reads.push(read);
          };
          for (let k = 0; k < RANGES_IN_FLIGHT; k++) ask(k);
          for (let k = 0; k < ranges; k++) {
            const rows = await reads[k]!;
            ask(k + RANGES_IN_FLIGHT);
            onBatch(rows.map(fromStored));
          }
          return;
        }
        let next: Promise<StoredAnnotation[]> | null = db.annotations.limit(size).toArray();
        while (next) {
          const rows: StoredAnnotation[] = await next;
          next =
            rows.length < size
              ? null
              : db.annotations
                  .where(':id')
                  .above(rows[size - 1]!.id)
                  .limit(size)
                  .toArray();
          onBatch(rows.map(fromStored));
        }
      });
    },

    /** How many annotations there are: kept beside them, counted only when that is missing. */
    count: async () => (await db.meta.get('annotations'))?.value ?? db.annotations.count(),

    /** Adds an annotation and its page in one transaction. */
    async create(annotation: Annotation): Promise<Annotation> {
      const row = toStored(annotation);
      const words = searchWordsOf(row);
      await rw(async () => {
        await db.annotations.add(row);
        await addToCount(1);
        await db.searchWords.put({ id: row.id, words });
        await upsertPage(db, annotation.url, annotation.title, annotation.modified);
      });
      emit({ kind: 'put', rows: [indexedRow(row, words)] });
      return annotation;
    },

    /** Applies `change` to the stored record in one transaction; undefined when there is none. */
    async update(id: string, change: (current: Annotation) => Annotation): Promise<Annotation | undefined> {
      const done = await rw(async () => {
        const row = await db.annotations.get(id);
        if (!row) return undefined;
        const { orphan, target } = row;
        const next = change(fromStored(row));
        const stored = toStored(next);
        // An edit of the note or tags does not re-anchor: the orphan mark stays.
        if (orphan && next.target === target) stored.orphan = 1;
        return { next, indexed: await putRows([stored]) };
      });
      if (!done) return undefined;
      emit({ kind: 'put', rows: done.indexed });
      return done.next;
    },

    /** Deletes and answers with what was deleted (for undo). */
    async deleteMany(ids: readonly string[]): Promise<Annotation[]> {
      const deleted = await rw(async () => {
        const rows = (await db.annotations.bulkGet([...new Set(ids)])).filter(
          (r): r is StoredAnnotation => r !== undefined,
        );
        await db.annotations.bulkDelete(rows.map((r) => r.id));
        await addToCount(-rows.length);
        await db.searchWords.bulkDelete(rows.map((r) => r.id));
        await dropEmptyPages(
          db,
          rows.map((r) => r.url),
        );
        return rows.map(fromStored);
      });
      emit({ kind: 'delete', ids: deleted.map((a) => a.id) });
      return deleted;
    },

    /** Puts records back as they were (undo of a delete). */
    async putMany(records: readonly Annotation[]): Promise<number> {
      const indexed = await rw(async () => {
        const ids = new Set(records.map((r) => r.id));
        const stored = await db.annotations
          .where(':id')
          .anyOf([...ids])
          .primaryKeys();
        await addToCount(ids.size - stored.length);
        const written = await putRows(records.map(toStored));
        await upsertPages(db, records);
        return written;
      });
      emit({ kind: 'put', rows: indexed });
      return records.length;
    },

    /** Renames `from` to `to` on every record carrying it (merging when `to` is there too). */
    async renameTag(from: string, to: string, now: string): Promise<number> {
      return rw(async () => {
        const rows = await db.annotations.where('tags').equalsIgnoreCase(from).toArray();
        const key = from.toLowerCase();
        const changed = rows.map((row) => {
          const { orphan } = row;
          const stored = toStored({
            ...fromStored(row),
            tags: cleanTags(row.tags.map((t) => (t.toLowerCase() === key ? to : t))),
            modified: now,
          });
          // A renamed tag does not re-anchor: the orphan mark stays.
          if (orphan) stored.orphan = 1;
          return stored;
        });
        return putRows(changed);
      }).then((changed) => {
        emit({ kind: 'put', rows: changed });
        return changed.length;
      });
    },

    /** The distinct initiative point ids that have annotations, sorted. */
    pointIds: async () => (await db.annotations.orderBy('pointId').uniqueKeys()) as string[],

    /** Each tag with how many annotations carry it, most used first. */
    async tagCounts(): Promise<{ tag: string; count: number }[]> {
      const counts = new Map<string, number>();
      for (const tag of (await db.annotations.orderBy('tags').keys()) as string[]) {
        counts.set(tag, (counts.get(tag) ?? 0) + 1);
      }
      return [...counts]
        .map(([tag, count]) => ({ tag, count }))
        .sort((a, b) => b.count - a.count || (a.tag < b.tag ? -1 : 1));
    },

    /**
     * Writes an import in one transaction: new ids are added; a stored record is replaced only by a
     * timestamped one with a strictly newer `modified`.
     */
    async importRecords(candidates: readonly ImportCandidate[]): Promise<ImportCounts> {
      return rw(async () => {
        const stored = await db.annotations.bulkGet(candidates.map((c) => c.record.id));
        const writes: StoredAnnotation[] = [];
        const counts: ImportCounts = { added: 0, updated: 0, unchanged: 0 };
        const added = new Set<string>();
        candidates.forEach(({ record, timestamped }, i) => {
          const current = stored[i];
          if (!current) {
            counts.added++;
            added.add(record.id);
          } else if (timestamped && time(record.modified) > time(current.modified)) counts.updated++;
          else {
            counts.unchanged++;
            return;
          }
          writes.push(toStored(record));
        });
        const indexed = await putRows(writes);
        await addToCount(added.size);
        await upsertPages(db, writes);
        return { counts, indexed };
      }).then(({ counts, indexed }) => {
        emit({ kind: 'put', rows: indexed });
        return counts;
      });
    },

    /** Removes everything (tests, and a future "delete all data"). */
    async clear(): Promise<void> {
      await rw(async () => {
        await db.annotations.clear();
        await db.searchWords.clear();
        await db.pages.clear();
        await db.meta.put({ key: 'annotations', value: 0 });
      });
      emit({ kind: 'clear' });
    },

    /**
     * Marks annotations of the page `url` as orphans (could not be anchored) or as anchored again;
     * ids of other pages are ignored. Answers how many records changed.
     */
    async markOrphans(
      url: string,
      orphaned: readonly string[],
      anchored: readonly string[],
    ): Promise<number> {
      return rw(async () => {
        const want = new Map<string, boolean>();
        for (const id of anchored) want.set(id, false);
        for (const id of orphaned) want.set(id, true);
        const rows = await db.annotations.bulkGet([...want.keys()]);
        const changed: StoredAnnotation[] = [];
        for (const row of rows) {
          if (!row || row.url !== url) continue;
          const orphan = want.get(row.id) === true;
          if (orphan === (row.orphan === 1)) continue;
          const { orphan: _was, ...rest } = row;
          changed.push(orphan ? { ...rest, orphan: 1 } : rest);
        }
        await db.annotations.bulkPut(changed);
        return changed.length;
      }, KEEP_COPIES);
    },

    /** Annotations marked as orphans, newest first. */
    async listOrphans(): Promise<Annotation[]> {
      const rows = await db.annotations.where('orphan').equals(1).toArray();
      return rows.sort(newestFirst).map(fromStored);
    },

    // ---- index lookups for search (primary keys only) ----

    /** Runs `fn` in one read transaction, so a query sees one state of the database. */
    read: <T>(fn: () => Promise<T>) =>
      db.transaction('r', db.annotations, db.searchWords, db.pages, db.meta, fn),
    /** Ids of the annotations carrying a word that starts with `prefix`, at most `limit`. */
    idsWithWordPrefix: async (prefix: string, limit = Infinity) =>
      idsUpTo(db.searchWords.where('words').startsWith(prefix), limit),
    /** Whether each of these annotations carries a word that starts with `prefix`. */
    haveWordPrefix: async (ids: readonly string[], prefix: string): Promise<boolean[]> =>
      (await db.searchWords.bulkGet([...ids])).map((row) => !!row?.words.some((w) => w.startsWith(prefix))),
    /** Ids of the annotations carrying `word`, at most `limit`. */
    idsWithWord: async (word: string, limit = Infinity) =>
      idsUpTo(db.searchWords.where('words').equals(word), limit),
    countWithWord: (word: string) => db.searchWords.where('words').equals(word).count(),
    idsWithTag: async (tag: string) =>
      (await db.annotations.where('tags').equalsIgnoreCase(tag).primaryKeys()) as string[],
    idsWithPoint: async (pointId: string) =>
      (await db.annotations.where('pointId').equals(pointId).primaryKeys()) as string[],
    idsWithUrl: async (url: string) =>
      (await db.annotations.where('url').equals(url).primaryKeys()) as string[],
    idsWithUrlPrefix: async (prefixes: string[]) =>
      (await db.annotations.where('url').startsWithAnyOf(prefixes).primaryKeys()) as string[],
    idsWithColor: async (color: string) =>
      (await db.annotations.where('color').equals(color).primaryKeys()) as string[],
    /** Every id, newest first. */
    idsNewestFirst: async () =>
      (await db.annotations.orderBy('modified').reverse().primaryKeys()) as string[],
    /** A window of ids, newest first: `offset` from the newest, at most `limit`. */
    idsNewestFirstPage: async (offset: number, limit: number) =>
      (await db.annotations
        .orderBy('modified')
        .reverse()
        .offset(offset)
        .limit(limit)
        .primaryKeys()) as string[],
  };
}
export type AnnotationsRepo = ReturnType<typeof createAnnotationsRepo>;
