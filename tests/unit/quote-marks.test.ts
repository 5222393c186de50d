import { describe, expect, test } from 'vitest';
import { quoteMarks } from '../../src/recognition/quote-marks';
import { tokenize } from '../../src/recognition/words';

/** Whether a quote opens before, and closes after, the word `word` of `text`. */
function marksAround(text: string, word: string): { opens: boolean; closes: boolean } {
  const words = tokenize(text);
  const j = Array.from({ length: words.length }, (_, k) =>
    text.slice(words.starts[k], words.ends[k]),
  ).indexOf(word);
  if (j < 0) throw new Error(`no word ${word}`);
  const q = quoteMarks(text, words);
  return { opens: q.quoteOpens(j), closes: q.quoteCloses(j) };
}

describe('quoteMarks: quotation marks inside a line of running text', () => {
  test.each([
    ['The text says: “Adhere to the rules.” Critics disagreed.', 'Adhere', { opens: true, closes: false }],
    ['The text says: “Adhere to the rules.” Critics disagreed.', 'rules', { opens: false, closes: true }],
    ['He said "adhere to the rules" and left.', 'adhere', { opens: true, closes: false }],
    ['He said "adhere to the rules" and left.', 'rules', { opens: false, closes: true }],
    ['It begins: «Adhere to the rules…» and goes on.', 'rules', { opens: false, closes: true }],
    ['The text begins: “Adhere to the rules …” Officials said.', 'rules', { opens: false, closes: true }],
    // No mark at all, or an apostrophe: no quote.
    ['Adhere to the country’s rules, it says.', 'country', { opens: false, closes: false }],
    ['Adhere to the rules, it says.', 'rules', { opens: false, closes: false }],
  ])('%s (%s)', (text, word, expected) => {
    expect(marksAround(text, word)).toEqual(expected);
  });

  test('a mark at the start or end of a line is not inside running text', () => {
    const text = 'Headline\n“Adhere to the rules.”\nNext paragraph';
    expect(marksAround(text, 'Adhere').opens).toBe(false);
    expect(marksAround(text, 'rules').closes).toBe(false);
  });
});
