/**
 * describe(range) -> the selectors stored for an annotation.
 *
 * What is stored (space `normalized`, the default):
 * - `TextPositionSelector {start, end}`: offsets in the normalised model text
 *   (`normalizeWithMap(model.text).text`), so they survive whitespace and markup changes.
 *   The selection is trimmed of white space at both ends first, so
 *   `normalised.slice(start, end) === normalizeWithMap(exact).text` always holds.
 * - `TextQuoteSelector.exact`: the page's raw text of that trimmed selection, verbatim (as
 *   written in export, what a reader recognises).
 * - `prefix` / `suffix`: the raw text before / after it that makes up `contextLength` (32)
 *   normalised characters (fewer at the ends of the text). A run of white space there counts as
 *   one character, so layout indentation never eats the context; raw text is kept verbatim.
 *
 * In space `raw` (textContent semantics of the peer suites) offsets are raw UTF-16 offsets,
 * nothing is trimmed and context is `contextLength` raw characters: Hypothesis's format.
 */
import type { TextPositionSelector, TextQuoteSelector } from '../shared/annotation';
import {
  boundaryOffset,
  rawEndOf,
  rawStartOf,
  searchTextOf,
  toSearchOffset,
  type PositionSpace,
  type SearchText,
} from './search-text';
import type { TextModel } from './text-model';

export interface DescribeOptions {
  space?: PositionSpace;
  /** Characters of context on each side, in the search space (default 32). */
  contextLength?: number;
}

export type DescribedSelectors = [TextQuoteSelector, TextPositionSelector];

/**
 * Selectors for a DOM range over the model's text, or null when the range is outside the model
 * or (normalised) holds no visible character.
 */
export function describe(
  range: Range,
  model: TextModel,
  options: DescribeOptions = {},
): DescribedSelectors | null {
  const rawStart = boundaryOffset(model, range.startContainer, range.startOffset);
  const rawEnd = boundaryOffset(model, range.endContainer, range.endOffset);
  if (rawStart < 0 || rawEnd < 0 || rawEnd < rawStart) return null;
  return describeOffsets(searchTextOf(model, options.space ?? 'normalized'), rawStart, rawEnd, options);
}

/** Selectors for raw model offsets `[rawStart, rawEnd)`. */
export function describeOffsets(
  st: SearchText,
  rawStart: number,
  rawEnd: number,
  options: DescribeOptions = {},
): DescribedSelectors | null {
  const ctx = options.contextLength ?? 32;
  let start = toSearchOffset(st, rawStart);
  let end = toSearchOffset(st, rawEnd);
  if (st.space === 'normalized') {
    while (start < end && st.text.charCodeAt(start) === 32) start++;
    while (end > start && st.text.charCodeAt(end - 1) === 32) end--;
    if (start === end) return null;
  }
  const exactFrom = rawStartOf(st, start);
  const exactTo = st.space === 'raw' ? end : Math.max(exactFrom, rawEndOf(st, end));
  const prefixFrom = rawStartOf(st, Math.max(0, start - ctx));
  const suffixTo =
    st.space === 'raw'
      ? Math.min(st.raw.length, end + ctx)
      : rawEndOf(st, Math.min(st.text.length, end + ctx));
  return [
    {
      type: 'TextQuoteSelector',
      exact: st.raw.slice(exactFrom, exactTo),
      prefix: st.raw.slice(prefixFrom, exactFrom),
      suffix: st.raw.slice(exactTo, Math.max(exactTo, suffixTo)),
    },
    { type: 'TextPositionSelector', start, end },
  ];
}
