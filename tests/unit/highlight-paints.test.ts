/**
 * The manifest's stylesheet (src/content/highlight-paints.css) holds the paint rules of
 * src/content/highlight-paints.ts for the root element: the file is written from the code, so the
 * two cannot drift (`npx vitest run tests/unit/highlight-paints.test.ts -u` writes it again).
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import manifest from '../../manifest.json' with { type: 'json' };
import {
  documentPaintCss,
  pointPaintName,
  pointPaintRules,
  SECTION_COLOURS,
  userPaintName,
  userPaintRules,
} from '../../src/content/highlight-paints';
import { HIGHLIGHT_COLOURS } from '../../src/shared/annotation';

const CSS_PATH = 'src/content/highlight-paints.css';

describe('highlight paints', () => {
  it('the manifest injects the stylesheet with the content script, and it is the code’s rules for :root', async () => {
    expect(manifest.content_scripts[0]!.css).toEqual([CSS_PATH]);
    await expect(documentPaintCss()).toMatchFileSnapshot(`../../${CSS_PATH}`);
  });

  it('has one rule per paint, each for the root only', () => {
    const css = readFileSync(CSS_PATH, 'utf8');
    const names = [
      ...SECTION_COLOURS.map((_, k) => pointPaintName(k)),
      ...HIGHLIGHT_COLOURS.flatMap((c) => [userPaintName(c, false), userPaintName(c, true)]),
    ];
    for (const name of names) expect(css).toContain(`:root::highlight(${name}){background-color:`);
    expect(css.match(/::highlight\(/g)).toHaveLength(names.length);
  });

  it('section colours wrap around; rules for every element have no subject', () => {
    expect(pointPaintName(SECTION_COLOURS.length + 1)).toBe(pointPaintName(1));
    expect(pointPaintRules('')).toMatch(/^::highlight\(annotator-paint-point-0\)\{/);
    expect(userPaintRules('')).not.toContain(':root');
  });
});
