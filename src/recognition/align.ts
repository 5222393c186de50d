/**
 * Alignment of one point against the page by chaining seeds, as read aligners do: each seed is a
 * word pair of the point found at some page position; the longest chain of seeds that advances
 * in both the point and the page is the alignment. Equal words are those the chain covers, runs
 * are chains of consecutive seeds, and a jump on the page larger than the jump in the point is
 * text the page inserted (an ad, a caption) and is left out of the highlight when long.
 * Cost: O(s log s) for s seeds, about the point's length: no quadratic table.
 */

/** Page words inserted inside a point are left out of its highlight from this many on. */
const LONG_INSERTION = 4;
/** Words at either end of a point that no seed covers (a typo in the first or last pair) are taken from the page up to this many. */
const EDGE_WORDS = 3;
/** Gaps of up to this many words, the same length on the point and the page, are words changed in place. */
const MAX_SUBSTITUTION = 3;

export interface Seed {
  /** Position of the pair's first word in the point. */
  i: number;
  /** Page word index of the pair's first word. */
  j: number;
}

export interface Alignment {
  /** Point words found equal on the page, in order. */
  matches: number;
  /**
   * Point words facing one page word each between two equal stretches (a typo, a synonym): the
   * page holds the point there, changed. Chance alignments on a page that only shares vocabulary
   * have too few seeds to frame such gaps.
   */
  substituted: number;
  /** Equal words that sit in runs of three or more in a row: chance alignments rarely make runs. */
  runWords: number;
  /** Page words between the first and last equal word, without long insertions. */
  spanWords: number;
  /** Point words before the first and after the last equal word: a quote of one sentence leaves many. */
  edgeMissing: number;
  /** The longest stretch of point words inside the alignment that the page does not have. */
  longestGap: number;
  /** Inclusive page word index ranges to highlight. */
  segments: Array<[number, number]>;
}

/** Longest chain with both `i` and `j` strictly increasing (patience sorting on `i` after ordering by `j`). */
export function longestChain(seeds: Seed[]): Seed[] {
  // A clean copy's seeds, in page order, already advance in both: the whole list is the chain.
  let advancing = true;
  for (let k = 1; k < seeds.length && advancing; k++) {
    advancing = seeds[k]!.i > seeds[k - 1]!.i && seeds[k]!.j > seeds[k - 1]!.j;
  }
  if (advancing) return [...seeds];
  const sorted = [...seeds].sort((a, b) => a.j - b.j || b.i - a.i);
  const tails: number[] = [];
  const prev = new Int32Array(sorted.length).fill(-1);
  for (let k = 0; k < sorted.length; k++) {
    const s = sorted[k]!;
    let lo = 0;
    let hi = tails.length;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      const t = sorted[tails[mid]!]!;
      if (t.i < s.i && t.j < s.j) lo = mid + 1;
      else hi = mid;
    }
    if (lo > 0) prev[k] = tails[lo - 1]!;
    tails[lo] = k;
  }
  const chain: Seed[] = [];
  for (let k = tails.length ? tails[tails.length - 1]! : -1; k >= 0; k = prev[k]!) chain.push(sorted[k]!);
  return chain.reverse();
}

/** An insertion no longer than this (an ad block, a caption) may separate a point's lead or last sentence from the rest. */
const MAX_AD_WORDS = 40;

/**
 * Seeds beyond a long jump at either end of a chain, too few to be the point, are chance hits
 * in the next paragraph (a pair such as "digital technology" recurs across points): drop them.
 * But not the point's own first or last words, its lead sentence (five words, a typo taking two of
 * its pairs) with an ad after it: kept when they are where the point starts or ends, the point
 * goes on across the jump without a gap, and the jump is an ad's length.
 */
function trimStrays(chain: Seed[], n: number): Seed[] {
  const STRAY = 3;
  const jump = (a: Seed, b: Seed): boolean => b.j - a.j - (b.i - a.i) >= LONG_INSERTION;
  const across = (a: Seed, b: Seed): boolean =>
    b.i - a.i <= 2 + MAX_SUBSTITUTION && b.j - a.j - (b.i - a.i) <= MAX_AD_WORDS;
  let lo = 0;
  let hi = chain.length;
  for (let changed = true; changed && hi - lo > STRAY;) {
    changed = false;
    for (let k = lo + 1; k <= Math.min(lo + STRAY, hi - 1); k++) {
      if (jump(chain[k - 1]!, chain[k]!)) {
        if (chain[lo]!.i <= EDGE_WORDS && across(chain[k - 1]!, chain[k]!)) continue;
        lo = k;
        changed = true;
        break;
      }
    }
    for (let k = hi - 1; k >= Math.max(hi - STRAY, lo + 1); k--) {
      if (jump(chain[k - 1]!, chain[k]!)) {
        if (chain[hi - 1]!.i >= n - 2 - EDGE_WORDS && across(chain[k - 1]!, chain[k]!)) continue;
        hi = k;
        changed = true;
        break;
      }
    }
  }
  return chain.slice(lo, hi);
}

/** What the page's structure says about its words; recognition itself knows no DOM. */
export interface PageLayout {
  /** Whether page words a..b sit in one block (edge extension never crosses a block). */
  sameLine(a: number, b: number): boolean;
  /**
   * Whether page words a..b stand apart from their neighbours (their own elements, such as an
   * inline ad or a "read more" link), as opposed to running text that rewording lengthened.
   */
  separable(a: number, b: number): boolean;
}

const ANY_LAYOUT: PageLayout = { sameLine: () => true, separable: () => true };

/**
 * @param n the point's length in words
 * @param seeds pair seeds of this point on visible page words
 * @param pageLength number of page words, to keep edge extension on the page
 */
export function alignSeeds(
  n: number,
  seeds: Seed[],
  pageLength: number,
  layout: PageLayout = ANY_LAYOUT,
): Alignment {
  const { sameLine, separable } = layout;
  const chain = trimStrays(longestChain(seeds), n);
  if (!chain.length)
    return {
      matches: 0,
      substituted: 0,
      runWords: 0,
      spanWords: 0,
      edgeMissing: n,
      longestGap: n,
      segments: [],
    };
  // Each seed covers point words i and i+1 at page words j and j+1; a run of consecutive seeds
  // covers consecutive words, and words in runs of three or more are marked once each.
  const covered = new Uint8Array(n);
  const inRun = new Uint8Array(n);
  let runStart = 0;
  for (let k = 0; k <= chain.length; k++) {
    const s = chain[k];
    const p = chain[k - 1];
    if (s) {
      covered[s.i] = 1;
      if (s.i + 1 < n) covered[s.i + 1] = 1;
    }
    const continues = s && p && s.i === p.i + 1 && s.j === p.j + 1;
    if (!continues && k > 0) {
      // chain[runStart..k-1] are consecutive seeds: (k - runStart) + 1 words in a row.
      if (k - runStart + 1 >= 3) inRun.fill(1, chain[runStart]!.i, Math.min(n, chain[k - 1]!.i + 2));
      runStart = k;
    }
  }
  let runWords = 0;
  for (let i = 0; i < n; i++) runWords += inRun[i]!;
  let matches = 0;
  let longestGap = 0;
  for (let i = 0, gap = 0; i < n; i++) {
    matches += covered[i]!;
    gap = covered[i] ? 0 : gap + 1;
    if (gap > longestGap && i > chain[0]!.i && i < chain[chain.length - 1]!.i) longestGap = gap;
  }

  let substituted = 0;
  for (let k = 1; k < chain.length; k++) {
    const a = chain[k - 1]!;
    const b = chain[k]!;
    const pointGap = b.i - a.i - 2;
    if (pointGap > 0 && pointGap <= MAX_SUBSTITUTION && b.j - a.j - 2 === pointGap) substituted += pointGap;
  }

  const first = chain[0]!;
  const last = chain[chain.length - 1]!;
  let from = first.j;
  let to = Math.min(pageLength - 1, last.j + 1);
  const lead = Math.min(first.i, EDGE_WORDS);
  if (lead > 0 && from - lead >= 0 && sameLine(from - lead, from)) {
    from -= lead;
    substituted += lead;
  }
  const tail = Math.min(n - 2 - last.i, EDGE_WORDS);
  if (tail > 0 && to + tail < pageLength && sameLine(to, to + tail)) {
    to += tail;
    substituted += tail;
  }

  const segments: Array<[number, number]> = [];
  let segStart = from;
  let spanWords = 0;
  for (let k = 1; k < chain.length; k++) {
    const a = chain[k - 1]!;
    const b = chain[k]!;
    const inserted = b.j - a.j - (b.i - a.i);
    if (inserted < LONG_INSERTION) continue;
    // Keep what the point and page share around the insertion: words up to the end of seed a,
    // and from the page position where b's point words would resume. The point's words between
    // the two seeds (a typo broke their pairs) stand after the insertion or before it: the cut is
    // where what lies between stands apart, tried with them after it first.
    const between = Math.max(0, b.i - a.i - 2);
    for (const before of between > 0 ? [0, between] : [0]) {
      const cutEnd = a.j + 1 + before;
      const resume = b.j - (between - before);
      if (resume - cutEnd > 1 && separable(cutEnd + 1, resume - 1)) {
        segments.push([segStart, cutEnd]);
        spanWords += cutEnd - segStart + 1;
        segStart = Math.max(resume, cutEnd + 1);
        break;
      }
    }
  }
  segments.push([segStart, to]);
  spanWords += to - segStart + 1;
  const edgeMissing = first.i + Math.max(0, n - 2 - last.i);
  return { matches, substituted, runWords, spanWords, edgeMissing, longestGap, segments };
}
