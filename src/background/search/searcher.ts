/**
 * The searcher the worker uses: through an in-memory index once it is built, through the
 * IndexedDB indexes (search-db.ts) until then.
 */
import type { SearchRequest, SearchResult } from '../../shared/messaging/protocol';
import type { Annotation } from '../../shared/annotation';
import type { AnnotationsChange, AnnotationsRepo } from '../db/annotations-repo';
import { createReadTurns, type ReadTurns } from '../read-turns';
import { MemoryIndex, type IndexQuery } from './memory-index';
import type { ParsedQuery } from './query';
import {
  answer,
  checkNewestFirst,
  DEFAULT_LIMIT,
  mergeFilters,
  PHRASE_BUDGET_MS,
  search,
  searchAll,
  type Lookups,
} from './search-db';

type Indexed = Lookups & Pick<AnnotationsRepo, 'subscribe' | 'scan'>;

/**
 * Rows read per step while building; the worker answers other messages between steps, so a search
 * typed during the build waits at most for one step to be indexed. At 100,000 annotations, on a
 * worker just woken: with 5,000 a step, a search typed in the popup showed its rows after 389-412
 * ms (medians), with 1,000 after 210-263 ms, for a build 9% longer (5.5 s against 5.1 s).
 */
const BUILD_STEP = 1_000;
/** Phrase candidates are checked on their rows this many at a time. */
const CHECK_STEP = 1_000;
const indexQuery = (q: ParsedQuery): IndexQuery => ({
  prefixes: q.prefixes,
  words: q.phrases.flat(),
  tags: q.tags,
  pointIds: q.pointIds,
  urls: q.urls,
  colors: q.colors,
  sites: q.sites,
});

export interface Searcher {
  search(request: SearchRequest): Promise<SearchResult>;
  /** Every match, newest first (export of search results). */
  searchAll(request: SearchRequest): Promise<Annotation[]>;
  /** Resolves once the in-memory index is built (started on first use). */
  ready(): Promise<void>;
  /**
   * Counts kept in memory (tags, points, annotations per page), or null while the index is not
   * built: walking 100,000 keys of IndexedDB indexes for them holds the worker for a second.
   */
  counts(): IndexCounts | null;
  /**
   * The same counts once the index is built (the build is started if need be); null only if it
   * could not be built. Reading them from IndexedDB while the build reads every record took 13 s
   * at 100,000 annotations; the build itself takes a few.
   */
  builtCounts(): Promise<IndexCounts | null>;
}

export interface IndexCounts {
  tags(): { tag: string; count: number }[];
  pointIds(): string[];
  sites(): string[];
  urls(): Map<string, number>;
  /** Every `step`-th id, about: a sample to split the id key space by. */
  idsEvery(step: number): string[];
}

/**
 * Search through the in-memory index once it is built, through IndexedDB until then. The index is
 * built on the first search of a worker's life and follows every committed write.
 */
export function createSearcher(
  repo: Indexed,
  {
    checkStep = CHECK_STEP,
    phraseBudgetMs = PHRASE_BUDGET_MS,
    /** Shared with the other readers that go ahead of the build (see read-turns.ts). */
    turns = createReadTurns(),
  }: { checkStep?: number; phraseBudgetMs?: number; turns?: ReadTurns } = {},
): Searcher {
  const index = new MemoryIndex();
  let building: Promise<void> | null = null;
  let built = false;
  let pending: AnnotationsChange[] | null = null;
  const apply = (change: AnnotationsChange) => {
    if (change.kind === 'put') index.put(change.rows);
    else if (change.kind === 'delete') for (const id of change.ids) index.remove(id);
    else index.clear();
  };
  repo.subscribe((change) => {
    if (built) apply(change);
    else pending?.push(change);
  });

  const ready = () => {
    building ??= (async () => {
      pending = [];
      const start = performance.now();
      let indexing = 0;
      // No read ahead while a reader waits: its reads would queue behind it.
      for await (const rows of repo.scan(BUILD_STEP, () => !turns.busy())) {
        // The reads that came meanwhile go first (the next step's read waits for them too).
        await turns.idle();
        const t = performance.now();
        index.put(rows);
        indexing += performance.now() - t;
        await new Promise((resolve) => setTimeout(resolve, 0));
      }
      for (const change of pending) apply(change);
      pending = null;
      built = true;
      // For the benchmarks: how long the build took, and how much of it went to indexing the rows.
      performance.measure('annotator:search-index', { start, detail: { indexing, size: index.size } });
    })().catch((error: unknown) => {
      console.error('Forum Annotator: could not build the search index', error);
      building = null;
      pending = null;
    });
    return building;
  };

  async function matching(request: SearchRequest, offset: number, limit: number) {
    const q = mergeFilters(request);
    if (q.phrases.length === 0) {
      const { total, ids } = index.query(indexQuery(q), offset, limit);
      return { ranked: await repo.getMany(ids), total, partial: false, q };
    }
    // Phrases: the index gives the records with every word, newest first; the order of the words
    // is checked on the rows.
    const candidates = index.all(indexQuery(q));
    let at = 0;
    const next = async () => (at < candidates.length ? candidates.slice(at, (at += checkStep)) : null);
    const { matches, partial } = await checkNewestFirst(next, repo, q, offset + limit, phraseBudgetMs);
    return { ranked: matches.slice(offset, offset + limit), total: matches.length, partial, q };
  }

  async function fromMemory(request: SearchRequest): Promise<SearchResult> {
    const { ranked, total, partial, q } = await matching(
      request,
      request.offset ?? 0,
      request.limit ?? DEFAULT_LIMIT,
    );
    return answer(ranked, total, partial, q);
  }

  const counts: IndexCounts = {
    tags: () => index.tagCounts(),
    pointIds: () => index.pointIds(),
    sites: () => index.sites(),
    urls: () => index.urlCounts(),
    idsEvery: (step) => index.idsEvery(step),
  };

  return {
    ready,
    counts: () => (built ? counts : null),
    builtCounts: async () => {
      await ready();
      return built ? counts : null;
    },
    async search(request) {
      if (!built && !building) {
        // The first search of a worker's life (the popup opening) is answered from IndexedDB
        // before the build starts: the build's reads would otherwise queue ahead of its own.
        const result = await search(repo, request);
        void ready();
        return result;
      }
      if (!built) {
        // While the index builds, the IndexedDB search goes first (the build waits for it, see
        // read-turns.ts). The answer is whichever comes first, IndexedDB's or the index's once built.
        const fromDb = search(repo, request);
        turns.goFirst(fromDb);
        // A build that failed leaves the answer to IndexedDB's search, already under way.
        const fromIndex = building!.then(() => (built ? fromMemory(request) : fromDb));
        return Promise.race([fromDb, fromIndex]);
      }
      return fromMemory(request);
    },
    async searchAll(request) {
      if (!built) return searchAll(repo, request);
      return (await matching(request, 0, Number.MAX_SAFE_INTEGER)).ranked;
    },
  };
}
