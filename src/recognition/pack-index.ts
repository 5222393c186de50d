import type { ArticlePack, PackPoint, PackSection } from '../shared/pack';
import { buildSieve, type Sieve } from './sieve';
import { tokenize } from './words';

export interface IndexedPoint {
  point: PackPoint;
  section: PackSection;
  /** 1-based place of the point in its section, and the section's size, for labels. */
  ordinal: number;
  of: number;
  words: Int32Array;
}

/** A pack prepared for search: word hashes per point and a table from word pairs to where they occur. */
export interface PackIndex {
  pack: ArticlePack;
  points: IndexedPoint[];
  /** Word-pair key -> pair id. */
  pairs: Map<number, number>;
  /**
   * Where each pair occurs in the pack, flat: pair id `id` occurs at entries
   * `entryStart[id]` to `entryStart[id + 1]`, entry `e` being position `entryPos[e]` of point
   * `entryPoint[e]`. Typed arrays, not an array of lists: the scan reads them for every pair a
   * page shares with the pack, in code the page has not run yet, where each property or element
   * read costs.
   */
  entryStart: Int32Array;
  entryPoint: Int32Array;
  entryPos: Int32Array;
  /**
   * A one-byte-per-slot filter on the low 16 bits of pair keys: nearly every pair of a page is not
   * the pack's, and one array read rules it out before a hash-map lookup would.
   */
  filter: Uint8Array;
  /** The pack's distinctive words, to pass over pages that surely hold no point; null if it cannot judge. */
  sieve: Sieve | null;
}

export const FILTER_MASK = 0xffff;

/** The multiplier of `pairKey`, which CandidateScanner.scan writes out in its loop. */
export const PAIR_MULTIPLIER = 0x9e3779b1;

/** Mixes two word hashes into one key; order matters ("data security" is not "security data"). */
export function pairKey(a: number, b: number): number {
  return (Math.imul(a, PAIR_MULTIPLIER) ^ b) | 0;
}

export function indexPack(pack: ArticlePack): PackIndex {
  const points: IndexedPoint[] = [];
  const pairs = new Map<number, number>();
  // Per pair id, its (point, position) entries packed as `(point << 16) | position`, flattened below.
  const entries: number[][] = [];
  const filter = new Uint8Array(FILTER_MASK + 1);
  for (const section of pack.sections) {
    section.points.forEach((point, k) => {
      const seq = tokenize(point.text);
      const words = seq.hashes.slice(0, seq.length);
      const pi = points.length;
      if (pi >= 1 << 15 || words.length >= 1 << 16) throw new Error(`pack ${pack.id} is too large to index`);
      points.push({ point, section, ordinal: k + 1, of: section.points.length, words });
      for (let i = 0; i + 1 < words.length; i++) {
        const key = pairKey(words[i]!, words[i + 1]!);
        const entry = (pi << 16) | i;
        filter[key & FILTER_MASK] = 1;
        const id = pairs.get(key);
        if (id !== undefined) entries[id]!.push(entry);
        else {
          pairs.set(key, entries.length);
          entries.push([entry]);
        }
      }
    });
  }
  const entryStart = new Int32Array(entries.length + 1);
  entries.forEach((list, id) => (entryStart[id + 1] = entryStart[id]! + list.length));
  const flat = entries.flat();
  return {
    pack,
    points,
    pairs,
    entryStart,
    entryPoint: Int32Array.from(flat, (e) => e >>> 16),
    entryPos: Int32Array.from(flat, (e) => e & 0xffff),
    filter,
    sieve: buildSieve(pack),
  };
}
