import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { pagesDir } from './paths';

/** A page of tests/pages/generate.mjs: one draw of a kind of hard page, with what it must show. */
export interface GeneratedPage {
  file: string;
  kind: 'positive' | 'negative';
  tags: string[];
  expect: Record<string, string>;
  html: string;
  /** Other documents the page loads (its frames), by file name. */
  files?: Record<string, string>;
}

const generator = (await import(pathToFileURL(path.join(pagesDir, 'generate.mjs')).href)) as {
  generatePages(seed: string): GeneratedPage[];
};

/** Every kind of hard page, drawn with `seed` (the committed pages are the draw of ''). */
export function generatePages(seed: string): GeneratedPage[] {
  return generator.generatePages(seed);
}
