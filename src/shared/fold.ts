/**
 * Character folding shared by every text comparison in the extension: what counts as "the same
 * text" when a page republishes an article with other quotes, spaces, hyphens or invisible marks.
 */

/** Soft hyphen, zero-width space/joiners, word joiner, Mongolian vowel separator, BOM: never visible as text. */
export function isIgnorable(c: number): boolean {
  return c === 0xad || (c >= 0x200b && c <= 0x200d) || c === 0x2060 || c === 0xfeff || c === 0x180e;
}

export function isSpace(c: number): boolean {
  return (
    c === 32 ||
    (c >= 9 && c <= 13) ||
    c === 0xa0 ||
    c === 0x1680 ||
    (c >= 0x2000 && c <= 0x200a) ||
    c === 0x2028 ||
    c === 0x2029 ||
    c === 0x202f ||
    c === 0x205f ||
    c === 0x3000
  );
}

/** Scripts written without spaces between words: each ideograph or kana counts as a word. */
export function isCjk(c: number): boolean {
  return (
    (c >= 0x4e00 && c <= 0x9fff) ||
    (c >= 0x3400 && c <= 0x4dbf) ||
    (c >= 0x3040 && c <= 0x30ff) ||
    (c >= 0xf900 && c <= 0xfaff)
  );
}

const QUOTES: Record<string, string> = {
  '\u2018': "'",
  '\u2019': "'",
  '\u201a': "'",
  '\u201b': "'",
  '\u2032': "'",
  '\u00b4': "'",
  '\u0060': "'",
  '\u201c': '"',
  '\u201d': '"',
  '\u201e': '"',
  '\u201f': '"',
  '\u2033': '"',
  '\u00ab': '"',
  '\u00bb': '"',
  '\u2010': '-',
  '\u2011': '-',
  '\u2012': '-',
  '\u2013': '-',
  '\u2014': '-',
  '\u2015': '-',
  '\u2212': '-',
  '\ufe58': '-',
};

const foldCache = new Map<string, string>();

/**
 * Folds one non-ASCII character (or surrogate pair): quotes and dashes to ASCII, then NFKC and
 * lower case. Cached: pages reuse a small alphabet, and `normalize` is slow per call.
 */
export function foldChar(ch: string): string {
  let folded = foldCache.get(ch);
  if (folded === undefined) {
    folded = QUOTES[ch] ?? ch.normalize('NFKC').toLowerCase();
    if (foldCache.size < 4096) foldCache.set(ch, folded);
  }
  return folded;
}

const WORD_CHAR = /^[\p{L}\p{N}]/u;
const wordCharCache = new Map<string, boolean>();

/** Whether a folded character is part of a word (a letter or a digit in any script). */
export function isWordChar(folded: string): boolean {
  // Quotes and dashes fold to ASCII: answered without compiling the Unicode pattern.
  const c = folded.charCodeAt(0);
  if (c < 128) return (c >= 48 && c <= 57) || ((c | 32) >= 97 && (c | 32) <= 122);
  let yes = wordCharCache.get(folded);
  if (yes === undefined) {
    yes = WORD_CHAR.test(folded);
    if (wordCharCache.size < 4096) wordCharCache.set(folded, yes);
  }
  return yes;
}
