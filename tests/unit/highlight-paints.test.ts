/**
 * The manifest's stylesheet (src/content/highlight-paints.css) holds the paint rules of
 * src/content/highlight-paints.ts for the root element: the file is written from the code, so the
 * two cannot drift (`npx vitest run tests/unit/highlight-paints.test.ts -u` writes it again).
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import manifest from '../../manifest.json' with { type: 'json' };
import { firefoxManifest } from '../../vite.config';
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
const FIREFOX_CSS_PATH = 'src/content/highlight-paints-firefox.css';

const names = [
  ...SECTION_COLOURS.map((_, k) => pointPaintName(k)),
  ...HIGHLIGHT_COLOURS.flatMap((c) => [userPaintName(c, false), userPaintName(c, true)]),
];

describe('highlight paints', () => {
  it('the manifest injects the stylesheet before the page loads, into every frame', () => {
    const entry = manifest.content_scripts.find((s) => 'css' in s) as
      { css: string[]; run_at: string; all_frames: boolean; match_about_blank: boolean } | undefined;
    expect(entry).toMatchObject({
      css: [CSS_PATH],
      run_at: 'document_start',
      all_frames: true,
      match_about_blank: true,
    });
    const firefox = firefoxManifest(manifest) as { content_scripts: Array<{ css?: string[] }> };
    expect(firefox.content_scripts.find((s) => s.css)?.css).toEqual([FIREFOX_CSS_PATH]);
  });

  it('the stylesheets are the code’s rules: for :root (Chromium), for every element (Firefox)', async () => {
    await expect(documentPaintCss(':root')).toMatchFileSnapshot(`../../${CSS_PATH}`);
    await expect(documentPaintCss('')).toMatchFileSnapshot(`../../${FIREFOX_CSS_PATH}`);
  });

  it('have one rule per paint', () => {
    const chromium = readFileSync(CSS_PATH, 'utf8');
    const firefox = readFileSync(FIREFOX_CSS_PATH, 'utf8');
    for (const name of names) {
      expect(chromium).toContain(`\n:root::highlight(${name}){background-color:`);
      expect(firefox).toContain(`\n::highlight(${name}){background-color:`);
    }
    expect(chromium.match(/::highlight\(/g)).toHaveLength(names.length);
    expect(firefox.match(/::highlight\(/g)).toHaveLength(names.length);
  });

  it('section colours wrap around; rules for every element have no subject', () => {
    expect(pointPaintName(SECTION_COLOURS.length + 1)).toBe(pointPaintName(1));
    expect(pointPaintRules('')).toMatch(/^::highlight\(annotator-paint-point-0\)\{/);
    expect(userPaintRules('')).not.toContain(':root');
  });
});
