import search from 'approx-string-match';

/**
 * Whether a page word is the point's word with a typo in it: one letter wrong, missing or extra in a
 * word of four or five letters, up to two (a swap of two letters is two) from six letters on. Short
 * words are never near: "the" and "to" are one edit from too many others.
 *
 * Myers' algorithm finds the point word inside the page word; the page word's letters outside that
 * match count as errors too, so the figure is the whole words' edit distance or more, never less.
 */
export function nearWords(pointWord: string, pageWord: string): boolean {
  const k = pointWord.length >= 6 ? 2 : pointWord.length >= 4 ? 1 : 0;
  if (k === 0 || Math.abs(pointWord.length - pageWord.length) > k) return false;
  if (pointWord === pageWord) return true;
  return search(pageWord, pointWord, k).some((m) => m.errors + pageWord.length - (m.end - m.start) <= k);
}
