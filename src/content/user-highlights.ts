import type { HighlightColour } from '../shared/annotation';
import { userPaintName, userPaintRules } from './highlight-paints';
import { PaintedHighlights } from './painted-highlights';

/** The highlight name is a contract: tests outside the project read `annotator-user-<id>`. */
export const userHighlightName = (id: string): string => `annotator-user-${id}`;

/**
 * The reader's highlights in one document. Each annotation is its own `Highlight`, registered as
 * `annotator-user-<id>` in `CSS.highlights` (what the page shows for that annotation, by name);
 * the paint comes from twelve more highlights, one per colour and state, that hold the same
 * ranges, styled by twelve fixed `::highlight()` rules. A rule per annotation would be simpler, but
 * Chromium matches every `::highlight()` rule for every text box: with 1,000 rules the first frame
 * after restoring took about half a second, with twelve it takes a few tens of milliseconds.
 */
export class UserHighlights {
  private readonly highlights: PaintedHighlights;

  constructor(doc: Document) {
    // Above the initiative-point highlights, which a reader's own highlight often overlaps.
    this.highlights = new PaintedHighlights(doc, userPaintRules, 1);
  }

  /** Shows `ranges` (one, or the pieces of a quote cut by an insertion) as the annotation `id`. */
  set(id: string, ranges: Range[], colour: HighlightColour, pending = false): void {
    this.highlights.set(userHighlightName(id), ranges, userPaintName(colour, pending));
  }

  delete(id: string): void {
    this.highlights.delete(userHighlightName(id));
  }
}
