/**
 * The extension's IndexedDB database. Versions only ever get appended: each entry lists the tables
 * whose indexes change in that version and, when stored rows need rewriting, an upgrade function
 * (Dexie runs every upgrade between the stored version and the newest, in order, in one transaction).
 * If the tokenizer in shared/search-tokens.ts changes, add a version whose upgrade recomputes `words`.
 */
import Dexie, { type EntityTable, type Transaction } from 'dexie';
import type { Annotation, PageRecord } from '../../shared/annotation';

export const DB_NAME = 'forum-annotator';

/** An annotation as stored: the record plus its search tokens (see shared/search-tokens.ts). */
export interface StoredAnnotation extends Annotation {
  words: string[];
  /**
   * Set (to 1: IndexedDB cannot index booleans) while the content script could not anchor the
   * annotation on its page; absent otherwise, so the sparse `orphan` index lists only orphans.
   */
  orphan?: 1;
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
];

export class AnnotatorDb extends Dexie {
  annotations!: EntityTable<StoredAnnotation, 'id'>;
  pages!: EntityTable<PageRecord, 'url'>;

  constructor(name: string = DB_NAME) {
    super(name);
    for (const { version, stores, upgrade } of SCHEMA_VERSIONS) {
      const declared = this.version(version).stores(stores);
      if (upgrade) declared.upgrade(upgrade);
    }
  }
}

export async function openDatabase(name: string = DB_NAME): Promise<AnnotatorDb> {
  const db = new AnnotatorDb(name);
  await db.open();
  return db;
}
