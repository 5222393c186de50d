import { foldChar, isCjk, isIgnorable, isWordChar } from '../shared/fold';

/**
 * A text cut into words, each kept as a 32-bit hash of its folded letters plus its raw offsets.
 * Hashes rather than strings: a 3 MB page has half a million words, and comparing integers in
 * typed arrays is what keeps recognition within a frame budget.
 */
export interface WordSeq {
  hashes: Int32Array;
  starts: Int32Array;
  ends: Int32Array;
  length: number;
}

const FNV_OFFSET = 0x811c9dc5 | 0;
/** ASCII letters and digits folded to lower case; 0 for everything that ends a word. */
const ASCII_FOLD = new Uint8Array(128).map((_, c) =>
  (c >= 97 && c <= 122) || (c >= 48 && c <= 57) ? c : c >= 65 && c <= 90 ? c + 32 : 0,
);
const FNV_PRIME = 16777619;

export function emptyWordSeq(capacity = 1024): WordSeq {
  return {
    hashes: new Int32Array(capacity),
    starts: new Int32Array(capacity),
    ends: new Int32Array(capacity),
    length: 0,
  };
}

function grow(seq: WordSeq): void {
  const size = seq.hashes.length * 2;
  const h = new Int32Array(size);
  const s = new Int32Array(size);
  const e = new Int32Array(size);
  h.set(seq.hashes);
  s.set(seq.starts);
  e.set(seq.ends);
  seq.hashes = h;
  seq.starts = s;
  seq.ends = e;
}

/**
 * Tokenises incrementally: `feed` may be called with successive slices of one growing text, so a
 * long page is cut into words in small tasks. A word never spans a call boundary only if the
 * caller cuts at a non-word character; `finish` flushes the last word.
 */
export class Tokenizer {
  readonly seq: WordSeq;
  private hash = FNV_OFFSET;
  private start = -1;
  private end = -1;

  constructor(capacity = 1024) {
    this.seq = emptyWordSeq(capacity);
  }

  feed(text: string, from: number, to: number): void {
    // This loop sees every character of the page: the word in progress and the output arrays
    // live in locals, and ASCII is classified by one table lookup.
    const seq = this.seq;
    let { hashes, starts, ends } = seq;
    let len = seq.length;
    let hash = this.hash;
    let start = this.start;
    let end = this.end;
    const emit = (h: number, s: number, e: number): void => {
      if (len === hashes.length) {
        seq.length = len;
        grow(seq);
        ({ hashes, starts, ends } = seq);
      }
      hashes[len] = h;
      starts[len] = s;
      ends[len] = e;
      len++;
    };
    for (let i = from; i < to; i++) {
      const c = text.charCodeAt(i);
      let f: number;
      if (c < 128) {
        f = ASCII_FOLD[c]!;
        if (f !== 0) {
          if (start < 0) start = i;
          hash = Math.imul(hash ^ f, FNV_PRIME);
          end = i + 1;
          continue;
        }
      } else if (isIgnorable(c)) {
        // Soft hyphens and zero-width marks sit inside words on republished pages: skip, don't split.
        continue;
      } else if (isCjk(c)) {
        f = -1;
      } else {
        const pair = c >= 0xd800 && c <= 0xdbff && i + 1 < to;
        const ch = pair ? text.slice(i, i + 2) : text[i]!;
        const folded = foldChar(ch);
        let any = false;
        for (let k = 0; k < folded.length; k++) {
          const fc = folded[k]!;
          if (isWordChar(fc)) {
            if (start < 0) start = i;
            hash = Math.imul(hash ^ fc.charCodeAt(0), FNV_PRIME);
            end = i + ch.length;
            any = true;
          }
        }
        if (pair) i++;
        if (any) continue;
        f = 0;
      }
      // A word ends here; an ideograph is then a word of its own.
      if (start >= 0) emit(hash, start, end);
      if (f === -1) emit(Math.imul(FNV_OFFSET ^ c, FNV_PRIME), i, i + 1);
      hash = FNV_OFFSET;
      start = -1;
    }
    seq.length = len;
    this.hash = hash;
    this.start = start;
    this.end = end;
  }

  finish(): WordSeq {
    if (this.start >= 0) {
      const seq = this.seq;
      if (seq.length === seq.hashes.length) grow(seq);
      seq.hashes[seq.length] = this.hash;
      seq.starts[seq.length] = this.start;
      seq.ends[seq.length] = this.end;
      seq.length++;
    }
    this.hash = FNV_OFFSET;
    this.start = -1;
    return this.seq;
  }
}

/**
 * The letters of the word at [start, end) of `text` as the tokenizer reads them (folded, lower
 * case, zero-width marks skipped): what the hashes stand for, where two words must be compared
 * letter by letter.
 */
export function foldedWord(text: string, start: number, end: number): string {
  let out = '';
  for (let i = start; i < end; i++) {
    const c = text.charCodeAt(i);
    if (c < 128) {
      if (ASCII_FOLD[c]) out += String.fromCharCode(ASCII_FOLD[c]!);
      continue;
    }
    if (isIgnorable(c)) continue;
    const pair = c >= 0xd800 && c <= 0xdbff && i + 1 < end;
    const folded = foldChar(pair ? text.slice(i, i + 2) : text[i]!);
    if (pair) i++;
    for (const fc of folded) if (isWordChar(fc)) out += fc;
  }
  return out;
}

export function tokenize(text: string): WordSeq {
  const t = new Tokenizer(Math.max(16, text.length >> 2));
  t.feed(text, 0, text.length);
  return t.finish();
}
