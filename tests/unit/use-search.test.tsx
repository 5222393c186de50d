// @vitest-environment happy-dom
/**
 * The popup's opening search: what its first frame shows (the answer, else the results the worker
 * kept, else nothing yet), when it may render, and that it always ends on the worker's answer.
 */
import { render } from 'preact';
import { act } from 'preact/test-utils';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { SearchResult } from '../../src/shared/messaging/protocol';
import type { RpcResult } from '../../src/shared/messaging/rpc';

let answer: (value: RpcResult<SearchResult>) => void;
const callBackground = vi.fn(() => new Promise<RpcResult<SearchResult>>((resolve) => (answer = resolve)));
vi.mock('../../src/ui/background', () => ({ callBackground }));
const { startSearch, useSearch } = await import('../../src/ui/use-search');

const REQUEST = { query: '', filters: {}, limit: 50 };
const result = (total: number): SearchResult => ({ total, groups: [], terms: [] });
const deferred = <T,>() => {
  let resolve!: (value: T) => void;
  const promise = new Promise<T>((r) => (resolve = r));
  return { promise, resolve };
};
const settled = () => new Promise((r) => setTimeout(r, 0));

/** Renders useSearch and records every state it shows. */
function mount(early: ReturnType<typeof startSearch>) {
  const seen: { total: number | null; loading: boolean }[] = [];
  function View() {
    const state = useSearch(REQUEST, 0, early);
    seen.push({ total: state.result?.total ?? null, loading: state.loading });
    return null;
  }
  const root = document.createElement('div');
  return { seen, root, show: () => render(<View />, root) };
}

beforeEach(() => {
  callBackground.mockClear();
});
afterEach(() => vi.useRealTimers());

describe('the opening search', () => {
  it('may render once the kept results arrive, and its first frame shows them', async () => {
    const kept = deferred<SearchResult | null>();
    const early = startSearch(REQUEST, kept.promise);
    let ready = false;
    void early.firstArrival(10_000).then(() => (ready = true));
    await settled();
    expect(ready).toBe(false);
    kept.resolve(result(7));
    await settled();
    expect(ready).toBe(true);
    const view = mount(early);
    await act(view.show);
    expect(view.seen[0]).toEqual({ total: 7, loading: true });
    await act(async () => answer({ ok: true, value: result(8) }));
    expect(view.seen.at(-1)).toEqual({ total: 8, loading: false });
    expect(callBackground).toHaveBeenCalledTimes(1);
  });

  it('with nothing kept, waits for the answer and shows it in the first frame', async () => {
    const early = startSearch(REQUEST, Promise.resolve(null));
    let ready = false;
    void early.firstArrival(10_000).then(() => (ready = true));
    await settled();
    expect(ready).toBe(false);
    answer({ ok: true, value: result(3) });
    await settled();
    expect(ready).toBe(true);
    const view = mount(early);
    await act(view.show);
    expect(view.seen).toEqual([{ total: 3, loading: false }]);
  });

  it('renders after the wait when neither arrives, and shows the answer when it does', async () => {
    vi.useFakeTimers();
    const early = startSearch(REQUEST, new Promise(() => {}));
    let ready = false;
    void early.firstArrival(60).then(() => (ready = true));
    await vi.advanceTimersByTimeAsync(59);
    expect(ready).toBe(false);
    await vi.advanceTimersByTimeAsync(1);
    expect(ready).toBe(true);
    vi.useRealTimers();
    const view = mount(early);
    await act(view.show);
    expect(view.seen[0]).toEqual({ total: null, loading: true });
    await act(async () => answer({ ok: true, value: result(5) }));
    expect(view.seen.at(-1)).toEqual({ total: 5, loading: false });
  });

  it('an answer that arrives between the first frame and its effects is not lost', async () => {
    const early = startSearch(REQUEST, Promise.resolve(result(7)));
    await early.firstArrival(10_000);
    const view = mount(early);
    // Rendered outside act: preact runs the effects after the next frame, as in the popup.
    view.show();
    expect(view.seen[0]).toEqual({ total: 7, loading: true });
    answer({ ok: true, value: result(9) });
    await vi.waitFor(() => expect(view.seen.at(-1)).toEqual({ total: 9, loading: false }));
  });

  it('an error answer ends the wait with the error', async () => {
    const early = startSearch(REQUEST, Promise.resolve(null));
    answer({ ok: false, error: 'The database could not be opened.' });
    await early.firstArrival(10_000);
    let shown: unknown;
    function View() {
      shown = useSearch(REQUEST, 0, early);
      return null;
    }
    await act(() => render(<View />, document.createElement('div')));
    expect(shown).toEqual({ result: null, loading: false, error: 'The database could not be opened.' });
  });
});
