import type { Seed } from './align';
import type { PackIndex } from './pack-index';
import { FILTER_MASK, pairKey } from './pack-index';
import type { WordSeq } from './words';

/** A stretch of page that may hold a point, with the seeds to align it by. */
export interface Candidate {
  point: number;
  /** Distinct word pairs of the point seen in the stretch, as a share of the point's pairs. */
  share: number;
  seeds: Seed[];
}

/**
 * A pair seen this many times on one page stops voting: "of the" or "digital services" on a
 * news site about the same subject says nothing about where a point is, and unbounded votes would
 * make a long page cost in proportion to its length times the pack's common pairs.
 */
const PAIR_CAP = 24;

/**
 * Finds candidates cheaply: every page word pair is looked up in the pack's pair table, and each
 * hit votes for where its point would start on the page, counted in buckets as wide as the drift
 * a point may show (words a page inserts or drops inside it). Only a dense pair of buckets becomes
 * a candidate, so a page that shares the vocabulary scatters its votes and costs one map lookup a
 * word. Scanning is incremental (`scan` over successive word ranges) so long pages are cut into
 * small tasks; nothing per vote is kept but a count.
 */
export class CandidateScanner {
  /** Per point: votes per bucket of start positions. */
  private readonly buckets: Array<Map<number, number>>;
  /** Per point: the bucket width, about 30% of its length. */
  private readonly widths: Int32Array;
  /** Per pack pair id: how often the page has shown it so far. */
  private readonly seen: Uint16Array;

  constructor(private readonly index: PackIndex) {
    this.buckets = index.points.map(() => new Map());
    this.widths = Int32Array.from(index.points, (p) => Math.max(10, Math.ceil(p.words.length * 0.3)));
    this.seen = new Uint16Array(index.entries.length);
  }

  /** Looks up the pairs that start at page words [from, to); slices need no overlap. */
  scan(words: WordSeq, from: number, to: number): void {
    const { pairs, entries, filter } = this.index;
    const h = words.hashes;
    const end = Math.min(to, words.length - 1);
    const { buckets, widths, seen } = this;
    for (let j = Math.max(0, from); j < end; j++) {
      const key = pairKey(h[j]!, h[j + 1]!);
      if (filter[key & FILTER_MASK] === 0) continue;
      const id = pairs.get(key);
      if (id === undefined || seen[id]! >= PAIR_CAP) continue;
      seen[id]!++;
      const list = entries[id]!;
      for (let k = 0; k < list.length; k++) {
        const entry = list[k]!;
        const p = entry >>> 16;
        const b = Math.floor((j - (entry & 0xffff)) / widths[p]!);
        const counts = buckets[p]!;
        counts.set(b, (counts.get(b) ?? 0) + 1);
      }
    }
  }

  /**
   * Per point, the densest two neighbouring buckets, if they hold at least `minShare` of the
   * point's pairs; its seeds are then taken again from the page words of that stretch, uncapped,
   * so a pair the page repeats elsewhere still counts where the point is. `visible(j)` leaves out
   * seeds on words a reader cannot see.
   */
  candidates(words: WordSeq, minShare: number, visible?: (wordIndex: number) => boolean): Candidate[] {
    const out: Candidate[] = [];
    this.index.points.forEach((ip, p) => {
      const n = ip.words.length;
      const pairCount = Math.max(1, n - 1);
      const counts = this.buckets[p]!;
      let best = 0;
      let bestBucket = 0;
      for (const [b, c] of counts) {
        const pair = c + (counts.get(b + 1) ?? 0);
        if (pair > best) {
          best = pair;
          bestBucket = b;
        }
      }
      if (best < minShare * pairCount) return;
      const width = this.widths[p]!;
      const seeds = this.seedsNear(words, p, (bestBucket - 1) * width, (bestBucket + 3) * width, visible);
      const share = seeds.length / pairCount;
      if (share >= minShare) out.push({ point: p, share, seeds });
    });
    return out;
  }

  /**
   * Seeds of point `p` whose start falls in [lo, hi): one per point position, the one nearest the
   * median start where a pair recurs nearby ("the platform economy" closes several points).
   */
  private seedsNear(
    words: WordSeq,
    p: number,
    lo: number,
    hi: number,
    visible?: (wordIndex: number) => boolean,
  ): Seed[] {
    const { pairs, entries, filter } = this.index;
    const n = this.index.points[p]!.words.length;
    const h = words.hashes;
    const found: Seed[] = [];
    const last = Math.min(words.length - 1, hi + n);
    for (let j = Math.max(0, lo); j < last; j++) {
      const key = pairKey(h[j]!, h[j + 1]!);
      if (filter[key & FILTER_MASK] === 0) continue;
      const id = pairs.get(key);
      if (id === undefined) continue;
      const list = entries[id]!;
      for (let k = 0; k < list.length; k++) {
        const entry = list[k]!;
        if (entry >>> 16 !== p) continue;
        const i = entry & 0xffff;
        if (j - i < lo || j - i >= hi) continue;
        if (visible && !(visible(j) && visible(j + 1))) continue;
        found.push({ i, j });
      }
    }
    if (!found.length) return found;
    const starts = new Int32Array(found.length);
    for (let k = 0; k < found.length; k++) starts[k] = found[k]!.j - found[k]!.i;
    starts.sort();
    const median = starts[starts.length >> 1]!;
    const byPosition = new Map<number, Seed>();
    for (const s of found) {
      const had = byPosition.get(s.i);
      if (!had || Math.abs(s.j - s.i - median) < Math.abs(had.j - had.i - median)) byPosition.set(s.i, s);
    }
    // In page order, as found: the chain's sort by page position then has nothing to move.
    return found.filter((s) => byPosition.get(s.i) === s);
  }
}
