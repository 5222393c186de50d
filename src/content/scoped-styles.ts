import { highlightInheritance } from '../platform/engine';
import type { HighlightRules } from './highlight-paints';

/**
 * `::highlight()` rules, applied once to each tree scope that needs them: the document, and every
 * shadow root a highlight reaches into (a document stylesheet does not style text inside a shadow
 * tree).
 *
 * Where highlight styles are inherited (Chromium), the document needs nothing from us: the
 * manifest puts the same rules, written for the root element only, into every page before it
 * loads (highlight-paints.css). Adding rules to a page that is already laid out restyles every
 * element: on a page of 3 MB of text that was a task of 45-115 ms (Chromium 156, measured with a
 * trace), whether the rules were for every element or for the root, whose changed highlight
 * style every element then inherits. Elsewhere the rules are added on first use, for every
 * element. Shadow trees get rules for every element: they are small.
 */
export class ScopedStyles {
  private readonly css: string;
  private readonly sheet: CSSStyleSheet | null;
  private readonly styled = new WeakSet<Document | ShadowRoot>();

  constructor(
    private readonly doc: Document,
    rules: HighlightRules,
  ) {
    this.css = rules('');
    this.sheet = constructSheet(this.css);
  }

  apply(scope: Document | ShadowRoot): void {
    if (this.styled.has(scope)) return;
    this.styled.add(scope);
    if (scope instanceof Document && highlightInheritance) return;
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
