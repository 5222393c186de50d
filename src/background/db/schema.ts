/**
 * The extension's IndexedDB database. Versions only ever get appended: each entry lists the tables
 * whose indexes change in that version and, when stored rows need rewriting, an upgrade function
 * (Dexie runs every upgrade between the stored version and the newest, in order, in one transaction).
 * If the tokenizer in shared/search-tokens.ts changes, add a version whose upgrade recomputes the
 * `searchWords` rows.
 */
import Dexie, { type EntityTable, type Transaction } from 'dexie';
import type { Annotation, PageRecord } from '../../shared/annotation';
import { indexWords } from '../../shared/search-tokens';

export const DB_NAME = 'forum-annotator';

/** An annotation as stored. */
export interface StoredAnnotation extends Annotation {
  /**
   * Set (to 1: IndexedDB cannot index booleans) while the content script could not anchor the
   * annotation on its page; absent otherwise, so the sparse `orphan` index lists only orphans.
   */
  orphan?: 1;
}

/**
 * An annotation's search tokens (see shared/search-tokens.ts), in a table of their own: the
 * multiEntry index needs them in a stored object, and kept beside the record they would make
 * every read of whole records (export, a page's annotations) a third longer.
 */
export interface WordsRow {
  id: string;
  words: string[];
}

/** The search tokens of an annotation: its quote, note, tags, page title and URL, folded. */
export function searchWordsOf(annotation: Annotation): string[] {
  const quote = annotation.target.selector[0].exact;
  return indexWords(quote, annotation.note, annotation.tags.join(' '), annotation.title, annotation.url);
}

/**
 * Figures kept beside the records, updated in the same write transactions. `annotations`: how
 * many annotations there are (Chromium's IndexedDB `count()` walks every entry: 0.7 s at 100,000).
 */
export interface MetaRow {
  key: 'annotations' | 'writes';
  value: number;
}

/**
 * A page's annotations as `listByUrl` answers them, in one row: reading 1,000 records through the
 * `url` index took 20-40 ms in Chromium's worker, one row of them a few. A copy, valid while
 * `writes` equals the `writes` figure in `meta`, which every write of records moves on (see
 * annotations-repo.ts); copies are made by reads, of pages with many annotations only.
 */
export interface PageCopyRow {
  url: string;
  writes: number;
  records: Annotation[];
}

interface SchemaVersion {
  version: number;
  stores: Record<string, string>;
  upgrade?: (tx: Transaction) => Promise<void>;
}

export const SCHEMA_VERSIONS: readonly SchemaVersion[] = [
  {
    version: 1,
    stores: {
      // url: a page's annotations; *tags: tag filter and counts; pointId: initiative points;
      // modified: newest first; *words: full-text prefix search.
      annotations: 'id, url, *tags, pointId, modified, *words',
      pages: 'url, lastSeen',
    },
  },
  {
    // orphan: annotations the content script could not anchor (the review page lists them);
    // color: the colour filter without loading records.
    version: 2,
    stores: { annotations: 'id, url, *tags, pointId, modified, *words, orphan, color' },
  },
  {
    // The search tokens move out of the records into searchWords (see WordsRow).
    version: 3,
    stores: {
      annotations: 'id, url, *tags, pointId, modified, orphan, color',
      searchWords: 'id, *words',
    },
    async upgrade(tx) {
      const words: WordsRow[] = [];
      await tx
        .table('annotations')
        .toCollection()
        .modify((row: StoredAnnotation & { words?: string[] }) => {
          words.push({ id: row.id, words: row.words ?? searchWordsOf(row) });
          delete row.words;
        });
      await tx.table('searchWords').bulkPut(words);
    },
  },
  {
    // The count of annotations, kept (see MetaRow).
    version: 4,
    stores: { meta: 'key' },
    async upgrade(tx) {
      await tx.table('meta').put({ key: 'annotations', value: await tx.table('annotations').count() });
    },
  },
  {
    // Copies of pages' annotations for restoring them (see PageCopyRow).
    version: 5,
    stores: { pageCopies: 'url' },
  },
];

export class AnnotatorDb extends Dexie {
  annotations!: EntityTable<StoredAnnotation, 'id'>;
  pages!: EntityTable<PageRecord, 'url'>;
  searchWords!: EntityTable<WordsRow, 'id'>;
  meta!: EntityTable<MetaRow, 'key'>;
  pageCopies!: EntityTable<PageCopyRow, 'url'>;

  constructor(name: string = DB_NAME) {
    super(name);
    for (const { version, stores, upgrade } of SCHEMA_VERSIONS) {
      const declared = this.version(version).stores(stores);
      if (upgrade) declared.upgrade(upgrade);
    }
    // A new database runs no upgrade: it starts with its count.
    this.on('populate', (tx) => tx.table('meta').add({ key: 'annotations', value: 0 }));
  }
}

export async function openDatabase(name: string = DB_NAME): Promise<AnnotatorDb> {
  const db = new AnnotatorDb(name);
  await db.open();
  return db;
}
