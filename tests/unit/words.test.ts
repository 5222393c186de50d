import { describe, expect, test } from 'vitest';
import { tokenize, Tokenizer } from '../../src/recognition/words';

const words = (text: string): string[] => {
  const seq = tokenize(text);
  return Array.from({ length: seq.length }, (_, k) => text.slice(seq.starts[k], seq.ends[k]));
};
const hashes = (text: string): number[] => {
  const seq = tokenize(text);
  return [...seq.hashes.slice(0, seq.length)];
};

describe('tokenize', () => {
  test.each([
    [
      'splits on spaces and punctuation',
      'Jointly promote, the industry.',
      ['Jointly', 'promote', 'the', 'industry'],
    ],
    ['splits on apostrophes as the scorer does', 'country’s needs', ['country', 's', 'needs']],
    ['keeps digits as words', '5G and 4th', ['5G', 'and', '4th']],
    ['keeps a soft hyphen inside its word', 'trans\u00adformation', ['trans\u00adformation']],
    ['keeps a zero-width space inside its word', 'digi\u200btal', ['digi\u200btal']],
    ['splits on non-breaking spaces', 'big\u00a0data', ['big', 'data']],
    ['makes each ideograph a word', '数字化 ok', ['数', '字', '化', 'ok']],
    ['handles accented letters', 'café résumé', ['café', 'résumé']],
    ['returns nothing for punctuation only', ' -- , . ', []],
  ])('%s', (_name, text, expected) => {
    expect(words(text)).toEqual(expected);
  });

  test.each([
    ['case', 'Digital', 'digital'],
    ['soft hyphen', 'digi\u00adtal', 'digital'],
    ['zero-width joiner', 'digi\u200dtal', 'digital'],
    ['full-width letters', 'ｄｉｇｉｔａｌ', 'digital'],
  ])('hashes ignore %s', (_name, a, b) => {
    expect(hashes(a)).toEqual(hashes(b));
  });

  test('different words hash differently', () => {
    expect(hashes('digital')).not.toEqual(hashes('digitl'));
    expect(hashes('ab cd')).not.toEqual(hashes('cd ab'));
  });

  test('feeding slices cut at spaces gives the same words as one call', () => {
    const text = 'one two three four five six seven';
    const t = new Tokenizer(2);
    t.feed(text, 0, 8);
    t.feed(text, 8, 20);
    t.feed(text, 20, text.length);
    const seq = t.finish();
    const whole = tokenize(text);
    expect(seq.length).toBe(whole.length);
    expect([...seq.hashes.slice(0, seq.length)]).toEqual([...whole.hashes.slice(0, whole.length)]);
    expect([...seq.starts.slice(0, seq.length)]).toEqual([...whole.starts.slice(0, whole.length)]);
  });
});
