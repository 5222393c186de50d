import type { Seed } from './align';
import type { PackIndex } from './pack-index';
import { pairKey } from './pack-index';
import type { WordSeq } from './words';

/** A stretch of page that may hold a point, with the seeds to align it by. */
export interface Candidate {
  point: number;
  /** Distinct word pairs of the point seen in the stretch, as a share of the point's pairs. */
  share: number;
  seeds: Seed[];
}

const POS = 65536;
/**
 * A pair seen this many times on one page stops voting: "of the" or "digital services" on a
 * news site about the same subject says nothing about where a point is, and unbounded votes would
 * make a long page cost in proportion to its length times the pack's common pairs.
 */
const PAIR_CAP = 24;

/**
 * Finds candidates cheaply: every page word pair is looked up in the pack's pair table, and each
 * hit votes for where its point would start on the page. Only a dense cluster of votes becomes a
 * candidate, so a page that shares the vocabulary scatters its votes and costs one map lookup a word.
 * Scanning is incremental (`scan` over successive word ranges) so long pages are cut into small tasks.
 */
export class CandidateScanner {
  /** Per point: votes packed as `start * 65536 + positionInPoint` (start may be negative). */
  private readonly votes: number[][];
  /** Per pack pair id: how often the page has shown it so far. */
  private readonly seen: Uint16Array;

  constructor(private readonly index: PackIndex) {
    this.votes = index.points.map(() => []);
    this.seen = new Uint16Array(index.entries.length);
  }

  /** Looks up the pairs that start at page words [from, to); slices need no overlap. */
  scan(words: WordSeq, from: number, to: number): void {
    const { pairs, entries } = this.index;
    const h = words.hashes;
    const end = Math.min(to, words.length - 1);
    const votes = this.votes;
    const seen = this.seen;
    for (let j = Math.max(0, from); j < end; j++) {
      const id = pairs.get(pairKey(h[j]!, h[j + 1]!));
      if (id === undefined || seen[id]! >= PAIR_CAP) continue;
      seen[id]!++;
      const list = entries[id]!;
      for (let k = 0; k < list.length; k++) {
        const entry = list[k]!;
        const pos = entry & 0xffff;
        votes[entry >>> 16]!.push((j - pos) * POS + pos);
      }
    }
  }

  /**
   * The densest cluster of votes per point, if it holds at least `minShare` of the point's pairs.
   * `visible(j)` leaves out seeds on words a reader cannot see.
   */
  candidates(words: WordSeq, minShare: number, visible?: (wordIndex: number) => boolean): Candidate[] {
    const out: Candidate[] = [];
    this.index.points.forEach((ip, p) => {
      const n = ip.words.length;
      const pairCount = Math.max(1, n - 1);
      const raw = this.votes[p]!;
      if (raw.length < minShare * pairCount) return;
      const votes = Float64Array.from(raw).sort();
      const startOf = (k: number): number => Math.floor(votes[k]! / POS);
      // Votes drift apart by the words a page inserts or drops inside a point (ads, rewording).
      const tolerance = Math.max(10, Math.ceil(n * 0.3));
      let best = 0;
      let bestLo = 0;
      let bestHi = 0;
      for (let lo = 0, hi = 0; hi < votes.length; hi++) {
        const s = startOf(hi);
        while (s - startOf(lo) > tolerance) lo++;
        if (hi - lo + 1 > best) {
          best = hi - lo + 1;
          bestLo = lo;
          bestHi = hi;
        }
      }
      if (best < minShare * pairCount) return;
      // Seeds are taken again from the page words of the cluster's stretch, uncapped: a pair the
      // page repeats elsewhere still counts where the point is. One seed per point position: where
      // a pair recurs nearby ("the platform economy" closes several points), keep the occurrence
      // nearest the cluster's median start.
      const median = startOf((bestLo + bestHi) >> 1);
      const lo = startOf(bestLo) - tolerance;
      const hi = startOf(bestHi) + tolerance;
      const byPosition = new Map<number, Seed>();
      const h = words.hashes;
      const last = Math.min(words.length - 1, hi + n);
      for (let j = Math.max(0, lo); j < last; j++) {
        const id = this.index.pairs.get(pairKey(h[j]!, h[j + 1]!));
        if (id === undefined) continue;
        for (const entry of this.index.entries[id]!) {
          if (entry >>> 16 !== p) continue;
          const i = entry & 0xffff;
          const start = j - i;
          if (start < lo || start > hi) continue;
          if (visible && !(visible(j) && visible(j + 1))) continue;
          const had = byPosition.get(i);
          if (!had || Math.abs(start - median) < Math.abs(had.j - had.i - median))
            byPosition.set(i, { i, j });
        }
      }
      const seeds = [...byPosition.values()];
      const distinct = seeds.length;
      const share = distinct / pairCount;
      if (share >= minShare) out.push({ point: p, share, seeds });
    });
    return out;
  }
}
