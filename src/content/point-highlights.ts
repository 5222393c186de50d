import type { IndexedPoint } from '../recognition/pack-index';
import { pointPaintName, pointPaintRules } from './highlight-paints';
import { ScopedStyles } from './scoped-styles';

/** The highlight name is a contract: tests outside the project read `annotator-point-<pointId>`. */
export const pointHighlightName = (pointId: string): string => `annotator-point-${pointId}`;

/**
 * Owns the point highlights of one document: one `Highlight` per point in `CSS.highlights`, its
 * ranges painted by the paint highlight of its section's colour.
 */
export class PointHighlights {
  private readonly styles: ScopedStyles;
  private readonly painted = new Map<string, { ranges: Range[]; paint: string }>();

  constructor(doc: Document) {
    this.styles = new ScopedStyles(doc, pointPaintRules);
  }

  set(point: IndexedPoint, ranges: Range[]): void {
    // A shadow root gets its rules on first use (the document has them from the manifest).
    for (const r of ranges) this.styles.applyFor(r);
    this.unpaint(point);
    CSS.highlights.set(pointHighlightName(point.point.id), new Highlight(...ranges));
    const paint = pointPaintName(point.section.colour);
    let highlight = CSS.highlights.get(paint);
    if (!highlight) {
      highlight = new Highlight();
      CSS.highlights.set(paint, highlight);
    }
    for (const r of ranges) highlight.add(r);
    this.painted.set(point.point.id, { ranges, paint });
  }

  delete(point: IndexedPoint): void {
    CSS.highlights.delete(pointHighlightName(point.point.id));
    this.unpaint(point);
  }

  private unpaint(point: IndexedPoint): void {
    const was = this.painted.get(point.point.id);
    if (!was) return;
    const highlight = CSS.highlights.get(was.paint);
    for (const r of was.ranges) highlight?.delete(r);
    this.painted.delete(point.point.id);
  }
}
