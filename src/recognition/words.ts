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

  private flush(): void {
    if (this.start < 0) return;
    const seq = this.seq;
    if (seq.length === seq.hashes.length) grow(seq);
    seq.hashes[seq.length] = this.hash;
    seq.starts[seq.length] = this.start;
    seq.ends[seq.length] = this.end;
    seq.length++;
    this.hash = FNV_OFFSET;
    this.start = -1;
  }

  private add(code: number, at: number, width: number): void {
    if (this.start < 0) this.start = at;
    this.hash = Math.imul(this.hash ^ code, FNV_PRIME);
    this.end = at + width;
  }

  feed(text: string, from: number, to: number): void {
    for (let i = from; i < to; i++) {
      const c = text.charCodeAt(i);
      if (c < 128) {
        if ((c >= 97 && c <= 122) || (c >= 48 && c <= 57)) this.add(c, i, 1);
        else if (c >= 65 && c <= 90) this.add(c + 32, i, 1);
        else this.flush();
        continue;
      }
      // Soft hyphens and zero-width marks sit inside words on republished pages: skip, don't split.
      if (isIgnorable(c)) continue;
      if (isCjk(c)) {
        this.flush();
        this.add(c, i, 1);
        this.flush();
        continue;
      }
      const pair = c >= 0xd800 && c <= 0xdbff && i + 1 < to;
      const ch = pair ? text.slice(i, i + 2) : text[i]!;
      const folded = foldChar(ch);
      let any = false;
      for (let k = 0; k < folded.length; k++) {
        const f = folded[k]!;
        if (isWordChar(f)) {
          this.add(f.charCodeAt(0), i, ch.length);
          any = true;
        }
      }
      if (!any) this.flush();
      if (pair) i++;
    }
  }

  finish(): WordSeq {
    this.flush();
    return this.seq;
  }
}

export function tokenize(text: string): WordSeq {
  const t = new Tokenizer(Math.max(16, text.length >> 2));
  t.feed(text, 0, text.length);
  return t.finish();
}
