import type { IndexedPoint } from '../recognition/pack-index';
import { ScopedStyles } from './scoped-styles';

/** The highlight name is a contract: tests outside the project read `annotator-point-<pointId>`. */
export const pointHighlightName = (pointId: string): string => `annotator-point-${pointId}`;

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

function rules(points: IndexedPoint[]): string {
  return points
    .map((p) => {
      const c = sectionColour(p.section.colour);
      return `::highlight(${pointHighlightName(p.point.id)}){background-color:${c.fill}}`;
    })
    .join('\n');
}

/**
 * Owns the point highlights of one document: one `Highlight` per point in `CSS.highlights`, and the
 * `::highlight()` rules for them wherever a point's text is.
 */
export class PointHighlights {
  private readonly styles: ScopedStyles;

  constructor(doc: Document, points: IndexedPoint[]) {
    this.styles = new ScopedStyles(doc, rules(points));
  }

  set(point: IndexedPoint, ranges: Range[]): void {
    // Styles are applied on first use: restyling a page that shows no point would be wasted work.
    for (const r of ranges) this.styles.applyFor(r);
    CSS.highlights.set(pointHighlightName(point.point.id), new Highlight(...ranges));
  }

  delete(point: IndexedPoint): void {
    CSS.highlights.delete(pointHighlightName(point.point.id));
  }
}
