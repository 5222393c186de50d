import { describe, expect, it } from 'vitest';
import { splitPoints } from '../../src/background/db/key-ranges';

describe('splitPoints', () => {
  it.each([
    { name: 'no sample', sample: [], perRange: 2, points: [] },
    { name: 'a sample smaller than a range', sample: ['b', 'a'], perRange: 4, points: [] },
    { name: 'every second key, sorted', sample: ['d', 'b', 'a', 'c', 'e'], perRange: 2, points: ['c', 'e'] },
    { name: 'repeats count once', sample: ['a', 'a', 'b', 'b', 'c'], perRange: 1, points: ['b', 'c'] },
    // IndexedDB orders strings by UTF-16 code unit: upper case before lower case.
    { name: 'code unit order', sample: ['b', 'B', 'a', 'A'], perRange: 1, points: ['B', 'a', 'b'] },
  ])('$name', ({ sample, perRange, points }) => {
    expect(splitPoints(sample, perRange)).toEqual(points);
  });

  it('cuts ids that share a long prefix into ranges of about equal size', () => {
    const ids = Array.from(
      { length: 10_000 },
      (_, i) => `00000000-0000-4000-8000-${i.toString(16).padStart(12, '0')}`,
    );
    const points = splitPoints(
      ids.filter((_, i) => i % 50 === 0),
      20,
    );
    const sizes = [...points, '\uffff'].map(
      (hi, k) => ids.filter((id) => id >= (points[k - 1] ?? '') && id < hi).length,
    );
    expect(sizes).toHaveLength(10);
    for (const size of sizes) expect(size).toBe(1_000);
  });
});
