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
/** The words of a squashed string. */
const split = (squashed: string) => (squashed === '' ? [] : squashed.split(' '));
const words = (s: string) => split(squash(s));

/** Stored context is cut at a fixed length (often 32), so its far end may be half a word. */
const LIKELY_CUT = 32;

/** A few whole words of context next to the quote: the end of the prefix, the start of the suffix. */
function contextWords(text: string, side: 'before' | 'after'): string {
  let ws = words(text);
  if (text.length >= LIKELY_CUT) ws = side === 'before' ? ws.slice(1) : ws.slice(0, -1);
  return (side === 'before' ? ws.slice(-CONTEXT_WORDS) : ws.slice(0, CONTEXT_WORDS)).join(' ');
}

export function textFragment(quote: TextQuoteSelector): string {
  const exact = squash(quote.exact);
  if (exact === '') return '';
  const parts: string[] = [];
  const before = contextWords(quote.prefix, 'before');
  if (before) parts.push(`${encodeFragmentPart(before)}-`);
  const exactWords = exact.length <= MAX_DIRECT ? [] : split(exact);
  if (exact.length <= MAX_DIRECT || exactWords.length <= EDGE_WORDS * 2) {
    parts.push(encodeFragmentPart(exact));
  } else {
    parts.push(encodeFragmentPart(exactWords.slice(0, EDGE_WORDS).join(' ')));
    parts.push(encodeFragmentPart(exactWords.slice(-EDGE_WORDS).join(' ')));
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
