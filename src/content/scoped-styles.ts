/**
 * One stylesheet of `::highlight()` rules, applied once to each tree scope that needs it: the
 * document, and every shadow root a highlight reaches into (a document stylesheet does not style
 * text inside a shadow tree).
 */
export class ScopedStyles {
  private readonly sheet: CSSStyleSheet | null;
  private readonly styled = new WeakSet<Document | ShadowRoot>();

  constructor(
    private readonly doc: Document,
    private readonly css: string,
  ) {
    this.sheet = constructSheet(css);
  }

  apply(scope: Document | ShadowRoot): void {
    if (this.styled.has(scope)) return;
    this.styled.add(scope);
    try {
      if (!this.sheet) throw new Error('no constructable stylesheet');
      // Adopting a sheet changes no DOM node, so page frameworks and observers see nothing.
      scope.adoptedStyleSheets = [...scope.adoptedStyleSheets, this.sheet];
    } catch {
      // Where adopting throws — Firefox content scripts run in an Xray sandbox, and a sheet built
      // there may be refused by the page's document — fall back to a style element.
      const el = this.doc.createElement('style');
      el.textContent = this.css;
      (scope instanceof Document ? (scope.head ?? scope.documentElement) : scope).append(el);
    }
  }

  /** The document, and the shadow root a range starts in, if any. */
  applyFor(range: Range): void {
    this.apply(this.doc);
    const root = range.startContainer.getRootNode();
    if (root instanceof ShadowRoot) this.apply(root);
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
