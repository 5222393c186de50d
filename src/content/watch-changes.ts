import { yieldToPage } from './slices';
import { isOwnUi } from './ui-host';

/**
 * A pass started from the observer's callback runs inside the page's own task: its first slice
 * stays this short, and a larger change goes on in slices of its own.
 */
const IN_PAGE_TASK_MS = 8;

/** Containers larger than this are not re-read as a whole when something inside them changes. */
const MAX_SCOPE_CHARS = 200_000;

const BLOCKISH = /^(P|DIV|LI|SECTION|ARTICLE|MAIN|ASIDE|BLOCKQUOTE|TD|DD|UL|OL|TABLE|BODY|FIGURE)$/;

/**
 * Which part of the page to read again after a mutation: the changed node's nearest block and the
 * container around it (a point may be a heading plus a paragraph), unless that container is huge.
 */
function scopeOf(node: Node): Node | null {
  let el: Element | null = node.nodeType === 1 ? (node as Element) : node.parentElement;
  if (!el) {
    const root = node.getRootNode();
    return root instanceof ShadowRoot ? root : null;
  }
  for (let p: Element | null = el; p; p = p.parentElement) if (isOwnUi(p)) return null;
  while (el.parentElement && !BLOCKISH.test(el.tagName)) el = el.parentElement;
  const parent = el.parentElement;
  if (
    parent &&
    parent !== document.documentElement &&
    parent !== document.body &&
    textAtMost(parent, MAX_SCOPE_CHARS)
  ) {
    return parent;
  }
  return el;
}

/**
 * Whether `el` holds at most `limit` characters of text. Counted node by node and given up once
 * over: `textContent` would build the whole string, 7 ms for a 3 MB container, on every change a
 * ticker or a clock inside it makes.
 */
function textAtMost(el: Element, limit: number): boolean {
  const walker = document.createTreeWalker(el, NodeFilter.SHOW_TEXT);
  let total = 0;
  for (let n = walker.nextNode(); n; n = walker.nextNode()) {
    total += (n as Text).length;
    if (total > limit) return false;
  }
  return true;
}

/** Our own UI host coming and going is no change to the page's text. */
function onlyOwnUi(r: MutationRecord): boolean {
  for (const list of [r.addedNodes, r.removedNodes]) {
    for (let i = 0; i < list.length; i++) {
      const n = list[i]!;
      if (n.nodeType !== 1 || !isOwnUi(n as Element)) return false;
    }
  }
  return true;
}

/** Keeps the outermost scopes: a scope inside another is read with it. */
function outermost(scopes: Set<Node>): Node[] {
  const list = [...scopes];
  return list.filter((s) => !list.some((o) => o !== s && o.contains(s)));
}

/** What counts as a change of the page's text. */
export const WATCHED: MutationObserverInit = {
  subtree: true,
  childList: true,
  characterData: true,
  attributes: true,
  // Articles shown late by un-hiding them change only these (`open`: details and dialogs).
  attributeFilter: ['hidden', 'class', 'style', 'open'],
};

/**
 * Batches mutations: records pile up while a pass runs, and the next pass waits in proportion to
 * the last one's cost, so a page that mutates a thousand times a second gets at most a small
 * share of its main thread taken by us.
 */
export class ChangeWatcher {
  private readonly pending = new Set<Node>();
  /** One observer for the document and every shadow root added to it (observing twice is a no-op). */
  private readonly observer: MutationObserver;
  private timer = 0;
  private busy = false;
  private lastCost = 0;
  private lastEnd = 0;

  constructor(
    /** Runs a pass over `scopes`; `firstSlice` caps its first slice when it starts inside the page's task. */
    private readonly run: (scopes: Node[], firstSlice?: number) => Promise<number>,
    private readonly signal: AbortSignal,
  ) {
    this.observer = new MutationObserver((records) => {
      // Records of one batch often share a target (a list filled item by item): one scope each.
      const seen = new Set<Node>();
      for (const r of records) {
        if (seen.has(r.target) || (r.type === 'childList' && onlyOwnUi(r))) continue;
        seen.add(r.target);
        const scope = scopeOf(r.target);
        if (scope) this.pending.add(scope);
      }
      this.kick(true);
    });
    signal.addEventListener('abort', () => {
      this.observer.disconnect();
      clearTimeout(this.timer);
    });
  }

  observe(target: Node): void {
    if (this.signal.aborted) return;
    this.observer.observe(target, WATCHED);
  }

  /** Reads `scopes` again as if they had changed (text shown by the page's style, see RevealWatcher). */
  rescan(scopes: readonly Node[]): void {
    for (const scope of scopes) this.pending.add(scope);
    this.kick();
  }

  /**
   * Starts the next pass: at once from the observer's callback when the page is not churning (a
   * small change is then recognized within the page's own task, with a first slice short enough
   * not to make it long), after a yield otherwise, or after a back-off.
   */
  private kick(fromObserver = false): void {
    if (this.busy || this.timer || this.pending.size === 0 || this.signal.aborted) return;
    // Back off only while the page keeps changing: a pass may take a fifth of the main thread.
    const wait = Math.min(1000, this.lastEnd + this.lastCost * 4 - performance.now());
    if (wait <= 0 && fromObserver) {
      void this.flush(IN_PAGE_TASK_MS);
    } else if (wait <= 0) {
      this.timer = -1;
      void yieldToPage().then(() => this.flush());
    } else {
      this.timer = setTimeout(() => void this.flush(), wait) as unknown as number;
    }
  }

  private async flush(firstSlice?: number): Promise<void> {
    this.timer = 0;
    const scopes = outermost(this.pending).filter((s) => s.isConnected);
    this.pending.clear();
    if (!scopes.length) return;
    this.busy = true;
    try {
      this.lastCost = await this.run(scopes, firstSlice);
    } finally {
      this.lastEnd = performance.now();
      this.busy = false;
      this.kick();
    }
  }
}
