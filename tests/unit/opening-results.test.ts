import { describe, expect, it, vi } from 'vitest';
import type { AnnotationsChange } from '../../src/background/db/annotations-repo';
import { keepOpeningResults } from '../../src/background/opening-results';
import type { OpeningResultsStore } from '../../src/platform/opening-results';
import { OPENING_SEARCH, type SearchRequest, type SearchResult } from '../../src/shared/messaging/protocol';

const resultOf = (total: number): SearchResult => ({ total, groups: [], terms: [] });

/** A store that records every write, a repo whose changes the test commits, a search it controls. */
function setup(quietMs = 5, cheap = () => true) {
  const writes: (number | null)[] = [];
  const store: OpeningResultsStore = {
    read: async () => null,
    write: async (r) => void writes.push(r ? r.total : null),
  };
  let listener: ((change: AnnotationsChange) => void) | null = null;
  const repo = { subscribe: (l: (change: AnnotationsChange) => void) => ((listener = l), () => undefined) };
  let total = 1;
  let gate: Promise<void> = Promise.resolve();
  const search = vi.fn(async (_request: SearchRequest) => {
    const answer = total;
    await gate;
    return resultOf(answer);
  });
  const keep = keepOpeningResults(search, repo, store, { quietMs, cheap });
  const commit = (newTotal: number) => {
    total = newTotal;
    listener!({ kind: 'delete', ids: ['x'] });
  };
  const hold = () => {
    let open!: () => void;
    gate = new Promise((resolve) => (open = resolve));
    return () => {
      gate = Promise.resolve();
      open();
    };
  };
  return { writes, keep, commit, hold, search };
}

describe('the popup’s opening results kept in session storage', () => {
  it('keeps the answer to the opening search, and only to it', async () => {
    const { writes, keep } = setup();
    expect((await keep({ ...OPENING_SEARCH })).total).toBe(1);
    await keep({ query: 'harbour', limit: 50 });
    await keep({ ...OPENING_SEARCH, offset: 50 });
    await vi.waitFor(() => expect(writes).toEqual([1]));
  });

  it('with nothing changed since they were kept, an opening search does not write them again', async () => {
    const { writes, keep, commit } = setup();
    await keep({ ...OPENING_SEARCH });
    await keep({ ...OPENING_SEARCH });
    await keep({ ...OPENING_SEARCH });
    commit(2);
    await vi.waitFor(() => expect(writes).toEqual([1, null, 2]));
    await keep({ ...OPENING_SEARCH });
    await new Promise((r) => setTimeout(r, 20));
    expect(writes).toEqual([1, null, 2]);
  });

  it('a change removes them at once and they are searched again after a quiet moment', async () => {
    const { writes, keep, commit, search } = setup();
    await keep({ ...OPENING_SEARCH });
    commit(2);
    commit(3);
    await vi.waitFor(() => expect(writes).toEqual([1, null, null, 3]));
    // One search for the two changes (they came within the quiet moment).
    expect(search).toHaveBeenCalledTimes(2);
  });

  it('after a change, no search is made when it would not be cheap (the index is not built)', async () => {
    vi.useFakeTimers();
    try {
      const { writes, keep, commit, search } = setup(5, () => false);
      await keep({ ...OPENING_SEARCH });
      commit(2);
      // Well past the quiet moment: without the check, a search would have run and been kept.
      await vi.advanceTimersByTimeAsync(50);
      expect(search).toHaveBeenCalledTimes(1);
      expect(writes).toEqual([1, null]);
    } finally {
      vi.useRealTimers();
    }
  });

  it('an answer searched while a change was committed is not kept', async () => {
    const { writes, keep, commit, hold } = setup(60_000);
    const release = hold();
    const pending = keep({ ...OPENING_SEARCH });
    commit(2);
    release();
    expect((await pending).total).toBe(1);
    await keep({ ...OPENING_SEARCH });
    await vi.waitFor(() => expect(writes).toEqual([null, 2]));
  });
});
