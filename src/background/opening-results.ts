/**
 * Keeps the popup's opening results (see platform/opening-results.ts) current: every committed
 * write removes them at once, and they are written again from the search that follows, either the
 * popup's own or one made after a quiet moment (only if `cheap()` says that search costs little:
 * a save from a page must not make the worker build its search index for nobody). Writes to the
 * store go out in order, and a result is only written if no change was committed while it was
 * being searched.
 */
import type { OpeningResultsStore } from '../platform/opening-results';
import {
  isOpeningSearch,
  OPENING_SEARCH,
  type SearchRequest,
  type SearchResult,
} from '../shared/messaging/protocol';
import type { AnnotationsRepo } from './db/annotations-repo';

/** After the last change, how long to wait before searching again (bulk imports come in batches). */
export const QUIET_MS = 1_000;

export function keepOpeningResults(
  search: (request: SearchRequest) => Promise<SearchResult>,
  repo: Pick<AnnotationsRepo, 'subscribe'>,
  store: OpeningResultsStore,
  { quietMs = QUIET_MS, cheap = () => true }: { quietMs?: number; cheap?: () => boolean } = {},
): (request: SearchRequest) => Promise<SearchResult> {
  let generation = 0;
  let queue: Promise<void> = Promise.resolve();
  let timer: ReturnType<typeof setTimeout> | undefined;
  const write = (result: SearchResult | null) => {
    queue = queue.then(() => store.write(result)).catch(() => undefined);
  };
  // The generation whose results are stored: every popup opening asks the opening search, and with
  // nothing changed since, its answer is what is kept already (a write would copy 50 records
  // again). Should that write have failed, the popup simply waits for the worker.
  let keptGeneration = -1;
  const searchAndKeep = async (request: SearchRequest) => {
    const seen = generation;
    const result = await search(request);
    if (isOpeningSearch(request) && seen === generation && keptGeneration !== generation) {
      keptGeneration = generation;
      write(result);
    }
    return result;
  };
  repo.subscribe(() => {
    generation++;
    write(null);
    clearTimeout(timer);
    timer = setTimeout(() => {
      if (cheap()) void searchAndKeep({ ...OPENING_SEARCH }).catch(() => undefined);
    }, quietMs);
  });
  return searchAndKeep;
}
