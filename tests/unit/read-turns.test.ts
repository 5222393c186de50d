import { describe, expect, it, vi } from 'vitest';
import 'fake-indexeddb/auto';
import { createContentHandlers } from '../../src/background/handlers/content';
import { createReadTurns } from '../../src/background/read-turns';
import { freshBackbone, sample } from './support/backbone';

/** A promise with its settling functions, to hold a read open as long as a test wants. */
function held() {
  let resolve!: (v: unknown) => void;
  let reject!: (e: unknown) => void;
  const promise = new Promise((res, rej) => {
    resolve = res;
    reject = rej;
  });
  return { promise, resolve, reject };
}

describe('read turns (reads that go ahead of the search index build)', () => {
  it('holds the build while a read is under way, and lets it go once every read settled', async () => {
    const turns = createReadTurns();
    const a = held();
    const b = held();
    turns.goFirst(a.promise);
    turns.goFirst(b.promise);
    expect(turns.busy()).toBe(true);
    let idle = false;
    const waiting = turns.idle().then(() => (idle = true));
    a.resolve('rows');
    await a.promise;
    await Promise.resolve();
    expect(idle).toBe(false);
    b.reject(new Error('the read failed'));
    await waiting;
    expect(turns.busy()).toBe(false);
  });

  it('a read that never settles holds the build for its time at most', async () => {
    vi.useFakeTimers();
    try {
      const turns = createReadTurns(100);
      turns.goFirst(new Promise(() => undefined));
      let idle = false;
      void turns.idle().then(() => (idle = true));
      await vi.advanceTimersByTimeAsync(99);
      expect(idle).toBe(false);
      await vi.advanceTimersByTimeAsync(1);
      expect(idle).toBe(true);
      expect(turns.busy()).toBe(false);
    } finally {
      vi.useRealTimers();
    }
  });

  it('waits for a read that comes while it waits for another', async () => {
    const turns = createReadTurns();
    const a = held();
    const b = held();
    turns.goFirst(a.promise);
    let idle = false;
    const waiting = turns.idle().then(() => (idle = true));
    turns.goFirst(b.promise);
    a.resolve(1);
    await a.promise;
    for (let i = 0; i < 5; i++) await Promise.resolve();
    expect(idle).toBe(false);
    b.resolve(2);
    await waiting;
  });
});

describe('a page asking for its annotations', () => {
  it('goes ahead of the search index build until it has its answer', async () => {
    const { deps } = await freshBackbone();
    const url = 'https://example.com/turns';
    const saved = sample({ url });
    await deps.annotations.create(saved);
    const read = held();
    const turns = createReadTurns();
    const handlers = createContentHandlers(
      { ...deps, annotations: { ...deps.annotations, listByUrl: () => read.promise.then(() => [saved]) } },
      turns,
    );
    const answer = handlers.listForPage({}, { url, tabId: 1, frameId: 0 });
    expect(turns.busy()).toBe(true);
    read.resolve(undefined);
    expect(await answer).toEqual([saved]);
    await turns.idle();
    expect(turns.busy()).toBe(false);
  });
});
