import type { IndexedPoint } from '../recognition/pack-index';
import { pointPaintName, pointPaintRules } from './highlight-paints';
import { PaintedHighlights } from './painted-highlights';

/** The highlight name is a contract: tests outside the project read `annotator-point-<pointId>`. */
export const pointHighlightName = (pointId: string): string => `annotator-point-${pointId}`;

/**
 * Owns the point highlights of one document: one `Highlight` per point in `CSS.highlights`, its
 * ranges painted by the paint highlight of its section's colour.
 */
export class PointHighlights {
  private readonly highlights: PaintedHighlights;

  constructor(doc: Document) {
    this.highlights = new PaintedHighlights(doc, pointPaintRules);
  }

  set(point: IndexedPoint, ranges: Range[]): void {
    this.highlights.set(pointHighlightName(point.point.id), ranges, pointPaintName(point.section.colour));
  }

  delete(point: IndexedPoint): void {
    this.highlights.delete(pointHighlightName(point.point.id));
  }
}
