/**
 * Word tokens for full-text search, shared by the index (background/db) and the query parser
 * (background/search) so both sides fold text the same way: case- and accent-insensitive.
 * (Recognition has its own tokenizer in recognition/words.ts, tuned for aligning article text.)
 */

/** Longer tokens are cut: nobody types 64 letters of one word, and keys stay small. */
export const MAX_WORD_LENGTH = 64;

const COMBINING_MARKS = /\p{M}+/gu;
/** Soft hyphen and zero-width characters: invisible, and they must not split a word. */
const INVISIBLE = /[\u00ad\u180e\u200b-\u200d\u2060\ufeff]/g;
const WORD = /[\p{L}\p{N}]+/gu;

/** Case- and accent-folded form of a text: NFKD, marks removed, lower case, ß -> ss. */
export function foldText(text: string): string {
  return text
    .replace(INVISIBLE, '')
    .normalize('NFKD')
    .replace(COMBINING_MARKS, '')
    .toLowerCase()
    .replace(/ß/g, 'ss');
}

/** The folded words of a text, in order, duplicates kept (for phrase matching). */
export function wordsOf(text: string): string[] {
  const out: string[] = [];
  for (const match of foldText(text).matchAll(WORD)) {
    out.push(match[0].slice(0, MAX_WORD_LENGTH));
  }
  return out;
}

/** The distinct folded words of several texts (for the multiEntry index). */
export function indexWords(...texts: string[]): string[] {
  const set = new Set<string>();
  for (const text of texts) for (const w of wordsOf(text)) set.add(w);
  return [...set];
}

/** Whether the word sequence `phrase` occurs contiguously in `words`. */
export function containsPhrase(words: readonly string[], phrase: readonly string[]): boolean {
  if (phrase.length === 0) return true;
  outer: for (let i = 0; i + phrase.length <= words.length; i++) {
    for (let j = 0; j < phrase.length; j++) if (words[i + j] !== phrase[j]) continue outer;
    return true;
  }
  return false;
}

/**
 * Splits a text into runs for marking matched words in results: a run is `match: true` when it is a
 * word whose folded form starts with one of `terms` (folded query words). Keeps the original text.
 */
export function markTerms(text: string, terms: readonly string[]): { text: string; match: boolean }[] {
  const runs: { text: string; match: boolean }[] = [];
  let last = 0;
  for (const m of text.matchAll(/[\p{L}\p{N}\p{M}]+/gu)) {
    const start = m.index;
    const folded = foldText(m[0]);
    if (terms.some((t) => t !== '' && folded.startsWith(t))) {
      if (start > last) runs.push({ text: text.slice(last, start), match: false });
      runs.push({ text: m[0], match: true });
      last = start + m[0].length;
    }
  }
  if (last < text.length) runs.push({ text: text.slice(last), match: false });
  return runs;
}
