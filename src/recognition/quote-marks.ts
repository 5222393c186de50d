import type { PageLayout } from './align';
import type { WordSeq } from './words';

/** A quotation mark opening right before a word (after the space before it). */
const OPENS = /[“"«„「『]\s?$/u;
/** A quotation mark closing right after a word, after its sentence's punctuation or an ellipsis. */
const CLOSES = /^[\s.,;:!?…。，]*[”"»」』]/u;

/**
 * Where a page sets words off in quotation marks inside a line of its own text: how a commentary
 * quotes a sentence. Only the characters between two words of one line are read, so a mark at the
 * start of a paragraph, or one that stands alone on its line, is no quote of this kind.
 */
export function quoteMarks(
  text: string,
  words: WordSeq,
): Required<Pick<PageLayout, 'quoteOpens' | 'quoteCloses'>> {
  const between = (a: number): string | null => {
    if (a < 0 || a + 1 >= words.length) return null;
    const gap = text.slice(words.ends[a]!, words.starts[a + 1]!);
    return gap.includes('\n') ? null : gap;
  };
  return {
    quoteOpens: (j) => OPENS.test(between(j - 1) ?? ''),
    quoteCloses: (j) => CLOSES.test(between(j) ?? ''),
  };
}
