/**
 * Runs a query over the multiEntry `words` index: each word, phrase word and indexed filter gives a
 * set of ids; the sets are intersected (smallest first), what no index can check (phrases in order,
 * colour, site suffix) is checked on the records, and results are ranked newest first and grouped
 * by page.
 */
import type { Annotation } from '../../shared/annotation';
import type { PageGroup, SearchRequest, SearchResult } from '../../shared/messaging/protocol';
import { isOnSite, normalizeUrl } from '../../shared/url';
import { containsPhrase, wordsOf } from '../../shared/search-tokens';
import type { AnnotationsRepo } from '../db/annotations-repo';
import { parseQuery, termsOf, type ParsedQuery } from './query';

export const DEFAULT_LIMIT = 100;
/** Above this many candidates without record checks, rank by the `modified` index instead of loading rows. */
const LOAD_ALL_BELOW = 2_000;

type Lookups = Pick<
  AnnotationsRepo,
  | 'read'
  | 'getMany'
  | 'idsWithWordPrefix'
  | 'idsWithWord'
  | 'idsWithTag'
  | 'idsWithPoint'
  | 'idsWithUrl'
  | 'idsNewestFirst'
>;

function mergeFilters(request: SearchRequest): ParsedQuery {
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
  if (q.colors.length > 0 && !q.colors.every((c) => c === a.color)) return false;
  if (!q.sites.every((s) => isOnSite(a.url, s))) return false;
  if (q.phrases.length > 0) {
    const fields = [a.target.selector[0].exact, a.note, a.title, a.url, ...a.tags].map(wordsOf);
    if (!q.phrases.every((p) => fields.some((words) => containsPhrase(words, p)))) return false;
  }
  return true;
}

const newestFirst = (a: Annotation, b: Annotation) =>
  a.modified < b.modified ? 1 : a.modified > b.modified ? -1 : 0;

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

export async function search(repo: Lookups, request: SearchRequest): Promise<SearchResult> {
  const { ranked, total, q } = await run(repo, request);
  return { total, groups: groupByPage(ranked), terms: termsOf(q) };
}

async function run(repo: Lookups, request: SearchRequest) {
  const q = mergeFilters(request);
  const offset = request.offset ?? 0;
  const limit = request.limit ?? DEFAULT_LIMIT;
  const needsRecordChecks = q.colors.length > 0 || q.sites.length > 0 || q.phrases.length > 0;

  return repo.read(async () => {
    const lookups: Promise<string[]>[] = [
      ...q.prefixes.map((w) => repo.idsWithWordPrefix(w)),
      ...q.phrases.flat().map((w) => repo.idsWithWord(w)),
      // A site's host words narrow the candidates; the exact host check follows on the records.
      ...q.sites.flatMap((s) => wordsOf(s).map((w) => repo.idsWithWord(w))),
      ...q.tags.map((t) => repo.idsWithTag(t)),
      ...q.pointIds.map((p) => repo.idsWithPoint(p)),
      ...q.urls.map((u) => repo.idsWithUrl(u)),
    ];
    let ranked: Annotation[];
    let total: number;
    if (lookups.length === 0 && !needsRecordChecks) {
      const ids = await repo.idsNewestFirst();
      total = ids.length;
      ranked = await repo.getMany(ids.slice(offset, offset + limit));
    } else {
      const candidates =
        lookups.length > 0 ? intersect(await Promise.all(lookups)) : new Set(await repo.idsNewestFirst());
      if (!needsRecordChecks && candidates.size > LOAD_ALL_BELOW) {
        const ordered = (await repo.idsNewestFirst()).filter((id) => candidates.has(id));
        total = ordered.length;
        ranked = await repo.getMany(ordered.slice(offset, offset + limit));
      } else {
        const matches = (await repo.getMany([...candidates]))
          .filter((a) => passesRecordChecks(a, q))
          .sort(newestFirst);
        total = matches.length;
        ranked = matches.slice(offset, offset + limit);
      }
    }
    return { ranked, total, q };
  });
}
