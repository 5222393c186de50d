import type { HighlightColour } from '../shared/annotation';
import { COLOUR_STYLES } from '../ui/colours';

/** The highlight name is a contract: tests outside the project read `annotator-user-<id>`. */
export const userHighlightName = (id: string): string => `annotator-user-${id}`;

/** Saved: the colour's fill. Pending (not yet acknowledged): a faint fill and a dashed underline. */
function rule(id: string, colour: HighlightColour, pending: boolean): string {
  const c = COLOUR_STYLES[colour];
  const decoration = pending ? `text-decoration:underline dashed 2px ${c.swatch};` : '';
  const fill = pending ? c.fill.replace(/[\d.]+\)$/, '0.16)') : c.fill;
  return `::highlight(${userHighlightName(id)}){background-color:${fill};${decoration}}`;
}

/**
 * The reader's highlights in one document: one `Highlight` per annotation in `CSS.highlights`, and
 * one constructed stylesheet with a `::highlight()` rule per annotation, adopted by the document and
 * by each shadow root a highlight reaches into. Rules are rebuilt once per task, however many
 * highlights change in it.
 */
export class UserHighlights {
  private readonly rules = new Map<string, string>();
  private readonly sheet = new CSSStyleSheet();
  private readonly fallbacks: HTMLStyleElement[] = [];
  private readonly styled = new WeakSet<Document | ShadowRoot>();
  private queued = false;

  constructor(private readonly doc: Document) {}

  set(id: string, range: Range, colour: HighlightColour, pending = false): void {
    this.style(this.doc);
    const root = range.startContainer.getRootNode();
    if (root instanceof ShadowRoot) this.style(root);
    const highlight = new Highlight(range);
    // Above the initiative-point highlights, which a reader's own highlight often overlaps.
    highlight.priority = 1;
    CSS.highlights.set(userHighlightName(id), highlight);
    this.rules.set(id, rule(id, colour, pending));
    this.queue();
  }

  delete(id: string): void {
    CSS.highlights.delete(userHighlightName(id));
    if (this.rules.delete(id)) this.queue();
  }

  clear(): void {
    for (const id of this.rules.keys()) CSS.highlights.delete(userHighlightName(id));
    this.rules.clear();
    this.queue();
  }

  private queue(): void {
    if (this.queued) return;
    this.queued = true;
    queueMicrotask(() => {
      this.queued = false;
      const css = [...this.rules.values()].join('\n');
      this.sheet.replaceSync(css);
      for (const el of this.fallbacks) el.textContent = css;
    });
  }

  private style(scope: Document | ShadowRoot): void {
    if (this.styled.has(scope)) return;
    this.styled.add(scope);
    try {
      scope.adoptedStyleSheets = [...scope.adoptedStyleSheets, this.sheet];
    } catch {
      // Firefox content scripts cannot adopt a sheet built in their sandbox: a style element.
      const el = this.doc.createElement('style');
      el.textContent = [...this.rules.values()].join('\n');
      (scope instanceof Document ? (scope.head ?? scope.documentElement) : scope).append(el);
      this.fallbacks.push(el);
    }
  }
}
