/**
 * The search index kept in the service worker's memory: IndexedDB answers one key lookup in tens
 * of microseconds, so reading the ids of a common word (tens of thousands of index entries) takes
 * longer than a search may. Here each document has a number; a word, tag, colour, point, page or
 * host maps to the numbers that carry it; a query ANDs one bitmap per term and walks the documents
 * newest first until its window is full. Records themselves stay in IndexedDB: only the window's
 * rows are read.
 *
 * Built once per worker life by scanning the table (in steps, so the worker stays responsive), and
 * kept in step through the repository's change notifications. A changed record gets a new number;
 * the old one is dead (its postings are skipped) until the next compaction.
 */
import { newestFirst } from '../../shared/annotation';
import type { IndexedRow } from '../db/annotations-repo';
import { isOnSite, siteOf } from '../../shared/url';

interface Doc {
  id: string;
  modified: string;
}

/** word -> document numbers (ascending, may include dead ones). */
type Postings = Map<string, number[]>;

const add = (map: Postings, key: string, doc: number) => {
  const list = map.get(key);
  if (list) list.push(doc);
  else map.set(key, [doc]);
};

/** The first index in sorted `keys` whose key is >= `value`. */
function lowerBound(keys: readonly string[], value: string): number {
  let lo = 0;
  let hi = keys.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (keys[mid]! < value) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

export interface IndexQuery {
  prefixes: string[];
  /** Exact words (of phrases and site names). */
  words: string[];
  tags: string[];
  pointIds: string[];
  urls: string[];
  colors: string[];
  sites: string[];
}

export class MemoryIndex {
  private docs: Doc[] = [];
  /** False once a document was deleted or replaced (its number is then skipped). */
  private alive: boolean[] = [];
  private byId = new Map<string, number>();
  private words: Postings = new Map();
  /** The keys of `words`, sorted, for prefix ranges; rebuilt lazily after new words arrive. */
  private sortedWords: string[] | null = null;
  private tags: Postings = new Map();
  /** Tags as readers spelled them (the review page lists "EU" and "eu" apart, to merge them). */
  private tagSpellings: Postings = new Map();
  private points: Postings = new Map();
  private urls: Postings = new Map();
  private colors: Postings = new Map();
  private hosts: Postings = new Map();
  /**
   * Document numbers, newest first (dead ones are skipped when walking); a few new documents are
   * inserted in place, a bulk write sorts again on the next query.
   */
  private order: number[] | null = null;
  private dead = 0;

  get size(): number {
    return this.byId.size;
  }

  put(rows: readonly IndexedRow[]): void {
    const first = this.docs.length;
    for (const row of rows) {
      this.remove(row.id);
      const doc = this.docs.length;
      this.docs.push({ id: row.id, modified: row.modified });
      this.alive.push(true);
      this.byId.set(row.id, doc);
      for (const w of row.words) {
        if (!this.words.has(w)) this.sortedWords = null;
        add(this.words, w, doc);
      }
      for (const t of row.tags) {
        add(this.tags, t.toLowerCase(), doc);
        add(this.tagSpellings, t, doc);
      }
      if (row.pointId !== undefined) add(this.points, row.pointId, doc);
      add(this.urls, row.url, doc);
      add(this.colors, row.color, doc);
      add(this.hosts, siteOf(row.url), doc);
    }
    if (this.order && rows.length <= 1_000) {
      for (let doc = first; doc < this.docs.length; doc++) if (this.alive[doc]) this.insertInOrder(doc);
    } else this.order = null;
    if (this.dead > 50_000 && this.dead > this.docs.length / 2) this.compact();
  }

  remove(id: string): void {
    const doc = this.byId.get(id);
    if (doc === undefined) return;
    this.alive[doc] = false;
    this.byId.delete(id);
    this.dead++;
  }

  private insertInOrder(doc: number): void {
    const order = this.order!;
    const d = this.docs[doc]!;
    let lo = 0;
    let hi = order.length;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      // Dead documents keep their place: the order stays sorted with them in it.
      if (newestFirst(this.docs[order[mid]!]!, d) < 0) lo = mid + 1;
      else hi = mid;
    }
    order.splice(lo, 0, doc);
  }

  clear(): void {
    Object.assign(this, new MemoryIndex());
  }

  /** Drops dead numbers from every posting list, renumbering the live documents. */
  private compact(): void {
    const renumber = new Int32Array(this.docs.length).fill(-1);
    const docs: Doc[] = [];
    this.docs.forEach((d, i) => {
      if (this.alive[i]) {
        renumber[i] = docs.length;
        docs.push(d);
      }
    });
    const remap = (map: Postings) => {
      for (const [key, list] of map) {
        const next = list.map((n) => renumber[n]!).filter((n) => n >= 0);
        if (next.length > 0) map.set(key, next);
        else map.delete(key);
      }
    };
    for (const map of [
      this.words,
      this.tags,
      this.tagSpellings,
      this.points,
      this.urls,
      this.colors,
      this.hosts,
    ])
      remap(map);
    this.docs = docs;
    this.alive = docs.map(() => true);
    this.byId = new Map(docs.map((d, i) => [d.id, i]));
    this.sortedWords = null;
    this.order = null;
    this.dead = 0;
  }

  private newestFirst(): number[] {
    if (!this.order) {
      const live: number[] = [];
      this.alive.forEach((on, i) => on && live.push(i));
      const docs = this.docs;
      live.sort((a, b) => newestFirst(docs[a]!, docs[b]!));
      this.order = live;
    }
    return this.order;
  }

  /**
   * Bitmaps kept from one query for the next: allocating one per term per query (100 KB each at
   * 100,000 documents) fed the garbage collector, whose pauses were the slowest queries.
   */
  private spare: Uint8Array[] = [];

  private mark(lists: Iterable<readonly number[] | undefined>): Uint8Array {
    let bits = this.spare.pop();
    if (bits?.length === this.docs.length) bits.fill(0);
    else bits = new Uint8Array(this.docs.length);
    for (const list of lists) if (list) for (const n of list) bits[n] = 1;
    return bits;
  }

  private prefixLists(prefix: string): (readonly number[])[] {
    this.sortedWords ??= [...this.words.keys()].sort();
    const keys = this.sortedWords;
    const out: (readonly number[])[] = [];
    for (let i = lowerBound(keys, prefix); i < keys.length && keys[i]!.startsWith(prefix); i++) {
      out.push(this.words.get(keys[i]!)!);
    }
    return out;
  }

  /** One bitmap per term; null when there is no term (everything matches). */
  private termBitmaps(q: IndexQuery): Uint8Array[] {
    const maps: Uint8Array[] = [];
    for (const p of q.prefixes) maps.push(this.mark(this.prefixLists(p)));
    for (const w of q.words) maps.push(this.mark([this.words.get(w)]));
    for (const t of q.tags) maps.push(this.mark([this.tags.get(t.toLowerCase())]));
    for (const p of q.pointIds) maps.push(this.mark([this.points.get(p)]));
    for (const u of q.urls) maps.push(this.mark([this.urls.get(u)]));
    for (const c of q.colors) maps.push(this.mark([this.colors.get(c)]));
    for (const s of q.sites) {
      const lists = [...this.hosts].filter(([host]) => isOnSite(`http://${host}/`, s)).map(([, l]) => l);
      maps.push(this.mark(lists));
    }
    return maps;
  }

  /** The matching ids, newest first: `total` counts them all; `ids` is the window from `offset`, at most `limit` long. */
  query(q: IndexQuery, offset: number, limit: number): { total: number; ids: string[] } {
    const maps = this.termBitmaps(q);
    const order = this.newestFirst();
    const { docs, alive } = this;
    const ids: string[] = [];
    let total = 0;
    outer: for (const n of order) {
      if (!alive[n]) continue;
      for (const m of maps) if (m[n] === 0) continue outer;
      if (total >= offset && ids.length < limit) ids.push(docs[n]!.id);
      total++;
    }
    this.spare.push(...maps.slice(0, 8 - this.spare.length));
    return { total, ids };
  }

  /** How many live documents each key has; keys with none are left out. */
  private liveCounts(map: Postings): Map<string, number> {
    const counts = new Map<string, number>();
    const { alive } = this;
    for (const [key, list] of map) {
      let n = 0;
      for (const doc of list) if (alive[doc]) n++;
      if (n > 0) counts.set(key, n);
    }
    return counts;
  }

  /** Each tag, as spelled, with how many annotations carry it, most used first. */
  tagCounts(): { tag: string; count: number }[] {
    return [...this.liveCounts(this.tagSpellings)]
      .map(([tag, count]) => ({ tag, count }))
      .sort((a, b) => b.count - a.count || (a.tag < b.tag ? -1 : 1));
  }

  /** The initiative points that have annotations, sorted. */
  pointIds(): string[] {
    return [...this.liveCounts(this.points).keys()].sort();
  }

  /** The sites (hosts) that have annotations, sorted. */
  sites(): string[] {
    return [...this.liveCounts(this.hosts).keys()].filter(Boolean).sort();
  }

  /** How many annotations each page has. */
  urlCounts(): Map<string, number> {
    return this.liveCounts(this.urls);
  }

  /** A sample of the live ids: every `step`-th document's (in the order they were indexed). */
  idsEvery(step: number): string[] {
    const stride = Math.max(1, Math.floor(step));
    const out: string[] = [];
    for (let doc = 0; doc < this.docs.length; doc += stride)
      if (this.alive[doc]) out.push(this.docs[doc]!.id);
    return out;
  }

  /** Every matching id, newest first (for checks on the records and for export). */
  all(q: IndexQuery): string[] {
    return this.query(q, 0, Number.MAX_SAFE_INTEGER).ids;
  }
}
