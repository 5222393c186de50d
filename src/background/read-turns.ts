/**
 * Reads someone waits for (a search typed in the popup, a page's annotations) go ahead of the
 * search index's build: the build's reads and indexing would otherwise queue ahead of theirs (on a
 * worker just woken with 100,000 annotations, a phrase search took 2-3 s, a common prefix 4-5 s,
 * and a page's 20 annotations came 150 ms after a popup opened beside it).
 */
export interface ReadTurns {
  /** Lets `read` go ahead of the build until it settles, or for `maxMs` at most. */
  goFirst(read: Promise<unknown>): void;
  /** Whether some read is going first now. */
  busy(): boolean;
  /** Resolves once no read is going first. */
  idle(): Promise<void>;
}

export function createReadTurns(maxMs = 1_500): ReadTurns {
  const turns = new Set<Promise<unknown>>();
  return {
    goFirst(read) {
      let timer = 0;
      const turn = Promise.race([
        read.catch(() => undefined),
        new Promise((resolve) => (timer = setTimeout(resolve, maxMs) as unknown as number)),
      ]).finally(() => {
        clearTimeout(timer);
        turns.delete(turn);
      });
      turns.add(turn);
    },
    busy: () => turns.size > 0,
    async idle() {
      while (turns.size) await Promise.all(turns);
    },
  };
}
