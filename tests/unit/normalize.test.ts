import { describe, expect, test } from 'vitest';
import { normalizeText, normalizeWithMap } from '../../src/shared/normalize';

describe('normalizeText', () => {
  test.each([
    ['collapses runs of whitespace', 'a  b\n\t c', 'a b c'],
    ['drops leading and trailing whitespace', '  a b  ', 'a b'],
    ['turns non-breaking and ideographic spaces into spaces', 'a\u00a0b\u3000c\u2009d', 'a b c d'],
    ['drops soft hyphens inside words', 'trans\u00adformation', 'transformation'],
    ['drops zero-width spaces, joiners and BOM', 'di\u200bgi\u200dtal\ufeff', 'digital'],
    [
      'folds curly quotes to straight ones',
      '\u201cquoted\u201d and \u2018single\u2019',
      '"quoted" and \'single\'',
    ],
    ['folds dashes to hyphen-minus', 'a\u2013b\u2014c\u2212d', 'a-b-c-d'],
    ['lower-cases ASCII and other scripts', 'ÉCOLE Straße ΣΟΦΙΑ', 'école straße σοφια'],
    ['applies NFKC to compatibility forms', 'ﬁnance ＡＢＣ ①', 'finance abc 1'],
    ['keeps CJK text', '数字化转型', '数字化转型'],
    ['returns empty for whitespace only', ' \n\u00a0 ', ''],
  ])('%s', (_name, raw, expected) => {
    expect(normalizeText(raw)).toBe(expected);
  });

  // ASCII takes a path of its own (no Normalizer): it must give what the Normalizer gives.
  test.each([
    ['ASCII without spaces', 'TextQuoteSelector'],
    ['every kind of ASCII whitespace, in runs and at both ends', '\t\n A\u000bB\f\r  c \t'],
    ['control characters that are not whitespace stay', 'a\u0000b\u001fc\u007fd\u001c'],
    ['punctuation and digits unchanged', 'Fig. 3: "A-B" (n=10) & <tag>'],
    ['empty', ''],
  ])('ASCII: %s', (_name, raw) => {
    expect(normalizeText(raw)).toBe(normalizeWithMap(raw).text);
  });

  test('ASCII: random strings give what the Normalizer gives', () => {
    let seed = 7;
    const next = () => (seed = (seed * 1103515245 + 12345) & 0x7fffffff) / 0x80000000;
    const pool = 'aZ \t\n\r\u000b\f\u0000\u001f.-"\'9\u007f';
    for (let k = 0; k < 2000; k++) {
      const raw = Array.from(
        { length: Math.floor(next() * 24) },
        () => pool[Math.floor(next() * pool.length)],
      ).join('');
      expect(normalizeText(raw), JSON.stringify(raw)).toBe(normalizeWithMap(raw).text);
    }
  });
});

describe('normalizeWithMap', () => {
  test.each([
    ['plain text maps 1:1', 'abc', [0, 1, 2, 3]],
    ['collapsed whitespace maps to the last raw space', 'a  b', [0, 2, 3, 4]],
    ['dropped soft hyphen is skipped', 'a\u00adb', [0, 2, 3]],
    ['expanded ligature maps both letters to one raw index', '\ufb01x', [0, 0, 1, 2]],
    ['surrogate pairs map to their first unit', 'a\u{1d400}b', [0, 1, 3, 4]],
  ])('%s', (_name, raw, expected) => {
    expect([...normalizeWithMap(raw).map]).toEqual(expected);
  });

  test('every normalised character maps into the raw text in order', () => {
    const raw = ' Jointly\u00a0promote “the”\u00ad digital  trans\u200bformation. ';
    const { text, map } = normalizeWithMap(raw);
    expect(text).toBe('jointly promote "the" digital transformation.');
    for (let i = 1; i < map.length; i++) expect(map[i]).toBeGreaterThan(map[i - 1]!);
    expect(map[map.length - 1]).toBe(raw.length);
  });
});
