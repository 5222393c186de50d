import { readFileSync } from 'node:fs';
import path from 'node:path';

/** One page of a truth.json, in the format of ../shared/corpus/README.md. */
export interface TruthPage {
  file: string;
  kind: 'positive' | 'negative';
  tags: string[];
  /** pointId -> the point's text as it appears on the page; empty for a negative page. */
  expect: Record<string, string>;
  /** Only where the article is inside this iframe. */
  frame?: string;
}

export interface Truth {
  pointIds: string[];
  pages: TruthPage[];
}

/** Reads a truth file at run time, so that pages added later are picked up without touching the tests. */
export function readTruth(dir: string): Truth {
  const truth = JSON.parse(readFileSync(path.join(dir, 'truth.json'), 'utf8')) as Truth;
  if (!Array.isArray(truth.pages)) throw new Error(`${dir}/truth.json has no "pages" array`);
  return truth;
}
