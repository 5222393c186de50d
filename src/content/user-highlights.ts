import type { HighlightColour } from '../shared/annotation';
import { userPaintName, userPaintRules } from './highlight-paints';
import { ScopedStyles } from './scoped-styles';

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
  private readonly styles: ScopedStyles;
  private readonly painted = new Map<string, { range: Range; paint: string }>();

  constructor(doc: Document) {
    this.styles = new ScopedStyles(doc, userPaintRules);
  }

  set(id: string, range: Range, colour: HighlightColour, pending = false): void {
    this.styles.applyFor(range);
    this.unpaint(id);
    CSS.highlights.set(userHighlightName(id), new Highlight(range));
    const paint = userPaintName(colour, pending);
    let highlight = CSS.highlights.get(paint);
    if (!highlight) {
      highlight = new Highlight();
      // Above the initiative-point highlights, which a reader's own highlight often overlaps.
      highlight.priority = 1;
      CSS.highlights.set(paint, highlight);
    }
    highlight.add(range);
    this.painted.set(id, { range, paint });
  }

  delete(id: string): void {
    CSS.highlights.delete(userHighlightName(id));
    this.unpaint(id);
  }

  private unpaint(id: string): void {
    const was = this.painted.get(id);
    if (!was) return;
    CSS.highlights.get(was.paint)?.delete(was.range);
    this.painted.delete(id);
  }
}
