import type { HighlightRules } from './highlight-paints';

/**
 * `::highlight()` rules for every shadow root a highlight reaches into: a document stylesheet does
 * not style text inside a shadow tree (and Firefox does not inherit highlight styles into it). The
 * document itself has its rules from the manifest, in place before the page loads (see
 * `documentPaintCss`): added later, they would restyle every element of a page already laid out.
 */
export class ScopedStyles {
  private readonly css: string;
  private readonly sheet: CSSStyleSheet | null;
  private readonly styled = new WeakSet<ShadowRoot>();

  constructor(
    private readonly doc: Document,
    rules: HighlightRules,
  ) {
    this.css = rules('');
    this.sheet = constructSheet(this.css);
  }

  /** The shadow root a range starts in, if any. */
  applyFor(range: Range): void {
    const root = range.startContainer.getRootNode();
    if (!(root instanceof ShadowRoot) || this.styled.has(root)) return;
    this.styled.add(root);
    try {
      if (!this.sheet) throw new Error('no constructable stylesheet');
      // Adopting a sheet changes no DOM node, so page frameworks and observers see nothing.
      root.adoptedStyleSheets = [...root.adoptedStyleSheets, this.sheet];
    } catch {
      // Where adopting throws — Firefox content scripts run in an Xray sandbox, and a sheet built
      // there may be refused by the page's document — fall back to a style element.
      const el = this.doc.createElement('style');
      el.textContent = this.css;
      root.append(el);
    }
  }
}

function constructSheet(css: string): CSSStyleSheet | null {
  try {
    const sheet = new CSSStyleSheet();
    sheet.replaceSync(css);
    return sheet;
  } catch {
    return null;
  }
}
