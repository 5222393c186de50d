/**
 * Search on the IndexedDB indexes (the worker's path until its in-memory index is built, see
 * searcher.ts). A query runs over the multiEntry `words` index: each word, phrase word and indexed
 * filter gives a set of ids; the sets are intersected (smallest first), what no index can check
 * (phrases in order, colour, site suffix) is checked on the records, and results are ranked
 * newest first and grouped by page.
 */
import { newestFirst, type Annotation } from '../../shared/annotation';
import type { PageGroup, SearchRequest, SearchResult } from '../../shared/messaging/protocol';
import { isOnSite, normalizeUrl } from '../../shared/url';
import { containsPhrase, wordsOf } from '../../shared/search-tokens';
import type { AnnotationsRepo } from '../db/annotations-repo';
import { parseQuery, termsOf, type ParsedQuery } from './query';

export const DEFAULT_LIMIT = 100;
/** Up to this many candidates, rows are loaded and ranked directly. */
const LOAD_ALL_BELOW = 2_000;
/** Ids read per step when walking the `modified` index newest first. */
const WALK_STEP = 4_096;
/** Checking records for phrases and sites goes on this long once the window of results is full. */
export const PHRASE_BUDGET_MS = 100;
/** See idsOfRarest: reading 1,000 ids of a word takes about 10 ms at 100,000 annotations. */
const RARE_CAP = 1_000;
/** See newestWithPrefix: a lone prefix carried by more annotations than this is common. */
const COMMON_PREFIX = 5_000;
/** Ids walked per step along the `modified` index when looking for a common prefix. */
const PREFIX_WALK_STEP = 1_024;

export type Lookups = Pick<
  AnnotationsRepo,
  | 'read'
  | 'count'
  | 'getMany'
  | 'idsWithWordPrefix'
  | 'haveWordPrefix'
  | 'idsWithWord'
  | 'countWithWord'
  | 'idsWithTag'
  | 'idsWithPoint'
  | 'idsWithUrl'
  | 'idsWithColor'
  | 'idsNewestFirstPage'
>;

export function mergeFilters(request: SearchRequest): ParsedQuery {
  const q = parseQuery(request.query);
  const f = request.filters;
  if (f?.tag) q.tags.push(f.tag);
  if (f?.site) q.sites.push(f.site.toLowerCase());
  if (f?.color) q.colors.push(f.color);
  if (f?.pointId) q.pointIds.push(f.pointId);
  if (f?.url) q.urls.push(f.url);
  q.urls = q.urls.map(normalizeUrl);
  return q;
}

function intersect(sets: string[][]): Set<string> {
  const sorted = [...sets].sort((a, b) => a.length - b.length);
  let result = new Set(sorted[0]);
  for (const next of sorted.slice(1)) {
    if (result.size === 0) break;
    const other = new Set(next);
    result = new Set([...result].filter((id) => other.has(id)));
  }
  return result;
}

/** The checks no index answers; true when the record passes them all. */
function passesRecordChecks(a: Annotation, q: ParsedQuery): boolean {
  if (!q.sites.every((s) => isOnSite(a.url, s))) return false;
  if (q.phrases.length > 0) {
    const fields = [a.target.selector[0].exact, a.note, a.title, a.url, ...a.tags].map(wordsOf);
    if (!q.phrases.every((p) => fields.some((words) => containsPhrase(words, p)))) return false;
  }
  return true;
}

/**
 * Checks what no index answers (phrases in order, sites) on candidate records, which `next` hands
 * out newest first a chunk at a time (null when there are no more). Once `want` matches are found,
 * checking stops after `budgetMs`: a phrase of words most records carry took 6-7 s to check on all
 * of 100,000. `partial` says that it stopped before the last candidate.
 */
export async function checkNewestFirst(
  next: () => Promise<string[] | null>,
  repo: Pick<Lookups, 'getMany'>,
  q: ParsedQuery,
  want: number,
  budgetMs: number,
): Promise<{ matches: Annotation[]; partial: boolean }> {
  const matches: Annotation[] = [];
  const started = performance.now();
  for (let ids = await next(); ids !== null; ids = await next()) {
    if (matches.length >= want && performance.now() - started > budgetMs) return { matches, partial: true };
    for (const a of await repo.getMany(ids)) if (passesRecordChecks(a, q)) matches.push(a);
  }
  return { matches, partial: false };
}

export function groupByPage(annotations: readonly Annotation[]): PageGroup[] {
  const groups = new Map<string, PageGroup>();
  for (const a of annotations) {
    let group = groups.get(a.url);
    if (!group) {
      group = { url: a.url, title: a.title, annotations: [] };
      groups.set(a.url, group);
    }
    group.annotations.push(a);
  }
  return [...groups.values()];
}

/** Every matching annotation, newest first (for export of search results). */
export async function searchAll(repo: Lookups, request: SearchRequest): Promise<Annotation[]> {
  const { ranked } = await run(repo, { ...request, offset: 0, limit: Number.MAX_SAFE_INTEGER });
  return ranked;
}

/** The answer to a search: `partial` when checking records stopped early (see checkNewestFirst). */
export function answer(ranked: Annotation[], total: number, partial: boolean, q: ParsedQuery): SearchResult {
  const result: SearchResult = { total, groups: groupByPage(ranked), terms: termsOf(q) };
  if (partial) result.atLeast = true;
  return result;
}

/** How record checks are paced; tests make the steps small. */
export interface CheckTuning {
  /** Up to this many candidates, all are read and checked at once. */
  loadAllBelow?: number;
  /** Ids read per step along the `modified` index. */
  walkStep?: number;
  budgetMs?: number;
  /** A phrase word carried by fewer annotations than this is rare enough to narrow the candidates. */
  rareCap?: number;
  /** A lone prefix carried by at least this many annotations is common (see newestWithPrefix). */
  commonPrefix?: number;
}

export async function search(
  repo: Lookups,
  request: SearchRequest,
  tuning: CheckTuning = {},
): Promise<SearchResult> {
  const { ranked, total, partial, q } = await run(repo, request, tuning);
  return answer(ranked, total, partial, q);
}

/**
 * The ids among `candidates` newest first, a chunk at a time (null when there are no more): walks
 * the `modified` index `step` ids at a time, so a caller that stops early does not read every id.
 */
function newestFirstChunks(repo: Lookups, candidates: Set<string>, step: number) {
  let at = 0;
  let walked = false;
  return async (): Promise<string[] | null> => {
    while (!walked) {
      const ids = await repo.idsNewestFirstPage(at, step);
      at += step;
      walked = ids.length < step;
      const mine = ids.filter((id) => candidates.has(id));
      if (mine.length > 0) return mine;
    }
    return null;
  };
}

/**
 * The ids among `candidates` in newest-first order, from `offset`, at most `limit`, stopping once
 * the window is full, so a common word does not cost a read of every id.
 */
async function newestOf(repo: Lookups, candidates: Set<string>, offset: number, limit: number) {
  const next = newestFirstChunks(repo, candidates, WALK_STEP);
  const ids: string[] = [];
  for (let chunk = await next(); chunk !== null && ids.length < offset + limit; chunk = await next()) {
    ids.push(...chunk);
  }
  return ids.slice(offset, offset + limit);
}

/**
 * Ids of the annotations carrying the word of `words` that the fewest carry. Each word's ids are
 * read up to `cap` first: counting a word's index entries costs as much as reading its ids (0.6 s
 * for a word 81,000 annotations carry), so a phrase with one rare word among common ones is
 * narrowed at the cost of `cap` ids a word. Only when every word is common are they counted.
 */
async function idsOfRarest(repo: Lookups, words: readonly string[], cap: number): Promise<string[]> {
  const capped = await Promise.all(words.map((w) => repo.idsWithWord(w, cap)));
  let rare: string[] | null = null;
  for (const ids of capped) if (ids.length < cap && (!rare || ids.length < rare.length)) rare = ids;
  if (rare) return rare;
  const counts = await Promise.all(words.map((w) => repo.countWithWord(w)));
  return repo.idsWithWord(words[counts.indexOf(Math.min(...counts))]!);
}

/**
 * The newest `want` annotations carrying a word that starts with `prefix`, walking the `modified`
 * index and reading each annotation's words. For a prefix most annotations carry ("tan" where
 * "tango" is everywhere) this reads a few thousand rows instead of every matching id: 100,000 ids
 * took 0.8 s, and 1.5-3 s on a worker building its index meanwhile.
 */
async function newestWithPrefix(repo: Lookups, prefix: string, want: number): Promise<string[]> {
  const found: string[] = [];
  for (let at = 0; found.length < want; at += PREFIX_WALK_STEP) {
    const ids = await repo.idsNewestFirstPage(at, PREFIX_WALK_STEP);
    const carry = await repo.haveWordPrefix(ids, prefix);
    for (let k = 0; k < ids.length; k++) if (carry[k]) found.push(ids[k]!);
    if (ids.length < PREFIX_WALK_STEP) break;
  }
  return found.slice(0, want);
}

/** Whether a query is one word prefix and nothing else. */
const onlyOnePrefix = (q: ParsedQuery) =>
  q.prefixes.length === 1 &&
  [q.phrases, q.sites, q.tags, q.pointIds, q.urls, q.colors].every((list) => list.length === 0);

async function run(
  repo: Lookups,
  request: SearchRequest,
  {
    loadAllBelow = LOAD_ALL_BELOW,
    walkStep = WALK_STEP,
    budgetMs = PHRASE_BUDGET_MS,
    rareCap = RARE_CAP,
    commonPrefix = COMMON_PREFIX,
  }: CheckTuning = {},
) {
  const q = mergeFilters(request);
  const offset = request.offset ?? 0;
  const limit = request.limit ?? DEFAULT_LIMIT;
  const needsRecordChecks = q.sites.length > 0 || q.phrases.length > 0;

  return repo.read(async () => {
    // One word as the reader types it, for a window of results (not an export of every match):
    // its ids are read up to `commonPrefix`; past that the prefix is common, its newest matches
    // are found along the `modified` index and the total is given as "at least".
    const capped =
      onlyOnePrefix(q) && offset + limit <= commonPrefix
        ? await repo.idsWithWordPrefix(q.prefixes[0]!, commonPrefix)
        : null;
    if (capped && capped.length >= commonPrefix) {
      const ids = await newestWithPrefix(repo, q.prefixes[0]!, offset + limit);
      const ranked = await repo.getMany(ids.slice(offset));
      // Index entries, not annotations: one annotation may carry several words with the prefix.
      const atLeast = new Set(capped).size;
      return { ranked, total: Math.max(atLeast, ids.length), partial: true, q };
    }
    const lookups: Promise<string[]>[] = [
      ...q.prefixes.map((w) => (capped ? Promise.resolve(capped) : repo.idsWithWordPrefix(w))),
      // A phrase is checked in full on the records: its rarest word alone narrows the candidates
      // (reading every id of a common word costs a second at 100,000 annotations).
      ...q.phrases.map((p) => idsOfRarest(repo, p, rareCap)),
      // A site's host words narrow the candidates; the exact host check follows on the records.
      ...q.sites.flatMap((s) => wordsOf(s).map((w) => repo.idsWithWord(w))),
      ...q.tags.map((t) => repo.idsWithTag(t)),
      ...q.pointIds.map((p) => repo.idsWithPoint(p)),
      ...q.urls.map((u) => repo.idsWithUrl(u)),
      ...q.colors.map((c) => repo.idsWithColor(c)),
    ];
    if (lookups.length === 0 && !needsRecordChecks) {
      // Everything: a count and one window of the `modified` index.
      const [total, ids] = await Promise.all([repo.count(), repo.idsNewestFirstPage(offset, limit)]);
      return { ranked: await repo.getMany(ids), total, partial: false, q };
    }
    if (lookups.length === 0) {
      // A site filter without words (e.g. an IP address): check every record.
      const all = new Set(await repo.idsNewestFirstPage(0, Number.MAX_SAFE_INTEGER));
      lookups.push(Promise.resolve([...all]));
    }
    const candidates = intersect(await Promise.all(lookups));
    if (!needsRecordChecks && candidates.size > LOAD_ALL_BELOW) {
      const ids = await newestOf(repo, candidates, offset, limit);
      return { ranked: await repo.getMany(ids), total: candidates.size, partial: false, q };
    }
    if (candidates.size > loadAllBelow && offset + limit < candidates.size) {
      // Many to check for one window: newest first along the `modified` index, so checking can
      // stop early (an export of every match reads them all at once below).
      const next = newestFirstChunks(repo, candidates, walkStep);
      const { matches, partial } = await checkNewestFirst(next, repo, q, offset + limit, budgetMs);
      return { ranked: matches.slice(offset, offset + limit), total: matches.length, partial, q };
    }
    const matches = (await repo.getMany([...candidates]))
      .filter((a) => passesRecordChecks(a, q))
      .sort(newestFirst);
    return { ranked: matches.slice(offset, offset + limit), total: matches.length, partial: false, q };
  });
}
