/**
 * Search as you type: the request is sent after a short pause in typing, and an answer that
 * arrives after a newer request was made is dropped, so results never jump back to an older query.
 */
import { useEffect, useRef, useState } from 'preact/hooks';
import type { SearchRequest, SearchResult } from '../shared/messaging/protocol';
import type { RpcResult } from '../shared/messaging/rpc';
import { callBackground } from './background';

export const SEARCH_DEBOUNCE_MS = 60;

export interface SearchState {
  result: SearchResult | null;
  loading: boolean;
  error: string | null;
}

/** A search sent before the first render (the popup sends its first one as its script starts). */
export interface EarlySearch {
  request: SearchRequest;
  answer: Promise<RpcResult<SearchResult>>;
  /** Results kept from an earlier answer to the same request, shown until `answer` arrives. */
  kept?: Promise<SearchResult | null>;
}

export function startSearch(request: SearchRequest, kept?: Promise<SearchResult | null>): EarlySearch {
  // Sent while the worker may be starting: see CallOptions.timeoutMs.
  const answer = callBackground('search', request, { retries: 2, timeoutMs: 3_000 });
  return kept ? { request, answer, kept } : { request, answer };
}

/** `version` forces a new search for the same request (after an edit or a delete). */
export function useSearch(request: SearchRequest, version = 0, early?: EarlySearch): SearchState {
  const [state, setState] = useState<SearchState>({ result: null, loading: true, error: null });
  const latest = useRef(0);
  const key = JSON.stringify(request);
  const first = useRef(true);

  useEffect(() => {
    const ticket = ++latest.current;
    setState((s) => ({ ...s, loading: true }));
    const useEarly = first.current && early !== undefined && JSON.stringify(early.request) === key;
    const run = async () => {
      let answered = false;
      if (useEarly && early.kept) {
        void early.kept.then((kept) => {
          if (kept && !answered && ticket === latest.current)
            setState({ result: kept, loading: true, error: null });
        });
      }
      const answer = useEarly ? await early.answer : await callBackground('search', request, { retries: 1 });
      answered = true;
      if (ticket !== latest.current) return;
      setState(
        answer.ok
          ? { result: answer.value, loading: false, error: null }
          : { result: null, loading: false, error: answer.error },
      );
    };
    // The first search runs at once: the popup shows results as soon as it opens.
    if (first.current) {
      first.current = false;
      void run();
      return undefined;
    }
    const timer = setTimeout(() => void run(), SEARCH_DEBOUNCE_MS);
    return () => clearTimeout(timer);
  }, [key, version]);

  return state;
}
