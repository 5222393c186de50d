import { foldChar, isIgnorable, isSpace } from './fold';

/** Little-endian UTF-16, as a Uint16Array holds it on every platform a browser runs on. */
const UTF16 = new TextDecoder('utf-16le');

/** Text after folding, with `map[i]` = the index in the raw text of normalised character `i`. */
export interface NormalizedText {
  text: string;
  map: Int32Array;
}

/**
 * Normalises text for comparison (NFKC, quotes and dashes folded, invisible marks dropped,
 * whitespace collapsed, lower case) and keeps the way back to raw offsets, a piece at a time:
 * `feed(to)` reads the raw text up to `to`, so a page of megabytes can be normalised in slices
 * between which the page gets the main thread. `map` gets one entry per UTF-16 code unit of the
 * text, and one extra at the end: the raw length, so half-open ranges map back too.
 */
export class Normalizer {
  private buf: Uint16Array;
  private map: Int32Array;
  private n = 0;
  private at = 0;
  private pendingSpace = false;
  /** A UTF-16 surrogate was written: the text must be built code unit by code unit (see finish). */
  private surrogates = false;

  constructor(private readonly raw: string) {
    // Folding rarely makes text longer; the buffers grow when it does. Two more than the text: the
    // ASCII path asks for room for two (a space and a character) before each write, and with one
    // more only, every short string of ASCII without spaces grew on its last character.
    this.buf = new Uint16Array(raw.length + 2);
    this.map = new Int32Array(raw.length + 2);
  }

  /** Where reading has got to in the raw text. */
  get position(): number {
    return this.at;
  }

  get done(): boolean {
    return this.at >= this.raw.length;
  }

  private grow(): void {
    const buf = new Uint16Array(this.buf.length * 2);
    buf.set(this.buf);
    this.buf = buf;
    const map = new Int32Array(this.map.length * 2);
    map.set(this.map);
    this.map = map;
  }

  private push(code: number, rawIndex: number): void {
    if (this.n + 1 >= this.buf.length) this.grow();
    this.buf[this.n] = code;
    this.map[this.n++] = rawIndex;
  }

  /** Reads the raw text up to offset `to` (or a character further, not to split a surrogate pair). */
  feed(to: number): void {
    const raw = this.raw;
    const end = Math.min(to, raw.length);
    // Every character of the page passes here, on the first page a content script sees (V8's
    // interpreter): the state lives in locals and ASCII is written inline, not through push().
    let { buf, map, n, pendingSpace } = this;
    let i = this.at;
    for (; i < end; i++) {
      const c = raw.charCodeAt(i);
      if (c < 128) {
        // The common case: ASCII letters, digits, punctuation and spaces.
        if (c === 32 || (c >= 9 && c <= 13)) {
          pendingSpace = n > 0;
          continue;
        }
        if (n + 2 >= buf.length) {
          this.grow();
          ({ buf, map } = this);
        }
        if (pendingSpace) {
          buf[n] = 32;
          map[n++] = i - 1;
          pendingSpace = false;
        }
        buf[n] = c >= 65 && c <= 90 ? c + 32 : c;
        map[n++] = i;
        continue;
      }
      if (isSpace(c)) {
        pendingSpace = n > 0;
        continue;
      }
      if (isIgnorable(c)) continue;
      this.n = n;
      if (pendingSpace) {
        this.push(32, i - 1);
        pendingSpace = false;
      }
      const pair = c >= 0xd800 && c <= 0xdbff && i + 1 < raw.length;
      const folded = foldChar(pair ? raw.slice(i, i + 2) : raw[i]!);
      for (let k = 0; k < folded.length; k++) {
        const code = folded.charCodeAt(k);
        if (code >= 0xd800 && code <= 0xdfff) this.surrogates = true;
        this.push(code, i);
      }
      ({ buf, map, n } = this);
      if (pair) i++;
    }
    this.n = n;
    this.pendingSpace = pendingSpace;
    this.at = Math.max(this.at, i);
  }

  finish(): NormalizedText {
    this.feed(this.raw.length);
    this.map[this.n] = this.raw.length;
    // A view, not a copy: two megabytes for a page of 400 KB.
    return { text: this.text(), map: this.map.subarray(0, this.n + 1) };
  }

  /**
   * The buffer as a string. One native decode where it holds no surrogate: building it from
   * character codes took 6-23 ms for 500 KB, most of a restore's normalising. A decoder would turn
   * a lone surrogate into U+FFFD, so text with surrogates is built code by code, as stored quotes
   * were.
   */
  private text(): string {
    const codes = this.buf.subarray(0, this.n);
    if (!this.surrogates) return UTF16.decode(codes);
    const parts: string[] = [];
    for (let k = 0; k < this.n; k += 8192)
      parts.push(String.fromCharCode.apply(null, codes.subarray(k, k + 8192) as unknown as number[]));
    return parts.join('');
  }
}

export function normalizeWithMap(raw: string): NormalizedText {
  return new Normalizer(raw).finish();
}

/** Any character outside ASCII. */
const NON_ASCII = /[^\p{ASCII}]/u;
/** The whitespace the ASCII path collapses (see `feed`). */
const ASCII_SPACES = /[\t\n\v\f\r ]+/g;

/**
 * The normalised text alone. ASCII (most stored quotes and their context) takes a native path:
 * normalising ASCII only collapses and trims whitespace and lowers letters. Each Normalizer makes
 * two typed arrays, and restoring 1,000 highlights folded 3,000 strings: 25-30 ms of the 35-50 ms
 * their anchoring took.
 */
export function normalizeText(raw: string): string {
  if (!NON_ASCII.test(raw)) return raw.replace(ASCII_SPACES, ' ').trim().toLowerCase();
  return normalizeWithMap(raw).text;
}
