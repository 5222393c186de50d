/**
 * Finding a quote in a text: exact occurrences first, then approximate matches (Myers'
 * bit-parallel algorithm from `approx-string-match`), each candidate scored by how close the quote,
 * its prefix and suffix are to the text, and how near it is to a position hint.
 *
 * All strings must already be in one space (see search-text.ts); nothing here folds case.
 */
import search from 'approx-string-match';

export interface QuoteContext {
  prefix?: string;
  suffix?: string;
  /** Where the quote is expected to start. */
  hint?: number;
}

export interface MatchOptions {
  /** Errors allowed in the quote, as a share of its length (default 0.5, at most 256 errors). */
  maxErrorRate?: number;
  /** Candidates scoring below this are not returned (default 0.5). */
  minScore?: number;
  /** The caller already searched for exact occurrences and found none: skip that scan. */
  exactKnownAbsent?: boolean;
}

export interface QuoteMatch {
  start: number;
  end: number;
  /** 1 = exact quote, exact context, at the hint; see `scoreCandidate`. */
  score: number;
  /** Edit distance between the quote and `text.slice(start, end)`. */
  errors: number;
}

/** Score weights: the quote itself counts most, then its context, the hint only breaks ties. */
const W_QUOTE = 0.55;
const W_PREFIX = 0.2;
const W_SUFFIX = 0.2;
const W_HINT = 0.05;

/** Beyond this many exact occurrences the rest are not scored (a quote of a common word). */
const MAX_EXACT = 5000;

/**
 * Edit distance between `pattern` and the best-fitting end of `text` (the alignment must reach the
 * last character of `text` but may start anywhere in it): how well stored prefix text fits the
 * text just before a candidate, whatever was inserted or removed further away.
 */
export function endAnchoredDistance(pattern: string, text: string): number {
  const m = pattern.length;
  const n = text.length;
  if (!m) return 0;
  let prev = new Array<number>(n + 1).fill(0); // row 0: the alignment may start anywhere
  let cur = new Array<number>(n + 1);
  for (let i = 1; i <= m; i++) {
    cur[0] = i;
    const c = pattern.charCodeAt(i - 1);
    for (let j = 1; j <= n; j++) {
      const sub = prev[j - 1]! + (c === text.charCodeAt(j - 1) ? 0 : 1);
      cur[j] = Math.min(sub, prev[j]! + 1, cur[j - 1]! + 1);
    }
    [prev, cur] = [cur, prev];
  }
  return prev[n]!;
}

const reverse = (s: string): string => s.split('').reverse().join('');

/** Similarity in [0, 1] of stored prefix to the text before `start`. */
function prefixSimilarity(text: string, prefix: string, start: number): number {
  if (!prefix) return 1;
  const window = text.slice(Math.max(0, start - prefix.length - (prefix.length >> 1)), start);
  return Math.max(0, 1 - endAnchoredDistance(prefix, window) / prefix.length);
}

/** Similarity in [0, 1] of stored suffix to the text after `end`. */
function suffixSimilarity(text: string, suffix: string, end: number): number {
  if (!suffix) return 1;
  const window = text.slice(end, end + suffix.length + (suffix.length >> 1));
  return Math.max(0, 1 - endAnchoredDistance(reverse(suffix), reverse(window)) / suffix.length);
}

/** Score of a candidate `[start, end)` with `errors` quote errors. */
export function scoreCandidate(
  text: string,
  quoteLength: number,
  ctx: QuoteContext,
  start: number,
  end: number,
  errors: number,
): number {
  const quoteSim = 1 - errors / quoteLength;
  const prefixSim = prefixSimilarity(text, ctx.prefix ?? '', start);
  const suffixSim = suffixSimilarity(text, ctx.suffix ?? '', end);
  const hintSim =
    ctx.hint === undefined || !text.length ? 1 : 1 - Math.min(1, Math.abs(start - ctx.hint) / text.length);
  return W_QUOTE * quoteSim + W_PREFIX * prefixSim + W_SUFFIX * suffixSim + W_HINT * hintSim;
}

/**
 * Every start of `quote` in `text` (overlapping ones too) where the text before it ends with
 * `prefix` and the text after it begins with `suffix`. An empty quote occurs at every offset.
 */
export function findAllExact(
  text: string,
  quote: string,
  prefix = '',
  suffix = '',
  limit = Infinity,
): number[] {
  const out: number[] = [];
  // `indexOf('', i)` never fails (it clamps to the length), hence the explicit bound.
  for (let i = text.indexOf(quote); i >= 0 && out.length < limit;) {
    const fits =
      (!prefix || (i >= prefix.length && text.startsWith(prefix, i - prefix.length))) &&
      (!suffix || text.startsWith(suffix, i + quote.length));
    if (fits) out.push(i);
    i = i + 1 > text.length ? -1 : text.indexOf(quote, i + 1);
  }
  return out;
}

function best(
  text: string,
  quoteLength: number,
  ctx: QuoteContext,
  cands: Array<{ start: number; end: number; errors: number }>,
  offset = 0,
): QuoteMatch | null {
  let top: QuoteMatch | null = null;
  for (const c of cands) {
    const start = c.start + offset;
    const end = c.end + offset;
    const score = scoreCandidate(text, quoteLength, ctx, start, end, c.errors);
    // Strictly greater: among equal scores the first in the text wins.
    if (!top || score > top.score) top = { start, end, score, errors: c.errors };
  }
  return top;
}

/**
 * The best place for `quote` in `text`, or null when no candidate is within the error budget and
 * scores at least `minScore`. Exact occurrences are used when there are any; otherwise, with a
 * hint, a window around the hint is searched before the whole text.
 */
export function matchQuote(
  text: string,
  quote: string,
  ctx: QuoteContext = {},
  options: MatchOptions = {},
): QuoteMatch | null {
  if (!quote.length || !text.length) return null;
  const minScore = options.minScore ?? 0.5;
  const accept = (m: QuoteMatch | null): QuoteMatch | null => (m && m.score >= minScore ? m : null);

  const exact = options.exactKnownAbsent ? [] : findAllExact(text, quote, '', '', MAX_EXACT);
  if (exact.length) {
    const cands = exact.map((start) => ({ start, end: start + quote.length, errors: 0 }));
    return accept(best(text, quote.length, ctx, cands));
  }

  const maxErrors = Math.min(256, Math.floor(quote.length * (options.maxErrorRate ?? 0.5)));
  if (maxErrors < 1) return null;
  if (ctx.hint !== undefined) {
    // Most edited passages moved little: search near the hint first, which is much cheaper.
    const pad = Math.max(512, quote.length * 2);
    const from = Math.max(0, ctx.hint - pad);
    const to = Math.min(text.length, ctx.hint + quote.length + pad);
    if (from > 0 || to < text.length) {
      const near = best(text, quote.length, ctx, search(text.slice(from, to), quote, maxErrors), from);
      // Good enough to stop: few quote errors and context largely intact.
      if (near && near.errors <= quote.length * 0.25 && near.score >= Math.max(minScore, 0.75)) return near;
    }
  }
  return accept(best(text, quote.length, ctx, search(text, quote, maxErrors)));
}

/** The most text found inside a quote, in one piece, that `findAroundInsertion` steps over. */
export const MAX_INSERTION = 1500;
/** Context both sides must keep for that: the whole quote is then between two exact anchors. */
const MIN_CONTEXT = 8;
/** How many of its first characters an insertion may share with the rest of the quote. */
const MAX_SHARED_START = 64;

/**
 * The quote whole, but cut in two by something inserted since (an ad block, a "read more" link, a
 * related-stories box): its head right after the exact stored prefix, its tail right before the
 * exact stored suffix, at most MAX_INSERTION characters apart. A short quote cut so has too many
 * errors for an approximate match (70 characters inside 75), though every one of its characters
 * is there. The stretch returned runs from head to tail; `gap` is the insertion in it.
 */
export function findAroundInsertion(
  text: string,
  quote: string,
  ctx: QuoteContext,
): { start: number; end: number; gap: [number, number] } | null {
  const prefix = ctx.prefix ?? '';
  const suffix = ctx.suffix ?? '';
  if (quote.length < 2 || prefix.length < MIN_CONTEXT || suffix.length < MIN_CONTEXT) return null;
  let best: { start: number; end: number; gap: [number, number] } | null = null;
  const lead = prefix + quote[0];
  for (let at = text.indexOf(lead); at >= 0; at = text.indexOf(lead, at + 1)) {
    const start = at + prefix.length;
    // The head: as much of the quote as the text holds from its start.
    let head = 0;
    while (head < quote.length && text.charCodeAt(start + head) === quote.charCodeAt(head)) head++;
    if (head === quote.length) continue;
    // The tail: the rest of the quote and the stored suffix, after the insertion. An insertion
    // may begin with characters the quote goes on with: the head is shortened until one fits.
    for (let h = head; h >= Math.max(1, head - MAX_SHARED_START); h--) {
      const tail = quote.slice(h) + suffix;
      const from = start + h + 1;
      const found = text.slice(from, start + h + MAX_INSERTION + tail.length).indexOf(tail);
      if (found < 0) continue;
      const end = from + found + quote.length - h;
      if (!best || (ctx.hint !== undefined && Math.abs(start - ctx.hint) < Math.abs(best.start - ctx.hint)))
        best = { start, end, gap: [start + h, from + found] };
      break;
    }
  }
  return best;
}
