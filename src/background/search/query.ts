/**
 * The search language: words (each a required prefix), "quoted phrases" (whole words, in order),
 * and filters `tag:`, `site:`, `color:`/`colour:`, `point:`/`pointId:`, `url:` (values may be quoted).
 * Everything is folded like the index (shared/search-tokens.ts): case- and accent-insensitive.
 */
import { HIGHLIGHT_COLOURS, type HighlightColour } from '../../shared/annotation';
import { wordsOf } from '../../shared/search-tokens';

export interface ParsedQuery {
  /** Folded words, each a required prefix. */
  prefixes: string[];
  /** Folded phrases (word lists), each required in order as whole words. */
  phrases: string[][];
  tags: string[];
  sites: string[];
  colors: HighlightColour[];
  pointIds: string[];
  urls: string[];
  /** What was not understood (e.g. an unknown colour), to show the reader. */
  warnings: string[];
}

const FILTER_KEYS: Record<string, 'tag' | 'site' | 'color' | 'point' | 'url'> = {
  tag: 'tag',
  site: 'site',
  color: 'color',
  colour: 'color',
  point: 'point',
  pointid: 'point',
  url: 'url',
};

/** Splits off one term: a quoted run (to the closing quote or the end) or a run without spaces. */
function readValue(text: string, at: number): { value: string; quoted: boolean; next: number } {
  if (text[at] === '"') {
    const close = text.indexOf('"', at + 1);
    const end = close === -1 ? text.length : close;
    return { value: text.slice(at + 1, end), quoted: true, next: close === -1 ? end : end + 1 };
  }
  let end = at;
  while (end < text.length && !/\s/.test(text[end] ?? '')) end++;
  return { value: text.slice(at, end), quoted: false, next: end };
}

export function parseQuery(text: string): ParsedQuery {
  const q: ParsedQuery = {
    prefixes: [],
    phrases: [],
    tags: [],
    sites: [],
    colors: [],
    pointIds: [],
    urls: [],
    warnings: [],
  };
  // Straight quotes only in the grammar: fold typographic ones first.
  const input = text.replace(/[“”„«»]/g, '"');
  let i = 0;
  while (i < input.length) {
    if (/\s/.test(input[i] ?? '')) {
      i++;
      continue;
    }
    const filter = /^([a-z]+):(?=\S)/i.exec(input.slice(i, i + 12));
    const key = filter ? FILTER_KEYS[filter[1]!.toLowerCase()] : undefined;
    if (filter && key) {
      const { value, next } = readValue(input, i + filter[0].length);
      i = next;
      const trimmed = value.trim();
      if (trimmed === '') continue;
      if (key === 'tag') q.tags.push(trimmed);
      else if (key === 'site') q.sites.push(trimmed.toLowerCase());
      else if (key === 'point') q.pointIds.push(trimmed);
      else if (key === 'url') q.urls.push(trimmed);
      else {
        const colour = HIGHLIGHT_COLOURS.find((c) => c === trimmed.toLowerCase());
        if (colour) q.colors.push(colour);
        else q.warnings.push(`unknown colour "${trimmed}" (${HIGHLIGHT_COLOURS.join(', ')})`);
      }
      continue;
    }
    const { value, quoted, next } = readValue(input, i);
    i = next;
    const words = wordsOf(value);
    if (quoted) {
      if (words.length > 0) q.phrases.push(words);
    } else {
      q.prefixes.push(...words);
    }
  }
  q.prefixes = [...new Set(q.prefixes)];
  return q;
}

/** The folded words to mark in results. */
export function termsOf(q: ParsedQuery): string[] {
  return [...new Set([...q.prefixes, ...q.phrases.flat()])];
}
