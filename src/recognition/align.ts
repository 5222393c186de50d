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
/**
 * In a longer gap of the same length on both sides, only the page words that are the point's word
 * there (of four letters or more, see nearWords), as it is or with a typo, count as found; none
 * counts as a synonym. On a copy with typos and synonyms both, every other word changed leaves no
 * pair for a seed over a stretch of several words, yet its typos are still the point's words, each
 * in its place. A paragraph rewritten to say something else has few such words: its replacements
 * are other words, not misspellings. The limit, about a clause, was set on the generator's pages
 * (`tests/bench/recognition-draws.perf.ts`, draws 1-120, with onDiagonal): harsh edits (12% typos,
 * 20% synonyms) passed on 103 pages with 8 and 107 with 12 (78 before either change); a word-soup
 * rewrite (negative-rewritten, lit on 5 pages before) lit on one page more with 12, none with 8.
 */
const MAX_TYPO_GAP = 8;
/** Missing words at an end are matched to the rest of the line only up to this share of the point... */
const EDGE_SHARE = 0.2;
/** ...and when the rest of the line is as long as what is missing, give or take this share of it. */
const EDGE_SLACK = 0.2;
/** A quotation opening (or closing) this many point words or more inside the point is a quote of it. */
const QUOTED_FROM_INSIDE = 3;

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
  /**
   * Point words before the first and after the last equal word: a quote of one sentence leaves many.
   * Not counted: those the page holds in place up to where its paragraph starts or ends (see
   * `edgeWords` in alignSeeds), which are the point's words edited, as in a gap between seeds.
   */
  edgeMissing: number;
  /** The longest stretch of point words inside the alignment that the page does not have. */
  longestGap: number;
  /**
   * The page quotes the point from inside it: a quotation mark opens right where the words found
   * start, several of the point's first words short of its start (or closes where they end, short
   * of its end), with running text around it. A commentary quoting a long sentence of a point.
   */
  quoted: boolean;
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

/**
 * A pair the point holds twice ("digital infrastructure" in its lead and again in its body) seeds
 * both places at one page position, and a longest chain may take either: the one with the smaller
 * place in the point, by the way it is built, even where that leaves the point's words between the
 * two places out and puts the page's next words on another diagonal. Each seed of the chain moves
 * to the place of its pair that is nearest the diagonal of a neighbour (the page going on with the
 * point), as long as the chain still advances. The chain keeps its length; its edges and gaps then
 * say what the page holds.
 */
function onDiagonal(chain: Seed[], seeds: readonly Seed[]): Seed[] {
  const places = new Map<number, number[]>();
  for (const s of seeds) {
    const list = places.get(s.j);
    if (list) list.push(s.i);
    else places.set(s.j, [s.i]);
  }
  const out = [...chain];
  for (let k = 0; k < out.length; k++) {
    const s = out[k]!;
    const others = places.get(s.j);
    if (!others || others.length < 2) continue;
    const prev = out[k - 1];
    const next = out[k + 1];
    const off = (i: number): number =>
      Math.min(
        prev ? Math.abs(s.j - i - (prev.j - prev.i)) : Infinity,
        next ? Math.abs(s.j - i - (next.j - next.i)) : Infinity,
      );
    let best = s.i;
    for (const i of others) {
      if ((!prev || i > prev.i) && (!next || i < next.i) && off(i) < off(best)) best = i;
    }
    if (best !== s.i) out[k] = { i: best, j: s.j };
  }
  return out;
}

/** An insertion no longer than this (an ad block, a caption) may separate a point's lead or last sentence from the rest. */
const MAX_AD_WORDS = 40;

/**
 * Seeds beyond a long jump at either end of a chain, too few to be the point, are chance hits
 * in the next paragraph (a pair such as "digital technology" recurs across points): drop them.
 * But not the point's own first or last words, its lead sentence (five words, a typo taking two of
 * its pairs) with an ad after it: kept when they are where the point starts or ends, the point
 * goes on across the jump without a gap, and the jump is an ad's length and stands apart from
 * the text around it (a chain running on into the next paragraph jumps over running text).
 */
function trimStrays(chain: Seed[], n: number, separable: PageLayout['separable']): Seed[] {
  const STRAY = 3;
  const jump = (a: Seed, b: Seed): boolean => b.j - a.j - (b.i - a.i) >= LONG_INSERTION;
  // Up to twice the words a substitution may change, on the lead's side of an ad: a lead sentence
  // of seven or eight words reworded keeps a pair or two, anywhere in it.
  const across = (a: Seed, b: Seed): boolean =>
    b.i - a.i <= 2 + 2 * MAX_SUBSTITUTION &&
    b.j - a.j - (b.i - a.i) <= MAX_AD_WORDS &&
    cutAround(a, b, separable) !== null;
  const nearStart = (s: Seed) => s.i <= 2 * EDGE_WORDS;
  const nearEnd = (s: Seed) => s.i >= n - 2 - 2 * EDGE_WORDS;
  let lo = 0;
  let hi = chain.length;
  for (let changed = true; changed && hi - lo > STRAY;) {
    changed = false;
    for (let k = lo + 1; k <= Math.min(lo + STRAY, hi - 1); k++) {
      if (jump(chain[k - 1]!, chain[k]!)) {
        if (nearStart(chain[lo]!) && across(chain[k - 1]!, chain[k]!)) continue;
        lo = k;
        changed = true;
        break;
      }
    }
    for (let k = hi - 1; k >= Math.max(hi - STRAY, lo + 1); k--) {
      if (jump(chain[k - 1]!, chain[k]!)) {
        if (nearEnd(chain[hi - 1]!) && across(chain[k - 1]!, chain[k]!)) continue;
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
  /**
   * Whether a quotation mark opens right before page word j, with words of its line before it
   * (`opens`), or closes right after it, with words of its line after it (`closes`).
   */
  quoteOpens?(j: number): boolean;
  quoteCloses?(j: number): boolean;
}

const ANY_LAYOUT: PageLayout = { sameLine: () => true, separable: () => true };

/**
 * How many of the point words between two seeds stand before an insertion (the rest after it):
 * all after, all before, all before and the second seed's first word inside the insertion (the
 * insertion ends on that word by chance), then split (edits on both sides of an ad). Each puts a
 * run of the insertion's length at another place; only one whose both ends are element
 * boundaries is cut out.
 */
function splits(between: number): number[] {
  const out = [0];
  if (between > 0) out.push(between);
  if (between >= 0) out.push(between + 1);
  for (let k = 1; k < between; k++) out.push(k);
  return out;
}

/**
 * Where to cut the page words inserted between seeds a and b out of a highlight: the last page word
 * kept before the insertion and the first after it, or null when the insertion does not stand apart
 * from the point's text (its own elements: an ad, a link). Kept are the words up to the end of seed
 * a, and from the page position where b's point words would resume. The point's words between the
 * two seeds (typos broke their pairs) stand after the insertion, before it, or some on each side.
 * Seeds sharing a point word (-1 between them) or a point word replaced just before an ad can put
 * b's pair across the insertion's end: "…of the industry. | Related: … data and industry | Focus
 * on…", where the pair "industry focus" spans the ad's last word.
 */
function cutAround(a: Seed, b: Seed, separable: PageLayout['separable']): [number, number] | null {
  const between = b.i - a.i - 2;
  for (const before of splits(between)) {
    const cutEnd = a.j + 1 + before;
    const resume = b.j - (between - before);
    if (resume - cutEnd > 1 && separable(cutEnd + 1, resume - 1)) return [cutEnd, resume];
  }
  return null;
}

/**
 * @param n the point's length in words
 * @param seeds pair seeds of this point on visible page words
 * @param pageLength number of page words, to keep edge extension on the page
 * @param near whether page word j is point word i with a typo (words changed in place are checked)
 */
export function alignSeeds(
  n: number,
  seeds: Seed[],
  pageLength: number,
  layout: PageLayout = ANY_LAYOUT,
  near?: (i: number, j: number) => boolean,
): Alignment {
  const { sameLine, separable } = layout;
  const chain = trimStrays(onDiagonal(longestChain(seeds), seeds), n, separable);
  if (!chain.length)
    return {
      matches: 0,
      substituted: 0,
      runWords: 0,
      spanWords: 0,
      edgeMissing: n,
      longestGap: n,
      quoted: false,
      segments: [],
    };
  // Each seed covers point words i and i+1 at page words j and j+1. Between two seeds, a gap of
  // the same length on the point and the page is words changed in place: those that are the
  // point's word with a typo count as found, the others (a synonym) as substituted.
  const at = new Int32Array(n).fill(-1);
  for (const s of chain) {
    at[s.i] = s.j;
    if (s.i + 1 < n) at[s.i + 1] = s.j + 1;
  }
  let substituted = 0;
  for (let k = 1; k < chain.length; k++) {
    const a = chain[k - 1]!;
    const b = chain[k]!;
    const pointGap = b.i - a.i - 2;
    if (pointGap <= 0 || b.j - a.j - 2 !== pointGap) continue;
    const synonyms = pointGap <= MAX_SUBSTITUTION;
    if (!synonyms && !(near && pointGap <= MAX_TYPO_GAP)) continue;
    for (let g = 2; g < 2 + pointGap; g++) {
      if (near?.(a.i + g, a.j + g)) at[a.i + g] = a.j + g;
      else if (synonyms) substituted++;
    }
  }
  // Runs: three or more point words found in a row at consecutive page words. Chance alignments
  // rarely make them; a typo no longer breaks one.
  let matches = 0;
  let runWords = 0;
  let longestGap = 0;
  let run = 0;
  for (let i = 0, gap = 0; i <= n; i++) {
    const found = i < n && at[i]! >= 0;
    if (found && run > 0 && at[i]! === at[i - 1]! + 1) run++;
    else {
      if (run >= 3) runWords += run;
      run = found ? 1 : 0;
    }
    if (i === n) break;
    if (found) matches++;
    gap = found ? 0 : gap + 1;
    if (gap > longestGap && i > chain[0]!.i && i < chain[chain.length - 1]!.i) longestGap = gap;
  }

  /**
   * What to take beyond page word `j` (in direction `dir`) for the `missing` point words no seed
   * reached at that end: up to EDGE_WORDS on the same line (typos broke the first or last pairs),
   * or all that is left of the line when that is about as many as are missing (the point's
   * paragraph ends, or starts, where the point does: its words there, edited heavily, are in place
   * and not missing).
   */
  const none = { take: 0, inPlace: false };
  const edgeWords = (missing: number, j: number, dir: 1 | -1): typeof none => {
    if (missing <= 0) return none;
    const onPage = (k: number) => j + dir * k >= 0 && j + dir * k < pageLength;
    const onLine = (k: number) => onPage(k) && (dir > 0 ? sameLine(j, j + k) : sameLine(j - k, j));
    if (missing > EDGE_WORDS && missing <= EDGE_SHARE * n) {
      const slack = Math.max(1, Math.round(EDGE_SLACK * missing));
      let rest = 0;
      while (rest <= missing + slack && onLine(rest + 1)) rest++;
      if (Math.abs(rest - missing) <= slack) return { take: rest, inPlace: true };
    }
    const k = Math.min(missing, EDGE_WORDS);
    return { take: onLine(k) ? k : 0, inPlace: false };
  };
  const first = chain[0]!;
  const last = chain[chain.length - 1]!;
  const missingLead = first.i;
  const missingTail = Math.max(0, n - 2 - last.i);
  let from = first.j;
  let to = Math.min(pageLength - 1, last.j + 1);
  // Words missing at an end are taken from the page (typos broke their pairs), but not from the
  // other side of a quotation mark.
  const opens = layout.quoteOpens?.(from) ?? false;
  const closes = layout.quoteCloses?.(to) ?? false;
  const quoted =
    (opens && missingLead >= QUOTED_FROM_INSIDE) || (closes && missingTail >= QUOTED_FROM_INSIDE);
  const lead = opens ? none : edgeWords(missingLead, from, -1);
  from -= lead.take;
  substituted += Math.min(lead.take, missingLead);
  const tail = closes ? none : edgeWords(missingTail, to, 1);
  to += tail.take;
  substituted += Math.min(tail.take, missingTail);

  const segments: Array<[number, number]> = [];
  let segStart = from;
  let spanWords = 0;
  for (let k = 1; k < chain.length; k++) {
    const a = chain[k - 1]!;
    const b = chain[k]!;
    const inserted = b.j - a.j - (b.i - a.i);
    if (inserted < LONG_INSERTION) continue;
    const cut = cutAround(a, b, separable);
    if (cut) {
      const [cutEnd, resume] = cut;
      segments.push([segStart, cutEnd]);
      spanWords += cutEnd - segStart + 1;
      segStart = Math.max(resume, cutEnd + 1);
    }
  }
  segments.push([segStart, to]);
  spanWords += to - segStart + 1;
  const edgeMissing = (lead.inPlace ? 0 : missingLead) + (tail.inPlace ? 0 : missingTail);
  return { matches, substituted, runWords, spanWords, edgeMissing, longestGap, quoted, segments };
}
