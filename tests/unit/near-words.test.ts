import { describe, expect, test } from 'vitest';
import { nearWords } from '../../src/recognition/near-words';
import { foldedWord } from '../../src/recognition/words';

describe('nearWords: a page word is the point word with a typo', () => {
  test.each([
    ['transformation', 'transformation', true],
    ['transformation', 'transfromation', true], // two letters swapped
    ['transformation', 'transformaton', true], // one dropped
    ['transformation', 'transformmation', true], // one doubled
    ['transformation', 'transformxtion', true], // one replaced
    ['transformation', 'trnsfrmation', true], // two dropped
    ['open', 'oen', true],
    ['chain', 'chail', true],
    ['industry', 'industyr', true],
    ['enterprises', 'enterprise', true],
    ['transformation', 'transition', false],
    ['transformation', 'trsfrmtion', false], // four dropped
    ['open', 'opne', false], // a swap is two edits, one too many in a word of four
    ['chain', 'chart', false],
    ['strengthen', 'reinforce', false],
    ['develop', 'evolve', false],
    ['the', 'teh', false], // short words are never near
    ['and', 'end', false],
    ['digital', 'digitalization', false],
    ['market', 'marker', true],
  ])('%s / %s → %s', (point, page, near) => {
    expect(nearWords(point, page)).toBe(near);
  });

  test('random pairs of different words of six letters or more are almost never near', () => {
    const words =
      'promote industry focus strengthening integration technology product innovation intelligent production operation services ecological systems accelerate development enterprises difficulties cultivate application scenarios solutions establish exemplary benchmarks'.split(
        ' ',
      );
    let near = 0;
    for (const a of words) for (const b of words) if (a !== b && nearWords(a, b)) near++;
    expect(near).toBe(0);
  });
});

describe('foldedWord reads a word as the tokenizer folds it', () => {
  test.each([
    ['Transformation', 'transformation'],
    ['trans\u00adfor\u200bmation', 'transformation'],
    ['ＤＩＧＩＴＡＬ', 'digital'],
    ['ﬁnance', 'finance'],
  ])('%s → %s', (raw, folded) => {
    expect(foldedWord(raw, 0, raw.length)).toBe(folded);
  });
});
