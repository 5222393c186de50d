import { HIGHLIGHT_COLOURS, type HighlightColour } from '../shared/annotation';
import { COLOUR_STYLES } from '../ui/colours';

/**
 * What the page's highlights look like. A highlight named by what it marks (`annotator-point-<id>`,
 * `annotator-user-<id>`) carries no style; its ranges are also added to one paint highlight per
 * colour, and a fixed set of `::highlight()` rules styles those. Fixed rules can be in place before
 * the page is (see `documentPaintCss`), where adding rules later restyles every element.
 */

/**
 * Colours per section: translucent fills keep the page's own text colour readable on light and
 * dark pages alike (no text colour is forced); `line` is the label's solid colour. No underline:
 * browsers skip ink under descenders, which cuts a highlight's underline into pieces.
 */
export const SECTION_COLOURS = [
  { fill: 'rgba(255, 185, 0, 0.40)', line: 'rgb(150, 88, 0)' },
  { fill: 'rgba(0, 165, 255, 0.32)', line: 'rgb(0, 102, 189)' },
  { fill: 'rgba(160, 90, 255, 0.32)', line: 'rgb(112, 56, 196)' },
];

export function sectionColour(colour: number): { fill: string; line: string } {
  return SECTION_COLOURS[colour % SECTION_COLOURS.length]!;
}

/** The paint of a pack section's points, by the section's colour. */
export const pointPaintName = (colour: number): string =>
  `annotator-paint-point-${colour % SECTION_COLOURS.length}`;

/** The paint of a reader's highlight, by colour, saved or pending (not yet acknowledged). */
export const userPaintName = (colour: HighlightColour, pending: boolean): string =>
  `annotator-paint-${pending ? 'pending-' : ''}${colour}`;

/**
 * `::highlight()` rules for a subject selector: `''` makes every element match them; `':root'`
 * makes only the root match, the rest inheriting the highlight's style from it.
 */
export type HighlightRules = (subject: string) => string;

export const pointPaintRules: HighlightRules = (subject) =>
  SECTION_COLOURS.map(
    (c, k) => `${subject}::highlight(${pointPaintName(k)}){background-color:${c.fill}}`,
  ).join('\n');

/** Saved: the colour's fill. Pending: a faint fill and a dashed underline. */
export const userPaintRules: HighlightRules = (subject) =>
  HIGHLIGHT_COLOURS.flatMap((colour) => {
    const c = COLOUR_STYLES[colour];
    const faint = c.fill.replace(/[\d.]+\)$/, '0.16)');
    return [
      `${subject}::highlight(${userPaintName(colour, false)}){background-color:${c.fill}}`,
      `${subject}::highlight(${userPaintName(colour, true)}){background-color:${faint};text-decoration:underline dashed 2px ${c.swatch}}`,
    ];
  }).join('\n');

/**
 * The stylesheet the manifest puts in every page before it loads: for the root element where
 * highlight styles are inherited (Chromium: highlight-paints.css), for every element where they
 * are not (Firefox, bugzilla 1703963: highlight-paints-firefox.css). Present from the start, the
 * rules cost a page nothing measurable; added once it is laid out, they restyle every element
 * (45-115 ms in Chromium, 30-50 ms in Firefox, on a page of 3 MB of text).
 */
export function documentPaintCss(subject: ':root' | ''): string {
  return [
    '/* Written by tests/unit/highlight-paints.test.ts from src/content/highlight-paints.ts: do not edit. */',
    pointPaintRules(subject),
    userPaintRules(subject),
    '',
  ].join('\n');
}
