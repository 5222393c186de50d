/**
 * The text a reader sees, as one string: visible text nodes in reading order (open shadow roots
 * and slots followed as the browser renders them), with a line break between blocks so words of
 * two paragraphs never run together. `starts[i]` is where node `i` begins in `text`, the way back
 * from string offsets to DOM ranges.
 */
export interface TextModel {
  text: string;
  nodes: Text[];
  starts: number[];
}

/** Elements whose text is never shown as text. */
const SKIP = new Set([
  'SCRIPT',
  'STYLE',
  'TEMPLATE',
  'NOSCRIPT',
  'TEXTAREA',
  'IFRAME',
  'OBJECT',
  'SELECT',
  'OPTION',
  'HEAD',
  'TITLE',
  'META',
  'LINK',
  'CANVAS',
  'VIDEO',
  'AUDIO',
]);

/** Elements laid out as blocks by default; cheaper than asking for computed style on every element. */
const BLOCK = new Set([
  'ADDRESS',
  'ARTICLE',
  'ASIDE',
  'BLOCKQUOTE',
  'BR',
  'DD',
  'DETAILS',
  'DIALOG',
  'DIV',
  'DL',
  'DT',
  'FIELDSET',
  'FIGCAPTION',
  'FIGURE',
  'FOOTER',
  'FORM',
  'H1',
  'H2',
  'H3',
  'H4',
  'H5',
  'H6',
  'HEADER',
  'HGROUP',
  'HR',
  'LI',
  'MAIN',
  'NAV',
  'OL',
  'P',
  'PRE',
  'SECTION',
  'SUMMARY',
  'TABLE',
  'TBODY',
  'TD',
  'TFOOT',
  'TH',
  'THEAD',
  'TR',
  'UL',
]);

export interface TextModelOptions {
  /** Elements whose subtree is left out (the extension's own UI). */
  exclude?: (el: Element) => boolean;
  /**
   * Told of each open shadow root the walk enters: a mutation observer of the document sees
   * nothing inside shadow roots, so whoever watches for late text must observe each one too.
   */
  onShadowRoot?: (root: ShadowRoot) => void;
}

/**
 * Builds the model in slices: `step` walks until `deadline` (a `performance.now()` value) and says
 * whether it is done, so a page of several megabytes is read without a long task.
 */
export class TextModelBuilder {
  private readonly parts: string[] = [];
  private length = 0;
  private readonly nodes: Text[] = [];
  private readonly starts: number[] = [];
  /**
   * Depth-first walk state: per open element, the next child to visit. Children are followed by
   * `nextSibling`, not through `childNodes`: a live NodeList costs a binding call per index, and
   * on a page of megabytes the walk is most of the reading time. Slot contents come as arrays.
   */
  private readonly stack: Array<{ next: Node | null; list: Node[] | null; i: number; block: boolean }> = [];

  constructor(
    roots: Node[],
    private readonly options: TextModelOptions = {},
  ) {
    this.stack.push({ next: null, list: roots, i: 0, block: false });
  }

  private breakLine(): void {
    if (this.length > 0 && this.parts[this.parts.length - 1] !== '\n') {
      this.parts.push('\n');
      this.length += 1;
    }
  }

  step(deadline = Infinity): boolean {
    const stack = this.stack;
    let budget = 0;
    while (stack.length) {
      if ((++budget & 1023) === 0 && performance.now() > deadline) return false;
      const top = stack[stack.length - 1]!;
      let node: Node | null;
      if (top.list) node = top.i < top.list.length ? top.list[top.i++]! : null;
      else {
        node = top.next;
        if (node) top.next = node.nextSibling;
      }
      if (!node) {
        stack.pop();
        if (top.block) this.breakLine();
        continue;
      }
      const type = node.nodeType;
      if (type === 3) {
        const data = (node as Text).data;
        if (data.length) {
          this.nodes.push(node as Text);
          this.starts.push(this.length);
          this.parts.push(data);
          this.length += data.length;
        }
        continue;
      }
      if (type === 11) {
        stack.push({ next: node.firstChild, list: null, i: 0, block: false });
        continue;
      }
      if (type !== 1) continue;
      const el = node as Element;
      const tag = el.tagName;
      if (SKIP.has(tag) || el.hasAttribute('hidden') || this.options.exclude?.(el)) continue;
      const block = BLOCK.has(tag);
      if (block) this.breakLine();
      const shadow = el.shadowRoot;
      if (shadow) {
        this.options.onShadowRoot?.(shadow);
        stack.push({ next: shadow.firstChild, list: null, i: 0, block });
      } else if (tag === 'SLOT') {
        const assigned = (el as HTMLSlotElement).assignedNodes({ flatten: true });
        if (assigned.length) stack.push({ next: null, list: assigned, i: 0, block });
        else stack.push({ next: el.firstChild, list: null, i: 0, block });
      } else stack.push({ next: el.firstChild, list: null, i: 0, block });
    }
    return true;
  }

  /** Characters read so far, which `result` joins into one string. */
  get textLength(): number {
    return this.length;
  }

  result(): TextModel {
    return { text: this.parts.join(''), nodes: this.nodes, starts: this.starts };
  }
}

export function buildTextModel(root: Node, options: TextModelOptions = {}): TextModel {
  const b = new TextModelBuilder([root], options);
  b.step();
  return b.result();
}

/** Index of the node holding string offset `offset` (the last node starting at or before it). */
export function nodeIndexAt(model: TextModel, offset: number): number {
  const starts = model.starts;
  let lo = 0;
  let hi = starts.length - 1;
  while (lo < hi) {
    const mid = (lo + hi + 1) >> 1;
    if (starts[mid]! <= offset) lo = mid;
    else hi = mid - 1;
  }
  return lo;
}

/** A DOM range over string offsets [start, end) of the model, or null if the model is empty. */
export function rangeFromOffsets(model: TextModel, start: number, end: number): Range | null {
  if (!model.nodes.length || end <= start) return null;
  const a = nodeIndexAt(model, start);
  const b = nodeIndexAt(model, end - 1);
  const startNode = model.nodes[a]!;
  const endNode = model.nodes[b]!;
  const range = startNode.ownerDocument.createRange();
  range.setStart(startNode, Math.min(startNode.length, Math.max(0, start - model.starts[a]!)));
  range.setEnd(endNode, Math.min(endNode.length, Math.max(0, end - model.starts[b]!)));
  return range;
}

/** The string offset of a DOM boundary point, or -1 when the node is not in the model. */
export function offsetOf(model: TextModel, node: Node, offset: number): number {
  if (node.nodeType === 3) {
    const i = model.nodes.indexOf(node as Text);
    return i < 0 ? -1 : model.starts[i]! + offset;
  }
  // A boundary between children: the offset where the first text node at or after it starts.
  const doc = node.ownerDocument ?? (node as Document);
  const probe = doc.createRange();
  probe.setStart(node, offset);
  for (let i = 0; i < model.nodes.length; i++) {
    const cmp = probe.comparePoint(model.nodes[i]!, 0);
    if (cmp >= 0) return model.starts[i]!;
  }
  return model.text.length;
}
