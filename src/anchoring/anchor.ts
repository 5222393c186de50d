/**
 * anchor(selectors) -> a range on the page, or an orphan. In order:
 * 1. `position`: the stored position still holds the stored quote;
 * 2. `quote`: exact occurrences of the quote, disambiguated by prefix/suffix (exact context first,
 *    then context similarity and closeness to the stored position);
 * 3. `fuzzy`: the whole quote cut in two by an insertion, between its exact stored prefix and
 *    suffix; else an approximate match (match-quote.ts) scoring at least `minScore`;
 * else an orphan, which the caller shows to the reader. Selectors of other types are ignored.
 */
import type { TextPositionSelector, TextQuoteSelector } from '../shared/annotation';
import { findAllExact, findAroundInsertion, matchQuote, scoreCandidate } from './match-quote';
import {
  foldContext,
  foldQuote,
  rangeAt,
  rawEndOf,
  rawStartOf,
  searchTextOf,
  type PositionSpace,
  type SearchText,
} from './search-text';
import type { TextModel } from './text-model';

export type AnchorMethod = 'position' | 'quote' | 'fuzzy';

export interface AnchorOptions {
  space?: PositionSpace;
  /** Minimum score of a fuzzy match (see match-quote.ts; default 0.65). */
  minScore?: number;
  /** Quote errors allowed in a fuzzy match, as a share of its length (default 0.5). */
  maxErrorRate?: number;
}

/** Offsets in the search space and in the raw model text. */
export interface AnchoredOffsets {
  start: number;
  end: number;
  rawStart: number;
  rawEnd: number;
  method: AnchorMethod;
  score: number;
  /** Raw offsets of something inserted inside the quote since it was saved (see findAroundInsertion). */
  rawGap?: [number, number];
}

export type Anchored = {
  range: Range;
  /**
   * The quote's text in `range` where that is not all of it: the two sides of an insertion (an ad,
   * a link), so that what the page inserted is not shown as the reader's highlight.
   */
  pieces?: Range[];
  method: AnchorMethod;
  score: number;
  start: number;
  end: number;
};
export type Orphan = { orphan: true; reason: 'no-selector' | 'not-found' | 'empty' };
export type AnchorResult = Anchored | Orphan;

/** Loose selector input: stored or imported annotations may carry other selector types. */
type AnySelector = { type: string } & Partial<Omit<TextQuoteSelector, 'type'>> &
  Partial<Omit<TextPositionSelector, 'type'>>;

function pick(selectors: readonly AnySelector[]): {
  quote?: { exact: string; prefix: string; suffix: string };
  position?: { start: number; end: number };
} {
  let quote: { exact: string; prefix: string; suffix: string } | undefined;
  let position: { start: number; end: number } | undefined;
  for (const s of selectors) {
    if (s.type === 'TextQuoteSelector' && typeof s.exact === 'string' && !quote)
      quote = { exact: s.exact, prefix: s.prefix ?? '', suffix: s.suffix ?? '' };
    if (
      s.type === 'TextPositionSelector' &&
      Number.isInteger(s.start) &&
      Number.isInteger(s.end) &&
      !position
    )
      position = { start: s.start!, end: s.end! };
  }
  return { quote, position };
}

export function anchor(
  model: TextModel,
  selectors: readonly AnySelector[],
  options: AnchorOptions = {},
): AnchorResult {
  const st = searchTextOf(model, options.space ?? 'normalized');
  const found = anchorOffsets(st, selectors, options);
  if ('orphan' in found) return found;
  const range = rangeAt(model, found.rawStart, found.rawEnd);
  if (!range) return { orphan: true, reason: 'empty' };
  const anchored: Anchored = {
    range,
    method: found.method,
    score: found.score,
    start: found.start,
    end: found.end,
  };
  if (found.rawGap) {
    const head = rangeAt(model, found.rawStart, found.rawGap[0]);
    const tail = rangeAt(model, found.rawGap[1], found.rawEnd);
    if (head && tail) anchored.pieces = [head, tail];
  }
  return anchored;
}

/** The anchoring decision on a search text, without the DOM. */
export function anchorOffsets(
  st: SearchText,
  selectors: readonly AnySelector[],
  options: AnchorOptions = {},
): AnchoredOffsets | Orphan {
  const text = st.text;
  const { quote, position } = pick(selectors);
  const done = (start: number, end: number, method: AnchorMethod, score: number): AnchoredOffsets => ({
    start,
    end,
    rawStart: rawStartOf(st, start),
    rawEnd: start === end ? rawStartOf(st, start) : rawEndOf(st, end),
    method,
    score,
  });
  const positionValid =
    position && position.start >= 0 && position.start <= position.end && position.end <= text.length;

  if (!quote) {
    return positionValid
      ? done(position.start, position.end, 'position', 1)
      : { orphan: true, reason: 'no-selector' };
  }
  const q = foldQuote(st.space, quote.exact);
  if (!q.length) {
    // Nothing visible was quoted: only the position can say where.
    return positionValid
      ? done(position.start, position.end, 'position', 1)
      : { orphan: true, reason: 'empty' };
  }
  const ctx = {
    prefix: foldContext(st.space, quote.prefix, 'prefix'),
    suffix: foldContext(st.space, quote.suffix, 'suffix'),
    hint: position && position.start >= 0 ? position.start : undefined,
  };
  /** Whether the stored context stands right before `start` / right after `end`. */
  const prefixBefore = (start: number): boolean =>
    start >= ctx.prefix.length && text.startsWith(ctx.prefix, start - ctx.prefix.length);
  const suffixAfter = (end: number): boolean => text.startsWith(ctx.suffix, end);
  // The quote where it was, with the text on one side of it at least as it was: a short quote
  // ("ferry") may be at its old offset by chance, another copy moved there by an insertion above.
  if (
    positionValid &&
    text.startsWith(q, position.start) &&
    position.end - position.start === q.length &&
    (prefixBefore(position.start) || suffixAfter(position.end))
  ) {
    return done(position.start, position.end, 'position', 1);
  }
  // Exact quote with the exact stored context: the one nearest the stored position wins (the
  // context scores are equal), so an occurrence near it settles it without scanning the page.
  if (ctx.hint !== undefined) {
    const pad = Math.max(4096, q.length * 8);
    const from = Math.max(0, ctx.hint - pad - ctx.prefix.length);
    const near = findAllExact(
      text.slice(from, ctx.hint + pad + q.length + ctx.suffix.length),
      q,
      ctx.prefix,
      ctx.suffix,
    );
    if (near.length) {
      const at =
        near.reduce((a, b) => (Math.abs(b + from - ctx.hint!) < Math.abs(a + from - ctx.hint!) ? b : a)) +
        from;
      return done(at, at + q.length, 'quote', 1);
    }
  }
  // Otherwise every exact occurrence (one scan of the text), those with the exact context
  // first, scored by context similarity and distance to the position.
  const all = findAllExact(text, q, '', '', 5000);
  const strict = all.filter((i) => prefixBefore(i) && suffixAfter(i + q.length));
  const exact = strict.length ? strict : all;
  let top = -1;
  let topScore = -1;
  for (const i of exact) {
    const s = scoreCandidate(text, q.length, ctx, i, i + q.length, 0);
    if (s > topScore) [top, topScore] = [i, s];
  }
  if (strict.length) return done(top, top + q.length, 'quote', topScore);
  // Every character of the quote still there between its stored prefix and suffix, cut in two by
  // an insertion (an ad block, a link): found before any approximate match, which would take a
  // short quote's head and the start of the ad for it.
  const cut = findAroundInsertion(text, q, ctx);
  if (cut) {
    const score = scoreCandidate(text, q.length, ctx, cut.start, cut.end, 0);
    // The space on either side of the insertion is painted with neither piece, as on its far side.
    let [headEnd, tailStart] = cut.gap;
    while (headEnd > cut.start + 1 && text.charCodeAt(headEnd - 1) === 32) headEnd--;
    while (tailStart < cut.end - 1 && text.charCodeAt(tailStart) === 32) tailStart++;
    return {
      ...done(cut.start, cut.end, 'fuzzy', score),
      rawGap: [rawEndOf(st, headEnd), rawStartOf(st, tailStart)],
    };
  }

  const fuzzy = { minScore: options.minScore ?? 0.65, maxErrorRate: options.maxErrorRate ?? 0.5 };
  if (top >= 0) {
    // No occurrence keeps its context: the passage itself may have been edited where it was, and
    // its old wording survive elsewhere (a reader's comment quoting it, a standfirst). An edited
    // copy in its own context, near the stored position, can score above an exact copy in another
    // (the scores are alike, see scoreCandidate). Only near that position: the page-wide fuzzy
    // search is for quotes with no exact copy at all.
    if (ctx.hint !== undefined) {
      const pad = Math.max(4096, q.length * 8);
      const from = Math.max(0, ctx.hint - pad);
      const to = Math.min(text.length, ctx.hint + q.length + pad);
      // The approximate search reports only its fewest-error matches: the exact copies nearby
      // are blanked out of its window, so that it finds the best edited one.
      let window = text.slice(from, to);
      for (const i of all) {
        if (i < from || i + q.length > to) continue;
        window = window.slice(0, i - from) + '\0'.repeat(q.length) + window.slice(i - from + q.length);
      }
      const near = matchQuote(
        window,
        q,
        { ...ctx, hint: ctx.hint - from },
        { ...fuzzy, exactKnownAbsent: true },
      );
      // Scored in the slice: the distance term is the same share of a shorter text, so rescore.
      const score = near
        ? scoreCandidate(text, q.length, ctx, near.start + from, near.end + from, near.errors)
        : -1;
      if (near && score > topScore) return done(near.start + from, near.end + from, 'fuzzy', score);
    }
    return done(top, top + q.length, 'quote', topScore);
  }
  const m = matchQuote(text, q, ctx, { ...fuzzy, exactKnownAbsent: true });
  if (m) return done(m.start, m.end, 'fuzzy', m.score);
  return { orphan: true, reason: 'not-found' };
}
