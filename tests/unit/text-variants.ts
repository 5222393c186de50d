/** Deterministic text mutations for recognition tests: typos, replaced words, truncation. */

/** A small seeded PRNG (mulberry32), so every run mutates the same words. */
export function prng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** Edits one letter in `share` of the words of three letters or more (swap, drop, double or replace). */
export function typos(text: string, share: number, seed = 1): string {
  const rand = prng(seed);
  return text.replace(/\p{L}{3,}/gu, (w) => {
    if (rand() >= share) return w;
    const k = 1 + Math.floor(rand() * (w.length - 2));
    switch (Math.floor(rand() * 4)) {
      case 0:
        return w.slice(0, k) + w[k + 1] + w[k] + w.slice(k + 2);
      case 1:
        return w.slice(0, k) + w.slice(k + 1);
      case 2:
        return w.slice(0, k) + w[k] + w.slice(k);
      default:
        return w.slice(0, k) + 'x' + w.slice(k + 1);
    }
  });
}

const SYNONYMS = [
  'advance',
  'bolster',
  'foster',
  'boost',
  'drive',
  'spur',
  'build',
  'grow',
  'shape',
  'expand',
];

/** Replaces `share` of the words with other words, as an editor rewording a copy would. */
export function reword(text: string, share: number, seed = 2): string {
  const rand = prng(seed);
  return text.replace(/\p{L}{4,}/gu, (w) =>
    rand() < share ? SYNONYMS[Math.floor(rand() * SYNONYMS.length)]! : w,
  );
}

export function sentences(text: string): string[] {
  return text.match(/[^.!?]+[.!?]+/g)?.map((s) => s.trim()) ?? [text];
}
