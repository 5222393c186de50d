/**
 * Highlight fills keep the page's text readable: black text on a white page and light text on a
 * dark page, with any fill laid over the page, stay at WCAG AA contrast (4.5:1) or better.
 */
import { describe, expect, it } from 'vitest';
import { HIGHLIGHT_COLOURS } from '../../src/shared/annotation';
import { COLOUR_STYLES } from '../../src/ui/colours';
import { SECTION_COLOURS } from '../../src/content/highlight-paints';

type Rgb = [number, number, number];

function parseRgba(css: string): { rgb: Rgb; alpha: number } {
  const m = /^rgba?\(\s*(\d+),\s*(\d+),\s*(\d+)(?:,\s*([\d.]+))?\s*\)$/.exec(css);
  if (!m) throw new Error(`not an rgb(a) colour: ${css}`);
  return { rgb: [Number(m[1]), Number(m[2]), Number(m[3])], alpha: m[4] === undefined ? 1 : Number(m[4]) };
}

/** The fill laid over an opaque page colour. */
function over(fill: string, page: Rgb): Rgb {
  const { rgb, alpha } = parseRgba(fill);
  return rgb.map((c, i) => c * alpha + page[i]! * (1 - alpha)) as Rgb;
}

/** WCAG 2 relative luminance and contrast ratio. */
function luminance(rgb: Rgb): number {
  const [r, g, b] = rgb.map((c) => {
    const s = c / 255;
    return s <= 0.03928 ? s / 12.92 : ((s + 0.055) / 1.055) ** 2.4;
  }) as Rgb;
  return 0.2126 * r + 0.7152 * g + 0.0722 * b;
}
function contrast(a: Rgb, b: Rgb): number {
  const [hi, lo] = [luminance(a), luminance(b)].sort((x, y) => y - x) as [number, number];
  return (hi + 0.05) / (lo + 0.05);
}

/** Typical pages: black on white, and light grey or white text on dark backgrounds. */
const PAGES: { name: string; page: Rgb; text: Rgb }[] = [
  { name: 'black on white', page: [255, 255, 255], text: [0, 0, 0] },
  { name: 'dark grey on white', page: [255, 255, 255], text: [34, 34, 34] },
  { name: 'white on black', page: [0, 0, 0], text: [255, 255, 255] },
  { name: 'white on dark grey', page: [18, 18, 18], text: [255, 255, 255] },
  { name: 'light grey on dark grey', page: [27, 29, 33], text: [232, 234, 237] },
];

const FILLS: [string, string][] = [
  ...HIGHLIGHT_COLOURS.map((c): [string, string] => [`user ${c}`, COLOUR_STYLES[c].fill]),
  ...SECTION_COLOURS.map((c, i): [string, string] => [`point section ${i}`, c.fill]),
];

describe('text over highlight fills stays readable (WCAG AA, 4.5:1)', () => {
  for (const { name, page, text } of PAGES) {
    it.each(FILLS)(`${name}: %s`, (_label, fill) => {
      expect(contrast(text, over(fill, page))).toBeGreaterThanOrEqual(4.5);
    });
  }

  it.each(SECTION_COLOURS.map((c, i) => [i, c.line]))(
    'point label %s: white text on its colour',
    (_i, line) => {
      expect(contrast([255, 255, 255], parseRgba(line).rgb)).toBeGreaterThanOrEqual(4.5);
    },
  );

  it('the ratio is computed as WCAG defines it', () => {
    expect(contrast([0, 0, 0], [255, 255, 255])).toBeCloseTo(21, 5);
    expect(contrast([119, 119, 119], [255, 255, 255])).toBeCloseTo(4.48, 2);
  });
});
