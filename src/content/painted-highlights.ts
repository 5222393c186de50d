import type { HighlightRules } from './highlight-paints';
import { ScopedStyles } from './scoped-styles';

/**
 * Highlights registered by name in `CSS.highlights`, each painted through a shared paint highlight
 * (see highlight-paints.ts): the named one carries no style, its ranges are also added to the
 * paint, which the fixed `::highlight()` rules style. Points and a reader's highlights both work
 * this way, with paints of their own.
 */
export class PaintedHighlights {
  private readonly styles: ScopedStyles;
  private readonly painted = new Map<string, { ranges: Range[]; paint: string }>();

  /** `priority`: given to each paint highlight this makes, over the paints of lower priority. */
  constructor(
    doc: Document,
    rules: HighlightRules,
    private readonly priority = 0,
  ) {
    this.styles = new ScopedStyles(doc, rules);
  }

  /** Registers `name` over `ranges` (in place of what it held), painted by the highlight `paint`. */
  set(name: string, ranges: Range[], paint: string): void {
    // A shadow root gets its rules on first use (the document has them from the manifest).
    for (const r of ranges) this.styles.applyFor(r);
    this.unpaint(name);
    CSS.highlights.set(name, new Highlight(...ranges));
    let highlight = CSS.highlights.get(paint);
    if (!highlight) {
      highlight = new Highlight();
      highlight.priority = this.priority;
      CSS.highlights.set(paint, highlight);
    }
    for (const r of ranges) highlight.add(r);
    this.painted.set(name, { ranges, paint });
  }

  delete(name: string): void {
    CSS.highlights.delete(name);
    this.unpaint(name);
  }

  private unpaint(name: string): void {
    const was = this.painted.get(name);
    if (!was) return;
    const highlight = CSS.highlights.get(was.paint);
    for (const r of was.ranges) highlight?.delete(r);
    this.painted.delete(name);
  }
}
