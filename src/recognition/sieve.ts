import type { ArticlePack } from '../shared/pack';

/**
 * A first look at a page in native code: one precompiled regular expression over the raw text
 * finds which of the pack's distinctive words it holds. A page on which no point shows even a
 * small share of its distinctive words cannot hold any point (a match needs most of a point's
 * words, in runs), so it is not cut into words at all. The sieve only rejects: when it cannot be
 * sure (characters that fold into letters, marks hidden inside words) it lets the page through.
 */
export interface Sieve {
  /** The pack's distinctive words, longest first, case-insensitive, where a page word starts. */
  pattern: RegExp;
  /** The distinctive words, lower case, by id. */
  words: string[];
  /** `wordKey` of each distinctive word -> its id. */
  ids: Map<number, number>;
  /** Per word id, the points (indexes) that hold it. */
  owners: number[][];
  /** Per point, how many of its distinctive words a page must show before it is cut into words. */
  need: Int32Array;
}

export const SIEVE = {
  /** Distinctive words are ASCII words of at least this many letters... */
  minLetters: 5,
  /** ...held by at most this share of the pack's points (and by one point in packs of up to three). */
  maxPointShare: 0.3,
  /** Per point, the share of its distinctive words a page must show: lax, a match needs far more. */
  share: 0.3,
  /** A point with fewer distinctive words than this cannot be judged, and the sieve is off. */
  minWords: 6,
};

/**
 * Characters the tokenizer would fold into ASCII letters (full-width letters, ligatures, letter-like
 * symbols, math alphanumerics as surrogate pairs) or skip inside a word (soft hyphen, zero-width
 * marks): a page holding any of them may spell a word in a way the pattern does not see.
 * Generated from `foldChar` over all of Unicode; a unit test checks it.
 */
export const UNSURE =
  /[\u00ad\u180e\u200b-\u200d\u2060\ufeff\u00aa\u00ba\u0130\u0132-\u0133\u013f-\u0140\u0149\u017f\u01c4-\u01cc\u01f1-\u01f3\u02b0\u02b2-\u02b3\u02b7-\u02b8\u02e1-\u02e3\u1d2c\u1d2e\u1d30-\u1d31\u1d33-\u1d3a\u1d3c\u1d3e-\u1d43\u1d47-\u1d49\u1d4d\u1d4f-\u1d50\u1d52\u1d56-\u1d58\u1d5b\u1d62-\u1d65\u1d9c\u1da0\u1dbb\u1e9a\u2071\u207f\u2090-\u2093\u2095-\u209c\u20a8\u2100-\u2103\u2105-\u2106\u2109-\u210e\u2110-\u2113\u2115-\u2116\u2119-\u211d\u2120-\u2122\u2124\u2128\u212a\u212c-\u212d\u212f-\u2131\u2133-\u2134\u2139\u213b\u2145-\u2149\u2160-\u217f\u249c-\u24e9\u2c7c-\u2c7d\u3250\u32cc-\u32cf\u3371-\u337a\u3380-\u33df\u33ff\ua7f1-\ua7f4\ufb00-\ufb06\uff21-\uff3a\uff41-\uff5a]|[\ud801\ud833\ud835\ud83c]/;

/** Runs of characters from U+00AA up, the lowest of UNSURE's. */
const HIGH_RUNS = /[^\0-\xa9]+/g;

/**
 * Whether `text` holds a character of UNSURE. Its hundred ranges cost 20 ms over 3 MB tested at
 * every character; most text is ASCII, and runs without any of it are skipped at a tenth of that.
 */
export function holdsUnsure(text: string): boolean {
  HIGH_RUNS.lastIndex = 0;
  for (let run = HIGH_RUNS.exec(text); run; run = HIGH_RUNS.exec(text)) {
    if (UNSURE.test(run[0])) {
      HIGH_RUNS.lastIndex = 0;
      return true;
    }
  }
  return false;
}

/**
 * A number for the run of ASCII letters that ends at `end` in `text`, case folded: what the
 * pattern matched, found from where it stopped without the match array and substring `exec`
 * would allocate for each of a long page's many hits.
 */
export function wordKey(text: string, end: number): number {
  let h = 0x811c9dc5 | 0;
  for (let k = end - 1; k >= 0; k--) {
    const c = text.charCodeAt(k) | 32;
    if (c < 97 || c > 122) break;
    h = Math.imul(h ^ c, 16777619);
  }
  return h;
}

/** The words of a point's text as the tokenizer folds them, kept only when plain ASCII letters. */
function asciiWords(text: string): string[] {
  const folded = text
    .normalize('NFKC')
    .toLowerCase()
    .replace(/[\u00ad\u180e\u200b-\u200d\u2060\ufeff]/g, '');
  return (folded.match(/[\p{L}\p{N}]+/gu) ?? []).filter((w) => /^[a-z]+$/.test(w));
}

/**
 * The pattern that finds `words` (lower case ASCII letters) in a page: each where a page word
 * starts (after a non-word character, or after an underscore, which the tokenizer splits at but
 * `\b` does not), a third of the work of trying every offset; longest first, so that a match is
 * the longest of the words the page word starts with.
 *
 * `dropped`: words no longer looked for (see SieveScan). Where one of them would have matched, a
 * shorter word it starts with ("service" for "services") must not match in its place.
 */
export function sievePattern(words: readonly string[], dropped: readonly string[] = []): RegExp {
  if (!words.length) return /(?!)/g;
  const alternatives = [...words]
    .sort((a, b) => b.length - a.length || (a < b ? -1 : 1))
    .map((w) => {
      const rests = dropped
        .filter((d) => d.length > w.length && d.startsWith(w))
        .map((d) => d.slice(w.length));
      return rests.length ? `${w}(?!${rests.join('|')})` : w;
    });
  return new RegExp(`(?:\\b|_)(?:${alternatives.join('|')})`, 'gi');
}

/** Builds the sieve of a pack, or null when some point has too few distinctive words to judge. */
export function buildSieve(pack: ArticlePack): Sieve | null {
  const points = pack.sections.flatMap((s) => s.points.map((p) => new Set(asciiWords(p.text))));
  const holders = new Map<string, number[]>();
  points.forEach((words, p) => {
    for (const w of words) {
      if (w.length < SIEVE.minLetters) continue;
      const list = holders.get(w);
      if (list) list.push(p);
      else holders.set(w, [p]);
    }
  });
  const maxHolders = Math.max(1, Math.floor(points.length * SIEVE.maxPointShare));
  const words: string[] = [];
  const ids = new Map<number, number>();
  const owners: number[][] = [];
  const counts = new Int32Array(points.length);
  for (const [w, list] of holders) {
    // Two words with one key (a 32-bit collision) would be one: the second is left out.
    if (list.length > maxHolders || ids.has(wordKey(w, w.length))) continue;
    ids.set(wordKey(w, w.length), words.length);
    words.push(w);
    owners.push(list);
    for (const p of list) counts[p]!++;
  }
  if (!points.length || counts.some((c) => c < SIEVE.minWords)) return null;
  return {
    pattern: sievePattern(words),
    words,
    ids,
    owners,
    need: counts.map((c) => Math.max(2, Math.ceil(c * SIEVE.share))),
  };
}

/** Texts are judged in blocks of this many characters: a point (a few hundred) spans one or two. */
const BLOCK_BITS = 13;
const BLOCK = 1 << BLOCK_BITS;

/**
 * A distinctive word seen in this many blocks in a row is common on the page: from then on it is
 * counted as present in every block, and the pattern no longer looks for it.
 */
const COMMON_RUN = 4;
/** New patterns made for one page, at most: each is compiled on its first use. */
const MAX_REPATTERNS = 2;
/** A new pattern is made only with at least this much text still to read, to pay for its compile. */
const REPATTERN_MIN_REST = 256 * 1024;

/**
 * Reads a text through the sieve in pieces (a long page is read in slices): `feed` successive
 * ranges, then `regions` tells which stretches of the text may hold a point of the pack: those
 * where some point shows its share of distinctive words within two neighbouring blocks, widened by
 * two blocks on each side. Everything else surely holds no point and need not be cut into words.
 * Cost: one native pass of the pattern, and a call back into script per match.
 *
 * On a long page about the same subjects, a few of the pack's words come up in every paragraph
 * ("services", "platforms"): on the benchmark's 3 MB page, five words made 43,000 of its 44,000
 * matches, and the calls back cost more than the native pass. Such a word is dropped from the
 * pattern once it has shown in COMMON_RUN blocks in a row, and counted as present in every block
 * after: the sieve can only grow more lenient by it, never turn away a page it would have kept.
 */
export class SieveScan {
  /** The text cannot be judged (or the pack cannot): all of it may hold points. */
  whole: boolean;
  /** Flat [start, end) pairs in text offsets, in order, not overlapping. */
  private readonly marked: number[] = [];
  /** Per word id, the last block where it was seen. */
  private readonly lastBlock: Int32Array;
  /** Per word id, in how many blocks in a row it has been seen, up to its last. */
  private readonly run: Int32Array;
  /** Per word id, 1 once it is common on this page (dropped from the pattern). */
  private readonly common: Uint8Array;
  /** Words that reached COMMON_RUN, to be dropped at the next block. */
  private readonly pending: number[] = [];
  /** Per point, how many of its words are common: counted in every block from `commonFrom`. */
  private readonly assumed: Int32Array;
  private commonFrom = Infinity;
  private repatterns = 0;
  private pattern: RegExp;
  /** Per point, its distinct words seen in the current block and in the one before. */
  private current: Int32Array;
  private previous: Int32Array;
  private block = -2;
  private readonly overlap: number;

  constructor(private readonly sieve: Sieve | null) {
    this.whole = !sieve;
    const points = sieve?.need.length ?? 0;
    const words = sieve?.owners.length ?? 0;
    this.lastBlock = new Int32Array(words).fill(-1);
    this.run = new Int32Array(words);
    this.common = new Uint8Array(words);
    this.assumed = new Int32Array(points);
    this.current = new Int32Array(points);
    this.previous = new Int32Array(points);
    this.pattern = sieve?.pattern ?? /(?!)/g;
    let longest = 0;
    for (const w of sieve?.words ?? []) longest = Math.max(longest, w.length);
    this.overlap = longest - 1;
  }

  /** The words found common on this page, which the pattern stopped looking for. */
  get commonWords(): string[] {
    return this.sieve?.words.filter((_, id) => this.common[id]) ?? [];
  }

  /** Whether any part of the text may hold a point. */
  get mayHold(): boolean {
    return this.whole || this.marked.length > 0;
  }

  /** Reads `text` from `from` to `to` (successive calls, in order); a word that straddles `from` is still seen. */
  feed(text: string, from = 0, to = text.length): void {
    const sieve = this.sieve;
    if (this.whole || !sieve) return;
    const start = Math.max(0, from - this.overlap);
    // A slice of a long string shares its characters: no copy.
    const piece = start === 0 && to === text.length ? text : text.slice(start, to);
    if (holdsUnsure(piece)) {
      this.whole = true;
      return;
    }
    const { ids, owners, need } = sieve;
    const { lastBlock, run, assumed } = this;
    let pattern = this.pattern;
    pattern.lastIndex = 0;
    // A match is one of the words, in ASCII letters only (a non-Unicode `i` never folds other
    // characters into ASCII), so its key is found from where it ends.
    while (pattern.test(piece)) {
      const end = pattern.lastIndex;
      const id = ids.get(wordKey(piece, end));
      const b = (start + end - 1) >> BLOCK_BITS;
      if (id === undefined || lastBlock[id] === b) continue;
      run[id] = lastBlock[id] === b - 1 ? run[id]! + 1 : 1;
      if (run[id] === COMMON_RUN) this.pending.push(id);
      lastBlock[id] = b;
      if (b !== this.block) {
        this.enterBlock(b);
        if (this.pending.length && this.dropCommon(b, text.length)) {
          pattern.lastIndex = 0;
          pattern = this.pattern;
          pattern.lastIndex = end;
        }
      }
      const { current, previous } = this;
      const list = owners[id]!;
      for (let k = 0; k < list.length; k++) {
        const p = list[k]!;
        if (++current[p]! + previous[p]! >= need[p]!) this.mark(b);
        // The next block holds the common words at least: are they, with this block's, enough?
        if (b >= this.commonFrom && assumed[p]! > 0 && current[p]! + assumed[p]! >= need[p]!)
          this.mark(b + 1);
      }
      // A short page holding a point is kept whole: nothing more to learn from it.
      if (this.marked.length === 2 && this.marked[0] === 0 && this.marked[1]! >= text.length) break;
    }
    pattern.lastIndex = 0;
  }

  private enterBlock(b: number): void {
    const points = this.current.length;
    if (b === this.block + 1) {
      this.previous = this.current;
      this.current = new Int32Array(points);
    } else {
      // The blocks skipped held no distinctive word but the common ones.
      if (b - 1 >= this.commonFrom) this.previous.set(this.assumed);
      else this.previous.fill(0);
      this.current.fill(0);
    }
    this.block = b;
    if (b >= this.commonFrom) {
      this.current.set(this.assumed);
      this.markIfEnough(b);
    }
  }

  /** Marks block `b` if some point already has words in it, and enough with the block before. */
  private markIfEnough(b: number): void {
    const need = this.sieve!.need;
    for (let p = 0; p < need.length; p++) {
      if (this.current[p]! > 0 && this.current[p]! + this.previous[p]! >= need[p]!) {
        this.mark(b);
        return;
      }
    }
  }

  /**
   * Drops the pending common words from the pattern as block `b` starts: true when the pattern
   * changed. A word is kept where the common words alone would make a point's need in every block
   * (that page is kept whole either way, and dropping would only hide it).
   */
  private dropCommon(b: number, textLength: number): boolean {
    const pending = this.pending.splice(0);
    if (this.repatterns >= MAX_REPATTERNS || textLength - b * BLOCK < REPATTERN_MIN_REST) return false;
    const { owners, need, words } = this.sieve!;
    let dropped = 0;
    for (const id of pending) {
      // Still in its run: seen in the block before this one, or in this one already.
      if (this.common[id] || this.lastBlock[id]! < b - 1) continue;
      const list = owners[id]!;
      if (list.some((p) => 2 * (this.assumed[p]! + 1) >= need[p]!)) continue;
      this.common[id] = 1;
      dropped++;
      for (const p of list) {
        this.assumed[p]!++;
        // Counted in this block now, unless it is the word that opened the block (counted next).
        if (this.lastBlock[id] !== b) this.current[p]!++;
      }
      this.lastBlock[id] = b;
    }
    if (!dropped) return false;
    this.commonFrom = Math.min(this.commonFrom, b);
    this.markIfEnough(b);
    this.repatterns++;
    this.pattern = sievePattern(
      words.filter((_, id) => !this.common[id]),
      this.commonWords,
    );
    return true;
  }

  private mark(b: number): void {
    let from = Math.max(0, (b - 2) * BLOCK);
    let to = (b + 2) * BLOCK;
    const marked = this.marked;
    // Marks come in page order but for the one a block ahead (see `feed`): merged with what they touch.
    while (marked.length && marked[marked.length - 1]! >= from) {
      to = Math.max(to, marked.pop()!);
      from = Math.min(from, marked.pop()!);
    }
    marked.push(from, to);
  }

  /**
   * The stretches of `text` that may hold points, as [start, end) pairs cut at line breaks (so
   * no word is cut and a block of the page is whole): all of it when the sieve cannot judge.
   */
  regions(text: string): Array<[number, number]> {
    if (this.whole) return [[0, text.length]];
    const out: Array<[number, number]> = [];
    for (let k = 0; k < this.marked.length; k += 2) {
      const from = this.marked[k]! > 0 ? text.lastIndexOf('\n', this.marked[k]!) + 1 : 0;
      const nl = this.marked[k + 1]! < text.length ? text.indexOf('\n', this.marked[k + 1]!) : -1;
      const to = nl < 0 ? text.length : nl + 1;
      const last = out[out.length - 1];
      if (last && last[1] >= from) last[1] = Math.max(last[1], to);
      else out.push([from, to]);
    }
    return out;
  }
}

/** Whether `text` may hold a point of the pack: false only when it surely holds none. */
export function mayHoldPoints(sieve: Sieve | null, text: string): boolean {
  const scan = new SieveScan(sieve);
  scan.feed(text);
  return scan.mayHold;
}
