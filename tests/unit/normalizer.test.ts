import { describe, expect, it } from 'vitest';
import { normalizeWithMap, Normalizer } from '../../src/shared/normalize';

const SAMPLES = [
  '  Hello,\n\n  World!  ',
  'Ｆｕｌｌｗｉｄｔｈ “quotes” — and ﬁ ligatures\u00ad soft\u200bhyphen',
  'emoji 😀 in the middle 𝐁𝐨𝐥𝐝 and more',
  'trailing high surrogate \ud83d',
  'mixed\tTabs\r\nand\u00a0nbsp\u3000ideographic space',
];

describe('Normalizer', () => {
  it.each(SAMPLES)('fed in pieces of any size it gives what one call gives: %j', (raw) => {
    const whole = normalizeWithMap(raw);
    for (const step of [1, 2, 3, 7]) {
      const n = new Normalizer(raw);
      while (!n.done) n.feed(n.position + step);
      expect(n.finish()).toEqual(whole);
    }
  });

  it.each(SAMPLES)('has one map entry per code unit of the text, and the raw length last: %j', (raw) => {
    const { text, map } = normalizeWithMap(raw);
    expect(map.length).toBe(text.length + 1);
    expect(map[text.length]).toBe(raw.length);
    for (let i = 1; i < text.length; i++) expect(map[i]!).toBeGreaterThanOrEqual(map[i - 1]!);
  });

  it('maps characters after an astral one back to where they are', () => {
    const raw = 'a 😀 b';
    const { text, map } = normalizeWithMap(raw);
    expect(text).toBe('a 😀 b');
    expect(raw[map[text.indexOf('b')]!]).toBe('b');
  });
  it('keeps a lone surrogate as it is (a decoder would make it U+FFFD, and stored quotes hold it)', () => {
    expect(normalizeWithMap('a \ud83d b').text).toBe('a \ud83d b');
    expect(normalizeWithMap('x \udc00').text).toBe('x \udc00');
  });

  it('grows its buffers where folding makes the text longer than the page, in any pieces', () => {
    const raw = `Start ${'\ufb01 A '.repeat(5000)}end`;
    const whole = normalizeWithMap(raw);
    expect(whole.text).toBe(`start ${'fi a '.repeat(5000)}end`);
    expect(raw[whole.map[whole.text.length - 3]!]).toBe('e');
    const n = new Normalizer(raw);
    while (!n.done) n.feed(n.position + 4093);
    expect(n.finish()).toEqual(whole);
  });
});
