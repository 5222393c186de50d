import { describe, expect, test } from 'vitest';
import { alignSeeds, longestChain, type Seed } from '../../src/recognition/align';

const seeds = (pairs: Array<[number, number]>): Seed[] => pairs.map(([i, j]) => ({ i, j }));
/** Seeds of a point of n words found whole at page offset `at`. */
const whole = (n: number, at: number): Seed[] => Array.from({ length: n - 1 }, (_, i) => ({ i, j: at + i }));

describe('longestChain', () => {
  test.each([
    ['empty', [], []],
    [
      'keeps an increasing chain',
      [
        [0, 10],
        [1, 11],
        [2, 12],
      ],
      [
        [0, 10],
        [1, 11],
        [2, 12],
      ],
    ],
    [
      'drops a seed that goes back in the point',
      [
        [0, 10],
        [5, 11],
        [1, 12],
        [2, 13],
      ],
      [
        [0, 10],
        [1, 12],
        [2, 13],
      ],
    ],
    [
      'drops a repeated pair seen far away',
      [
        [0, 10],
        [1, 11],
        [1, 90],
        [2, 12],
      ],
      [
        [0, 10],
        [1, 11],
        [2, 12],
      ],
    ],
    [
      'orders seeds given out of page order',
      [
        [2, 12],
        [0, 10],
        [1, 11],
      ],
      [
        [0, 10],
        [1, 11],
        [2, 12],
      ],
    ],
    [
      'never uses one point word twice',
      [
        [0, 10],
        [0, 11],
        [1, 12],
      ],
      [
        [0, 11],
        [1, 12],
      ],
    ],
    [
      'never uses one page word twice',
      [
        [0, 10],
        [1, 10],
        [2, 11],
      ],
      [
        [0, 10],
        [2, 11],
      ],
    ],
  ] as Array<[string, Array<[number, number]>, Array<[number, number]>]>)('%s', (_name, input, expected) => {
    expect(longestChain(seeds(input)).map((s) => [s.i, s.j])).toEqual(expected);
  });
});

describe('alignSeeds', () => {
  test('a point found whole covers every word in one segment', () => {
    const a = alignSeeds(10, whole(10, 100), 1000);
    expect(a).toMatchObject({ matches: 10, runWords: 10, spanWords: 10, edgeMissing: 0, longestGap: 0 });
    expect(a.segments).toEqual([[100, 109]]);
  });

  test('a typo in the middle costs two pairs but only one word', () => {
    // Word 5 is misspelt: pairs (4,5) and (5,6) are lost.
    const s = whole(12, 0).filter((x) => x.i !== 4 && x.i !== 5);
    const a = alignSeeds(12, s, 100);
    expect(a.matches).toBe(11);
    expect(a.substituted).toBe(1);
    expect(a.segments).toEqual([[0, 11]]);
    expect(a.longestGap).toBe(1);
  });

  test('a long insertion (an ad) inside the point is cut out of the highlight', () => {
    // Words 0-5 at 0-5, then 20 inserted page words, then words 6-11 at 26-31; the pair (5, 6)
    // is broken by the ad, so it has no seed.
    const s = [...whole(6, 0), ...whole(6, 26).map((x) => ({ i: x.i + 6, j: x.j }))];
    const a = alignSeeds(12, s, 100);
    expect(a.segments).toEqual([
      [0, 5],
      [26, 31],
    ]);
    expect(a.spanWords).toBe(12);
  });

  test('an ad after a typo: the typo’s words stay with their sentence, the ad is cut out', () => {
    // Point words 0-7 at page 0-7, word 6 misspelt (no seeds for pairs 5-6 and 6-7); an ad of
    // 17 words in its own element at 8-24; point words 8-13 at 25-30.
    const s = [...whole(6, 0), ...whole(6, 25).map((x) => ({ i: x.i + 8, j: x.j }))].filter(
      (x) => x.i !== 5 && x.i !== 6,
    );
    const apart = (a: number, b: number) => a === 8 && b === 24;
    const a = alignSeeds(14, s, 100, { sameLine: () => true, separable: apart });
    expect(a.segments).toEqual([
      [0, 7],
      [25, 30],
    ]);
  });

  test('an ad with typos on both sides: the words before it and after it each stay with their sentence', () => {
    // Point words 0-9 at page 0-9, word 9 misspelt; an ad of 17 words in its own element at 10-26;
    // point words 10-19 at 27-36, words 10 and 11 misspelt. No seed spans 8-12 in the point.
    const s = [...whole(10, 0), ...whole(10, 27).map((x) => ({ i: x.i + 10, j: x.j }))].filter(
      (x) => x.i < 8 || x.i > 11,
    );
    const apart = (a: number, b: number) => a === 10 && b === 26;
    const a = alignSeeds(20, s, 100, { sameLine: () => true, separable: apart });
    expect(a.segments).toEqual([
      [0, 9],
      [27, 36],
    ]);
  });

  test('a word a typo changed in place is found, and the run of words around it goes on', () => {
    // Words 3 and 9 are misspelt; the near test says page words 3 and 9 are them.
    const s = whole(14, 0).filter((x) => ![2, 3, 8, 9].includes(x.i));
    const without = alignSeeds(14, s, 100);
    expect(without).toMatchObject({ matches: 12, substituted: 2 });
    const near = (i: number, j: number) => i === j && (i === 3 || i === 9);
    const a = alignSeeds(14, s, 100, undefined, near);
    expect(a).toMatchObject({ matches: 14, substituted: 0, runWords: 14, longestGap: 0 });
    // Without it: runs 0-2, 4-8 and 10-13.
    expect(without.runWords).toBe(12);
  });

  test('typos every other word, which leave no pair for a seed over several words, are still found in place', () => {
    // Words 5, 7 and 9 are misspelt: no pair from 4-5 to 9-10 is seeded, a gap of five point
    // words (5-9) facing five page words, longer than any run of synonyms is taken for.
    const s = whole(20, 0).filter((x) => x.i < 4 || x.i > 9);
    const without = alignSeeds(20, s, 100, undefined, () => false);
    expect(without).toMatchObject({ matches: 15, substituted: 0, longestGap: 5 });
    // The near test says page words 5-9 are the point's there (6 and 8 unchanged, the rest typos).
    const near = (i: number, j: number) => i === j && i >= 5 && i <= 9;
    expect(alignSeeds(20, s, 100, undefined, near)).toMatchObject({
      matches: 20,
      substituted: 0,
      runWords: 20,
      longestGap: 0,
    });
    // Some found and some not: only those are counted, none as a synonym.
    const some = (i: number, j: number) => i === j && (i === 5 || i === 6);
    expect(alignSeeds(20, s, 100, undefined, some)).toMatchObject({ matches: 17, substituted: 0 });
  });

  test('a long gap is taken word by word only when it is as long on the page, and not too long', () => {
    const near = (i: number, j: number) => i === j || i + 1 === j;
    // Point words 5-9 face six page words: rewording, not the point's words in place.
    const longer = [...whole(5, 0), ...whole(10, 11).map((x) => ({ i: x.i + 10, j: x.j }))];
    expect(alignSeeds(20, longer, 100, undefined, near)).toMatchObject({ matches: 15, substituted: 0 });
    // Twenty point words without a pair between two seeds are too many to take on trust.
    const far = [...whole(5, 0), ...whole(10, 25).map((x) => ({ i: x.i + 25, j: x.j }))];
    expect(alignSeeds(35, far, 100, undefined, near)).toMatchObject({ matches: 15 });
  });

  test('a pair the point holds twice is taken at the place that goes on with the page', () => {
    // The page is the point, its first nine words edited past seeding. Its first seeded pair
    // (point words 9-10) is also point words 2-3: the chain may take it there, leaving out the
    // point's words 4-9 and all but two of the edited lead.
    const s = [{ i: 2, j: 9 }, ...whole(50, 0).filter((x) => x.i >= 9)];
    const a = alignSeeds(50, s, 100);
    expect(a.segments).toEqual([[0, 49]]);
    // The nine edited words run from where the page's paragraph starts: in place, not missing.
    expect(a).toMatchObject({ matches: 41, substituted: 9, longestGap: 0, edgeMissing: 0 });
  });

  test('words edited past seeding up to where the paragraph starts are in place, not missing', () => {
    // A point of 40 words is its own paragraph, page words 100-139. Its first six words were
    // reworded, so no pair seeds them; its last pair is at point words 35-36 (typos in 37-39).
    const s = whole(40, 100).filter((x) => x.i >= 6 && x.i <= 35);
    const block = { sameLine: (a: number, b: number) => a >= 100 && b <= 139, separable: () => true };
    const a = alignSeeds(40, s, 1000, block);
    expect(a.segments).toEqual([[100, 139]]);
    // The lead reaches the paragraph's start with as many words as are missing: those are the
    // point's words edited in place. Only the three at the end, taken on trust, count as missing.
    expect(a).toMatchObject({ substituted: 9, edgeMissing: 3 });
    // In a paragraph that starts earlier, the words before the seeds are not known to be in place.
    const wider = { ...block, sameLine: (x: number, y: number) => x >= 90 && y <= 139 };
    expect(alignSeeds(40, s, 1000, wider)).toMatchObject({ edgeMissing: 9, segments: [[103, 139]] });
  });

  test('a word replaced by another that is no typo of it stays a substitution and breaks the run', () => {
    const s = whole(14, 0).filter((x) => ![5, 6].includes(x.i));
    const a = alignSeeds(14, s, 100, undefined, () => false);
    expect(a).toMatchObject({ matches: 13, substituted: 1, runWords: 13 });
    // Words 0-5 and 7-13 are runs either side of the replaced word 6.
    const b = alignSeeds(
      14,
      whole(14, 0).filter((x) => ![4, 5, 6].includes(x.i)),
      100,
      undefined,
      () => false,
    );
    expect(b).toMatchObject({ matches: 12, substituted: 2, runWords: 12 });
  });

  test('a long insertion inside the point’s own running text (rewording) stays in the highlight', () => {
    const s = [...whole(6, 0), ...whole(6, 26).map((x) => ({ i: x.i + 6, j: x.j }))];
    const a = alignSeeds(12, s, 100, { sameLine: () => true, separable: () => false });
    expect(a.segments).toEqual([[0, 31]]);
  });

  test('a gap of different lengths on point and page is not a substitution', () => {
    // Point word 6 is missing; three page words stand in its place.
    const s = [...whole(6, 0), ...whole(6, 9).map((x) => ({ i: x.i + 7, j: x.j }))];
    expect(alignSeeds(13, s, 100).substituted).toBe(0);
  });

  test('a short insertion stays inside the highlight', () => {
    const s = [...whole(6, 0), ...whole(6, 8).map((x) => ({ i: x.i + 6, j: x.j }))];
    const a = alignSeeds(12, s, 100);
    expect(a.segments).toEqual([[0, 13]]);
    expect(a.spanWords).toBe(14);
  });

  test('missing first and last words are taken from the page when on the same line', () => {
    const s = whole(10, 50).filter((x) => x.i >= 1 && x.i <= 7);
    expect(alignSeeds(10, s, 1000).segments).toEqual([[50, 59]]);
    expect(alignSeeds(10, s, 1000, { sameLine: () => false, separable: () => true }).segments).toEqual([
      [51, 58],
    ]);
  });

  test('a quote of the middle of a point leaves its edges missing', () => {
    const s = whole(30, 0).filter((x) => x.i >= 10 && x.i < 20);
    const a = alignSeeds(30, s, 1000);
    expect(a.edgeMissing).toBe(10 + 30 - 2 - 19);
  });

  test('no seeds, no match', () => {
    expect(alignSeeds(10, [], 100)).toMatchObject({ matches: 0, segments: [] });
  });
});
