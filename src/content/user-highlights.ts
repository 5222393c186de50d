import { HIGHLIGHT_COLOURS, type HighlightColour } from '../shared/annotation';
import { COLOUR_STYLES } from '../ui/colours';
import { ScopedStyles } from './scoped-styles';

/** The highlight name is a contract: tests outside the project read `annotator-user-<id>`. */
export const userHighlightName = (id: string): string => `annotator-user-${id}`;

/** The names that carry the paint: one per colour, saved or pending. */
const paintName = (colour: HighlightColour, pending: boolean): string =>
  `annotator-paint-${pending ? 'pending-' : ''}${colour}`;

/** Saved: the colour's fill. Pending (not yet acknowledged): a faint fill and a dashed underline. */
function rules(): string {
  return HIGHLIGHT_COLOURS.flatMap((colour) => {
    const c = COLOUR_STYLES[colour];
    const faint = c.fill.replace(/[\d.]+\)$/, '0.16)');
    return [
      `::highlight(${paintName(colour, false)}){background-color:${c.fill}}`,
      `::highlight(${paintName(colour, true)}){background-color:${faint};text-decoration:underline dashed 2px ${c.swatch}}`,
    ];
  }).join('\n');
}

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
    this.styles = new ScopedStyles(doc, rules());
  }

  set(id: string, range: Range, colour: HighlightColour, pending = false): void {
    this.styles.applyFor(range);
    this.unpaint(id);
    CSS.highlights.set(userHighlightName(id), new Highlight(range));
    const paint = paintName(colour, pending);
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
