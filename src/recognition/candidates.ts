import type { Seed } from './align';
import type { PackIndex } from './pack-index';
import { FILTER_MASK, PAIR_MULTIPLIER } from './pack-index';
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

/** Stretches of one point tried, densest first, when the visible seeds of a denser one fall short. */
const MAX_STRETCHES = 3;

/**
 * Finds candidates cheaply: every page word pair is looked up in the pack's pair table, and each
 * hit votes for where its point would start on the page, counted in buckets as wide as the drift
 * a point may show (words a page inserts or drops inside it). Only a dense pair of buckets becomes
 * a candidate, so a page that shares the vocabulary scatters its votes and costs one map lookup a
 * word. Scanning is incremental (`scan` over successive word ranges) so long pages are cut into
 * small tasks; nothing per vote is kept but a count (and when each bucket got its first).
 */
export class CandidateScanner {
  /**
   * Votes per point and bucket of start positions, all points in one typed array made at the
   * first scan and sized by the page: point p's bucket b (b + offset, as a point cut off at the
   * page's top starts before word 0) is at `base[p] + b`. One array, not one per point, and typed:
   * in code the page has not run yet each element read costs, and a vote reads few.
   */
  private votes = new Int32Array(0);
  /** Per point and bucket, as `votes`: when it got its first vote (1, 2, ...; 0 for none), to break ties in page order. */
  private firstVote = new Int32Array(0);
  /** Per point: where its buckets start in `votes`, and how many it has. */
  private base = new Int32Array(0);
  private bucketCount = new Int32Array(0);
  /**
   * Per point: its offset times its width, plus its base times its width, so that a vote's index in
   * `votes` is one truncating division: base + floor((j - i) / width + offset) written as
   * floor((j - i + reach) / width), exact as the added terms are multiples of the width. A plain
   * array, not an Int32Array: on a page of tens of millions of words the products pass 2^31 (the
   * quotient, an index into `votes`, does not).
   */
  private reach: number[] = [];
  private readonly offsets: Int32Array;
  /**
   * Per page word j: 1 + the pack pair id of words (j, j+1), or 0. Filled by `scan`, so that
   * `seedsIn` reads each pair where the scan looked it up, uncapped, instead of looking it up again.
   */
  private pairIds = new Int32Array(0);
  private voteCount = 0;
  /** The page words the arrays were sized for. */
  private sizedFor = -1;
  /** Per point: the bucket width, about 30% of its length. */
  private readonly widths: Int32Array;
  /** Per pack pair id: how often the page has shown it so far. */
  private readonly seen: Uint16Array;
  /**
   * Per point: the most votes one bucket holds, kept as votes come. A stretch is two neighbouring
   * buckets, so it holds at most twice that: a point without enough votes (every point, on most
   * pages) is ruled out without a walk of its buckets.
   */
  private readonly best: Int32Array;

  constructor(private readonly index: PackIndex) {
    this.widths = Int32Array.from(index.points, (p) => Math.max(10, Math.ceil(p.words.length * 0.3)));
    this.offsets = Int32Array.from(index.points, (p, k) => Math.ceil(p.words.length / this.widths[k]!) + 1);
    this.seen = new Uint16Array(index.entryStart.length - 1);
    this.best = new Int32Array(index.points.length);
  }

  /** Sizes the vote arrays for a page of `length` words; a scanner serves one page's words. */
  private size(length: number): void {
    if (this.sizedFor === length) return;
    if (this.sizedFor >= 0) throw new Error('a CandidateScanner scans one page');
    this.sizedFor = length;
    const { widths, offsets } = this;
    this.bucketCount = widths.map((w, p) => Math.floor(length / w) + offsets[p]! + 2);
    this.base = new Int32Array(widths.length);
    for (let p = 1; p < widths.length; p++) this.base[p] = this.base[p - 1]! + this.bucketCount[p - 1]!;
    this.reach = Array.from(widths, (w, p) => (offsets[p]! + this.base[p]!) * w);
    const total = widths.length ? this.base[widths.length - 1]! + this.bucketCount[widths.length - 1]! : 0;
    this.votes = new Int32Array(total);
    this.firstVote = new Int32Array(total);
    this.pairIds = new Int32Array(length);
  }

  /**
   * Looks up the pairs that start at page words [from, to); slices need no overlap.
   *
   * The first page that shows an article runs this loop in V8's interpreter, where a call (to a
   * helper, to Math.floor or Math.max) costs more than the arithmetic it saves writing: it makes
   * none but the map lookup and Math.imul. With `pairIds` (no second lookup in `seedsIn`), this
   * took the first article’s scan and candidates on a 20 KB page from 3.1 to 2.6 ms here (4.6 to
   * 3.2 ms in a busier run).
   */
  scan(words: WordSeq, from: number, to: number): void {
    const { pairs, filter, entryStart, entryPoint, entryPos } = this.index;
    const h = words.hashes;
    const end = Math.min(to, words.length - 1);
    this.size(words.length);
    const { votes, firstVote, reach, widths, seen, best, pairIds } = this;
    // Locals: a module binding or a property is a slower load than a local in the interpreter.
    const multiplier = PAIR_MULTIPLIER;
    let voteCount = this.voteCount;
    for (let j = Math.max(0, from); j < end; j++) {
      // pairKey(h[j], h[j + 1]), written out.
      const key = (Math.imul(h[j]!, multiplier) ^ h[j + 1]!) | 0;
      if (filter[key & FILTER_MASK] === 0) continue;
      const id = pairs.get(key);
      if (id === undefined) continue;
      pairIds[j] = id + 1;
      if (seen[id]! >= PAIR_CAP) continue;
      seen[id]!++;
      const last = entryStart[id + 1]!;
      for (let e = entryStart[id]!; e < last; e++) {
        const p = entryPoint[e]!;
        // The numerator is positive (the offset covers a point cut off at the page's top), so
        // truncation is the floor.
        const at = ((j - entryPos[e]! + reach[p]!) / widths[p]!) | 0;
        const v = ++votes[at]!;
        if (v === 1) firstVote[at] = ++voteCount;
        if (v > best[p]!) best[p] = v;
      }
    }
    this.voteCount = voteCount;
  }

  /**
   * Per point, the densest two neighbouring buckets, if they hold at least `minShare` of the
   * point's pairs; its seeds are then taken again from the page words of that stretch, uncapped,
   * so a pair the page repeats elsewhere still counts where the point is. `visible(j)` leaves out
   * seeds on words a reader cannot see. Votes are cast before anything is known of visibility, so
   * where a stretch's visible seeds fall short (a copy hidden by CSS before the shown one, as
   * responsive layouts print an article twice), the next densest stretch is tried, up to
   * MAX_STRETCHES.
   */
  candidates(words: WordSeq, minShare: number, visible?: (wordIndex: number) => boolean): Candidate[] {
    const points = this.index.points;
    // Per point with enough votes, its stretches best first, and the one being tried.
    const stretches: number[][] = points.map((p, k) => {
      const enough = minShare * Math.max(1, p.words.length - 1);
      return this.best[k]! === 0 || 2 * this.best[k]! < enough ? [] : this.densest(k, enough);
    });
    const tried = new Int32Array(points.length);
    const out: Candidate[] = [];
    for (;;) {
      // The page stretch where each point's seeds may start: [lo, hi).
      const active = new Uint8Array(points.length);
      const lo = new Int32Array(points.length);
      const hi = new Int32Array(points.length);
      const ranges: Array<[number, number]> = [];
      for (let p = 0; p < points.length; p++) {
        const bucket = stretches[p]![tried[p]!];
        if (bucket === undefined) continue;
        const width = this.widths[p]!;
        active[p] = 1;
        lo[p] = (bucket - 1) * width;
        hi[p] = (bucket + 3) * width;
        ranges.push([Math.max(0, lo[p]!), Math.min(words.length - 1, hi[p]! + points[p]!.words.length)]);
      }
      if (!ranges.length) break;
      const found = this.seedsIn(mergeRanges(ranges), { active, lo, hi }, visible);
      for (let p = 0; p < points.length; p++) {
        if (!active[p]) continue;
        const seeds = nearestPerPosition(found[p]!, points[p]!.words.length);
        const share = seeds.length / Math.max(1, points[p]!.words.length - 1);
        if (share >= minShare) {
          out.push({ point: p, share, seeds });
          stretches[p] = [];
        } else tried[p]!++;
      }
    }
    return out.sort((a, b) => a.point - b.point);
  }

  /**
   * The starts of a point's stretches (buckets b, b+1 that together hold at least `enough`
   * votes), densest first and, among equals, the one that got its first vote first (about page
   * order: where one point's text shows twice, the first copy). One copy's votes fall in one
   * bucket or two neighbours, so a start next to a chosen one is the same copy and is passed over.
   */
  private densest(p: number, enough: number): number[] {
    const from = this.base[p]!;
    const until = from + this.bucketCount[p]!;
    const counts = this.votes.subarray(from, until);
    const order = this.firstVote.subarray(from, until);
    const starts: number[] = [];
    for (let at = 1; at + 1 < counts.length; at++) {
      if (counts[at]! > 0 && counts[at]! + counts[at + 1]! >= enough) starts.push(at);
    }
    starts.sort(
      (a, b) => counts[b]! + counts[b + 1]! - (counts[a]! + counts[a + 1]!) || order[a]! - order[b]!,
    );
    const chosen: number[] = [];
    for (const at of starts) {
      if (chosen.length === MAX_STRETCHES) break;
      if (chosen.every((c) => Math.abs(c - at) > 1)) chosen.push(at);
    }
    return chosen.map((at) => at - this.offsets[p]!);
  }

  /**
   * Seeds of every active point whose start falls in its stretch [lo[p], hi[p]), in one
   * pass over the page words of all the stretches: the stretches of neighbouring points overlap,
   * and each page word pair is read once, as the scan found it.
   */
  private seedsIn(
    ranges: Array<[number, number]>,
    { active, lo, hi }: { active: Uint8Array; lo: Int32Array; hi: Int32Array },
    visible?: (wordIndex: number) => boolean,
  ): Seed[][] {
    const { entryStart, entryPoint, entryPos } = this.index;
    const pairIds = this.pairIds;
    const found: Seed[][] = this.index.points.map(() => []);
    for (const [from, to] of ranges) {
      for (let j = from; j < to; j++) {
        const id = pairIds[j]! - 1;
        if (id < 0) continue;
        const last = entryStart[id + 1]!;
        for (let e = entryStart[id]!; e < last; e++) {
          const p = entryPoint[e]!;
          const i = entryPos[e]!;
          if (!active[p] || j - i < lo[p]! || j - i >= hi[p]!) continue;
          if (visible && !(visible(j) && visible(j + 1))) continue;
          found[p]!.push({ i, j });
        }
      }
    }
    return found;
  }
}

/** Sorted, overlapping or touching [from, to) ranges merged. */
function mergeRanges(ranges: Array<[number, number]>): Array<[number, number]> {
  ranges.sort((a, b) => a[0] - b[0]);
  const out: Array<[number, number]> = [];
  for (const r of ranges) {
    const last = out[out.length - 1];
    if (last && r[0] <= last[1]) last[1] = Math.max(last[1], r[1]);
    else out.push([r[0], r[1]]);
  }
  return out;
}

/**
 * One seed per point position. Most positions have one; where a pair recurs nearby ("the platform
 * economy" closes several points, "of the" is everywhere), the seed kept is the one that starts the
 * point where the nearest positions with a single seed, before or after, start it: those are the
 * page's copy of the point around that word. A point split by an ad has two starts, one on each
 * side of the ad, and one start for all (the median) picked, for a word of the lead sentence, a
 * pair of the ad nearer the body's start than the lead's own. Without such neighbours, the median
 * start decides. In page order, as found, so the chain's sort by page position has nothing to move.
 */
function nearestPerPosition(found: Seed[], n: number): Seed[] {
  if (!found.length) return found;
  // The seeds of each position, by a counting sort: bySlot[first[i]..first[i + 1]) index `found`.
  const first = new Int32Array(n + 1);
  for (let k = 0; k < found.length; k++) first[found[k]!.i + 1]!++;
  for (let i = 0; i < n; i++) first[i + 1]! += first[i]!;
  const next = first.slice(0, n);
  const bySlot = new Int32Array(found.length);
  for (let k = 0; k < found.length; k++) bySlot[next[found[k]!.i]!++] = k;
  // Per position, the start (j - i) of the nearest single-seed position before it and after it.
  const NONE = -0x40000000;
  const before = new Int32Array(n).fill(NONE);
  const after = new Int32Array(n).fill(NONE);
  for (let i = 1, last = NONE; i < n; i++) {
    if (first[i]! - first[i - 1]! === 1) last = found[bySlot[first[i - 1]!]!]!.j - (i - 1);
    before[i] = last;
  }
  for (let i = n - 2, last = NONE; i >= 0; i--) {
    if (first[i + 2]! - first[i + 1]! === 1) last = found[bySlot[first[i + 1]!]!]!.j - (i + 1);
    after[i] = last;
  }
  let median = NONE;
  // Per point position, the index in `found` of its seed, plus one.
  const chosen = new Int32Array(n);
  for (let i = 0; i < n; i++) {
    const from = first[i]!;
    const until = first[i + 1]!;
    if (until - from === 1) chosen[i] = bySlot[from]! + 1;
    if (until - from < 2) continue;
    const anchored = before[i] !== NONE || after[i] !== NONE;
    if (!anchored && median === NONE) median = medianStart(found);
    const ref1 = anchored ? before[i]! : median;
    const ref2 = anchored ? after[i]! : NONE;
    let best = -1;
    let bestDistance = Infinity;
    for (let x = from; x < until; x++) {
      const k = bySlot[x]!;
      const start = found[k]!.j - i;
      // The distance to the nearer reference, without Math calls (see `scan`).
      let d = Infinity;
      if (ref1 !== NONE) d = start < ref1 ? ref1 - start : start - ref1;
      if (ref2 !== NONE) {
        const e = start < ref2 ? ref2 - start : start - ref2;
        if (e < d) d = e;
      }
      // Ties go to the first in page order (bySlot keeps it).
      if (d < bestDistance) {
        bestDistance = d;
        best = k;
      }
    }
    chosen[i] = best + 1;
  }
  const out: Seed[] = [];
  for (let k = 0; k < found.length; k++) if (chosen[found[k]!.i] === k + 1) out.push(found[k]!);
  return out;
}

/** The median of the seeds' starts (j - i). */
function medianStart(found: Seed[]): number {
  const starts = new Int32Array(found.length);
  for (let k = 0; k < found.length; k++) starts[k] = found[k]!.j - found[k]!.i;
  starts.sort();
  return starts[starts.length >> 1]!;
}
