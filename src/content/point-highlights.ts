import type { IndexedPoint } from '../recognition/pack-index';

/** The highlight name is a contract: tests outside the project read `annotator-point-<pointId>`. */
export const pointHighlightName = (pointId: string): string => `annotator-point-${pointId}`;

/**
 * Colours per section: translucent fills keep the page's own text colour readable on light and
 * dark pages alike (no text colour is forced); `line` is the label's solid colour. No underline:
 * browsers skip ink under descenders, which cuts a highlight's underline into pieces.
 */
const SECTION_COLOURS = [
  { fill: 'rgba(255, 185, 0, 0.40)', line: 'rgb(150, 88, 0)' },
  { fill: 'rgba(0, 165, 255, 0.32)', line: 'rgb(0, 102, 189)' },
  { fill: 'rgba(160, 90, 255, 0.32)', line: 'rgb(112, 56, 196)' },
];

export function sectionColour(colour: number): { fill: string; line: string } {
  return SECTION_COLOURS[colour % SECTION_COLOURS.length]!;
}

function rules(points: IndexedPoint[]): string {
  return points
    .map((p) => {
      const c = sectionColour(p.section.colour);
      return `::highlight(${pointHighlightName(p.point.id)}){background-color:${c.fill}}`;
    })
    .join('\n');
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

/**
 * Owns the point highlights of one document: one `Highlight` per point in `CSS.highlights`, and the
 * `::highlight()` rules adopted by the document and by every shadow root a point reaches into
 * (a document stylesheet does not style text inside a shadow tree).
 */
export class PointHighlights {
  private readonly sheet: CSSStyleSheet | null;
  private readonly styled = new WeakSet<Document | ShadowRoot>();
  private readonly css: string;

  constructor(
    private readonly doc: Document,
    points: IndexedPoint[],
  ) {
    this.css = rules(points);
    this.sheet = constructSheet(this.css);
  }

  private style(scope: Document | ShadowRoot, css: string): void {
    if (this.styled.has(scope)) return;
    this.styled.add(scope);
    try {
      if (!this.sheet) throw new Error('no constructable stylesheet');
      // Adopting a sheet changes no DOM node, so page frameworks and observers see nothing.
      scope.adoptedStyleSheets = [...scope.adoptedStyleSheets, this.sheet];
    } catch {
      // Firefox content scripts cannot adopt a sheet built in their sandbox (Xray wrappers,
      // bug 1751346): fall back to a style element.
      const el = this.doc.createElement('style');
      el.textContent = css;
      (scope instanceof Document ? (scope.head ?? scope.documentElement) : scope).append(el);
    }
  }

  set(point: IndexedPoint, ranges: Range[]): void {
    const registry = CSS.highlights;
    // Styles are adopted on first use: restyling a page that shows no point would be wasted work.
    this.style(this.doc, this.css);
    for (const r of ranges) {
      const root = r.startContainer.getRootNode();
      if (root instanceof ShadowRoot) this.style(root, this.css);
    }
    const highlight = new Highlight(...ranges);
    registry.set(pointHighlightName(point.point.id), highlight);
  }

  delete(point: IndexedPoint): void {
    CSS.highlights.delete(pointHighlightName(point.point.id));
  }
}
