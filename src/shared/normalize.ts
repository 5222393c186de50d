import { foldChar, isIgnorable, isSpace } from './fold';

/** Text after folding, with `map[i]` = the index in the raw text of normalised character `i`. */
export interface NormalizedText {
  text: string;
  map: Int32Array;
}

/**
 * Normalises text for comparison (NFKC, quotes and dashes folded, invisible marks dropped,
 * whitespace collapsed, lower case) and keeps the way back to raw offsets.
 * `map` has one extra entry at the end: the raw length, so half-open ranges map back too.
 */
export function normalizeWithMap(raw: string): NormalizedText {
  const out: string[] = [];
  let map = new Int32Array(raw.length + 1);
  let n = 0;
  let pendingSpace = false;
  const push = (s: string, rawIndex: number): void => {
    if (n >= map.length - 1) {
      const bigger = new Int32Array(map.length * 2);
      bigger.set(map);
      map = bigger;
    }
    out.push(s);
    map[n++] = rawIndex;
  };
  for (let i = 0; i < raw.length; i++) {
    const c = raw.charCodeAt(i);
    if (isSpace(c)) {
      pendingSpace = n > 0;
      continue;
    }
    if (isIgnorable(c)) continue;
    if (pendingSpace) {
      push(' ', i - 1);
      pendingSpace = false;
    }
    if (c < 128) {
      push(c >= 65 && c <= 90 ? String.fromCharCode(c + 32) : raw[i]!, i);
      continue;
    }
    const pair = c >= 0xd800 && c <= 0xdbff && i + 1 < raw.length;
    const ch = pair ? raw.slice(i, i + 2) : raw[i]!;
    for (const f of foldChar(ch)) push(f, i);
    if (pair) i++;
  }
  map[n] = raw.length;
  return { text: out.join(''), map: map.subarray(0, n + 1) };
}

export function normalizeText(raw: string): string {
  return normalizeWithMap(raw).text;
}
