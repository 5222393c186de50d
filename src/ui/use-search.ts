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
  /** What has arrived so far, so that a render after its arrival can show it in its first frame. */
  arrived: { answer?: RpcResult<SearchResult>; kept?: SearchResult };
  /** Settles when the answer or kept results arrive, or after `ms`, whichever is first. */
  firstArrival(ms: number): Promise<void>;
}

export function startSearch(request: SearchRequest, kept?: Promise<SearchResult | null>): EarlySearch {
  // Sent while the worker may be starting: see CallOptions.timeoutMs.
  const answer = callBackground('search', request, { retries: 2, timeoutMs: 3_000 });
  const arrived: EarlySearch['arrived'] = {};
  const answered = answer.then((a) => void (arrived.answer = a));
  const keptArrived = kept?.then((k) => void (k ? (arrived.kept = k) : undefined));
  const firstArrival = (ms: number) =>
    new Promise<void>((resolve) => {
      setTimeout(resolve, ms);
      void answered.then(resolve);
      // No kept results (a change since): wait for the answer instead, still at most `ms`.
      void keptArrived?.then(() => arrived.kept && resolve());
    });
  return kept ? { request, answer, kept, arrived, firstArrival } : { request, answer, arrived, firstArrival };
}

const stateOf = (answer: RpcResult<SearchResult>): SearchState =>
  answer.ok
    ? { result: answer.value, loading: false, error: null }
    : { result: null, loading: false, error: answer.error };

/** `early` if it was sent for the request whose key is `key`. */
const earlyFor = (early: EarlySearch | undefined, key: string) =>
  early !== undefined && JSON.stringify(early.request) === key ? early : undefined;

/** The state a first render shows: the answer if it is in, else the kept results, else nothing yet. */
function initialState(early: EarlySearch | undefined): SearchState {
  if (early) {
    const { answer, kept } = early.arrived;
    if (answer) return stateOf(answer);
    if (kept) return { result: kept, loading: true, error: null };
  }
  return { result: null, loading: true, error: null };
}

/** `version` forces a new search for the same request (after an edit or a delete). */
export function useSearch(request: SearchRequest, version = 0, early?: EarlySearch): SearchState {
  const key = JSON.stringify(request);
  const [state, setState] = useState<SearchState>(() => initialState(earlyFor(early, key)));
  const latest = useRef(0);
  const first = useRef(true);

  useEffect(() => {
    const ticket = ++latest.current;
    const sent = first.current ? earlyFor(early, key) : undefined;
    // The early answer is in: the first render showed it (see initialState), or it arrived since.
    if (sent?.arrived.answer) {
      first.current = false;
      const state = stateOf(sent.arrived.answer);
      setState((s) => (s.result === state.result && s.error === state.error && !s.loading ? s : state));
      return undefined;
    }
    setState((s) => ({ ...s, loading: true }));
    const run = async () => {
      let answered = false;
      if (sent?.kept && !sent.arrived.kept) {
        void sent.kept.then((kept) => {
          if (kept && !answered && ticket === latest.current)
            setState({ result: kept, loading: true, error: null });
        });
      }
      const answer = sent ? await sent.answer : await callBackground('search', request, { retries: 1 });
      answered = true;
      if (ticket !== latest.current) return;
      setState(stateOf(answer));
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
