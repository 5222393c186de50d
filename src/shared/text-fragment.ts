/**
 * Text fragment links (`#:~:text=[prefix-,]start[,end][,-suffix]`, WICG scroll-to-text-fragment):
 * open the page scrolled to the passage. Each part is percent-encoded, including `-`, `,` and `&`,
 * which have a meaning in the directive. The Markdown export links passages with it; the popup
 * and the review page open them with it.
 */
import type { TextQuoteSelector } from './annotation';

/** Quotes longer than this are linked as start,end (a few words at each end). */
const MAX_DIRECT = 80;
const EDGE_WORDS = 4;
const CONTEXT_WORDS = 3;

/** What encodeURIComponent leaves as it is but a text directive gives a meaning to. */
const DIRECTIVE_CHARS = /[-!'()*~]/;
const DIRECTIVE_CHARS_ALL = new RegExp(DIRECTIVE_CHARS.source, 'g');
const ESCAPES: Readonly<Record<string, string>> = {
  '-': '%2D',
  '!': '%21',
  "'": '%27',
  '(': '%28',
  ')': '%29',
  '*': '%2A',
  '~': '%7E',
};

// An export links every passage (100,000 of them in one file): these run often enough that a
// test before the replace and one squash per string are measurable.
export function encodeFragmentPart(text: string): string {
  const encoded = encodeURIComponent(text);
  return DIRECTIVE_CHARS.test(encoded) ? encoded.replace(DIRECTIVE_CHARS_ALL, (c) => ESCAPES[c]!) : encoded;
}

/** Whitespace other than single spaces between words: most quotes have none. */
const LOOSE_SPACE = /[^\S ]|\s\s|^\s|\s$/;
const squash = (s: string) => (LOOSE_SPACE.test(s) ? s.replace(/\s+/g, ' ').trim() : s);

// The word helpers below take squashed text (words between single spaces) and cut it where its
// spaces are, instead of splitting it into arrays of words: an export of 100,000 passages spent
// a third of its formatting time in those arrays.

/** The last `n` words of squashed `s`, without its first word when `dropFirst`. */
function lastWords(s: string, n: number, dropFirst = false): string {
  let from = 0;
  if (dropFirst) {
    const space = s.indexOf(' ');
    if (space < 0) return '';
    from = space + 1;
  }
  let at = s.length;
  for (let k = 0; k < n; k++) {
    const space = at > 0 ? s.lastIndexOf(' ', at - 1) : -1;
    if (space < from) return s.slice(from);
    at = space;
  }
  return s.slice(at + 1);
}

/** The first `n` words of squashed `s`, without its last word when `dropLast`. */
function firstWords(s: string, n: number, dropLast = false): string {
  let until = s.length;
  if (dropLast) {
    until = s.lastIndexOf(' ');
    if (until < 0) return '';
  }
  let at = -1;
  for (let k = 0; k < n; k++) {
    const space = s.indexOf(' ', at + 1);
    if (space < 0 || space >= until) return s.slice(0, until);
    at = space;
  }
  return s.slice(0, at);
}

/** Whether squashed `s` has more than `n` words. */
function moreWordsThan(s: string, n: number): boolean {
  let at = -1;
  for (let k = 0; k < n; k++) {
    at = s.indexOf(' ', at + 1);
    if (at < 0) return false;
  }
  return true;
}

/** Stored context is cut at a fixed length (often 32), so its far end may be half a word. */
const LIKELY_CUT = 32;

/** A few whole words of context next to the quote: the end of the prefix, the start of the suffix. */
function contextWords(text: string, side: 'before' | 'after'): string {
  const cut = text.length >= LIKELY_CUT;
  const squashed = squash(text);
  return side === 'before'
    ? lastWords(squashed, CONTEXT_WORDS, cut)
    : firstWords(squashed, CONTEXT_WORDS, cut);
}

export function textFragment(quote: TextQuoteSelector): string {
  const exact = squash(quote.exact);
  if (exact === '') return '';
  const parts: string[] = [];
  const before = contextWords(quote.prefix, 'before');
  if (before) parts.push(`${encodeFragmentPart(before)}-`);
  if (exact.length <= MAX_DIRECT || !moreWordsThan(exact, EDGE_WORDS * 2)) {
    parts.push(encodeFragmentPart(exact));
  } else {
    parts.push(encodeFragmentPart(firstWords(exact, EDGE_WORDS)));
    parts.push(encodeFragmentPart(lastWords(exact, EDGE_WORDS)));
  }
  const after = contextWords(quote.suffix, 'after');
  if (after) parts.push(`-${encodeFragmentPart(after)}`);
  return `:~:text=${parts.join(',')}`;
}

/** The page URL with a text fragment for the quote (any existing fragment is replaced). */
export function passageLink(url: string, quote: TextQuoteSelector): string {
  const base = url.split('#', 1)[0] ?? url;
  const fragment = textFragment(quote);
  return fragment ? `${base}#${fragment}` : base;
}
