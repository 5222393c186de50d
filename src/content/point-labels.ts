import { t } from '../platform/i18n';
import type { IndexedPoint } from '../recognition/pack-index';
import { localized } from '../shared/pack';
import { sectionColour } from './highlight-paints';
import { caretAt } from './caret';
import { uiRoot } from './ui-host';

const STYLE = `
.label{position:absolute;display:inline-flex;align-items:center;gap:4px;max-width:min(420px,80vw);
  padding:1px 8px;border-radius:9px;font:600 11px/16px system-ui,-apple-system,"Segoe UI",sans-serif;
  color:#fff;white-space:nowrap;overflow:hidden;text-overflow:ellipsis;pointer-events:auto;
  box-shadow:0 1px 3px rgba(0,0,0,.3);transform:translateY(-100%);cursor:default;user-select:none}
.words{overflow:hidden;text-overflow:ellipsis}
.label.compact{padding:1px 5px}
.label.margin{transform:translate(-100%,-50%)}
.label.compact:not(:hover):not(:focus-within) .section,
.label.compact:not(:hover):not(:focus-within) .title{display:none}
.annotate{all:unset;cursor:pointer;padding:0 3px;border-radius:4px;font-size:12px}
.annotate::after{content:"✎"}
.annotate:hover,.annotate:focus-visible{background:rgba(255,255,255,.3)}
`;

/** Made after labels are placed for new or moved points; visible to the page's timeline. */
export const LABELS_MARK = 'annotator:labels';

/** The label's height above a line: what must be free of the page's text for the whole label. */
const LABEL_HEIGHT = 18;
/** Offsets from a line's left edge where the whole label would sit, checked for the page's text. */
const LABEL_SPAN = [6, 60, 140, 220];
/** Room a compact label takes left of a line ("2/5 ✎" and a gap), where it goes when that is free. */
const MARGIN_WIDTH = 56;
/** Offsets left of a line's left edge checked for the page's text before a label goes there. */
const MARGIN_SPAN = [8, 30, MARGIN_WIDTH - 4];

/**
 * The words on a point's label, e.g. "Proposal 3/5 · Innovative application of digital technology",
 * in the pack's language or, where the pack has them, in `language` ("倡议 3/5 · 数字技术创新应用").
 */
export function labelText(p: IndexedPoint, language = 'en'): string {
  return labelParts(p, language).join('');
}

/** The label's words as [section, number, title], e.g. ["Proposal ", "3/5", " · Innovative …"]. */
function labelParts(p: IndexedPoint, language: string): [string, string, string] {
  const label = localized(p.section.label, p.section.labels, language);
  const title = localized(p.point.title, p.point.titles, language);
  return [`${label} `, `${p.ordinal}/${p.of}`, ` · ${title}`];
}

interface LabelEntry {
  el: HTMLElement | null;
  point: IndexedPoint;
  ranges: Range[];
  /** Shown as its number only (the whole label on hover or focus): the whole one would cover text. */
  compact: boolean;
  /** Compact, and left of the line rather than above it: the margin there is free of text. */
  margin: boolean;
  /** Where, in document coordinates, `compact` was judged: judged again when the line moves. */
  judgedAt: string;
}

/**
 * Whether a glyph of the page's text is drawn at viewport point (x, y). The caret found there may
 * be the nearest one to a blank point, so the character beside it must cover the point.
 */
function glyphAt(x: number, y: number): boolean {
  const caret = caretAt(x, y);
  if (!caret || caret.node.nodeType !== 3) return false;
  const text = caret.node as Text;
  const probe = document.createRange();
  for (const at of [caret.offset - 1, caret.offset]) {
    if (at < 0 || at >= text.length) continue;
    probe.setStart(text, at);
    probe.setEnd(text, at + 1);
    for (const r of probe.getClientRects()) {
      if (x >= r.left - 1 && x <= r.right + 1 && y >= r.top && y <= r.bottom) return true;
    }
  }
  return false;
}

/** Whether the page's text runs in the band a whole label would take above `line`. */
function labelWouldCoverText(line: DOMRect): boolean {
  return [4, LABEL_HEIGHT / 2, LABEL_HEIGHT - 3].some((dy) =>
    LABEL_SPAN.some((dx) => line.left + dx < innerWidth && glyphAt(line.left + dx, line.top - dy)),
  );
}

/**
 * Whether a compact label fits left of `line` without covering the page's text: where the line
 * above runs right up to the point's (tight paragraphs, ads between sentences), even the number
 * above it would hide a word, and an article column has a margin.
 */
function marginIsFree(line: DOMRect): boolean {
  const y = line.top + line.height / 2;
  return line.left >= MARGIN_WIDTH && MARGIN_SPAN.every((dx) => !glyphAt(line.left - dx, y));
}

/**
 * The visible box of the nearest ancestor that scrolls or clips, if any: a point scrolled out of
 * an inner scroll box must not leave its label floating over the rest of the page.
 */
function clipOf(node: Node): DOMRect | null {
  for (let el = node.parentElement; el && el !== document.documentElement && el !== document.body;) {
    const overflow = getComputedStyle(el).overflowY;
    if (overflow !== 'visible' && overflow !== 'clip') return el.getBoundingClientRect();
    const parent: Element | null = el.parentElement ?? ((el.getRootNode() as ShadowRoot).host || null);
    el = parent as HTMLElement | null;
  }
  return null;
}

/**
 * A small label beside each recognized point, in the extension's shadow root, placed from the
 * point's first line box in document coordinates and placed again when layout may have moved.
 */
export class PointLabels {
  private readonly labels = new Map<string, LabelEntry>();
  private frame = 0;
  /** Labels were set since the last placing: its time is told (see `schedule`). */
  private fresh = false;

  /** `onAnnotate`: a small button on each label lets the reader note and tag that point. */
  constructor(
    signal: AbortSignal,
    private readonly onAnnotate?: (point: IndexedPoint, ranges: Range[]) => void,
  ) {
    const schedule = (): void => this.schedule();
    addEventListener('resize', schedule, { signal, passive: true });
    // Capture: scroll events of inner scroll boxes do not bubble.
    addEventListener('scroll', schedule, { signal, passive: true, capture: true });
    const observer = new ResizeObserver(schedule);
    observer.observe(document.documentElement);
    signal.addEventListener('abort', () => {
      observer.disconnect();
      for (const { el } of this.labels.values()) el?.remove();
    });
  }

  /** Records the point's ranges; the label itself is made and placed at the next frame. */
  set(point: IndexedPoint, ranges: Range[]): void {
    const entry = this.labels.get(point.point.id);
    if (entry) entry.ranges = ranges;
    else
      this.labels.set(point.point.id, {
        el: null,
        point,
        ranges,
        compact: false,
        margin: false,
        judgedAt: '',
      });
    this.fresh = true;
    this.schedule();
  }

  /** Labels are built in the frame callback: a highlight is shown without waiting for them. */
  private build(entry: LabelEntry): HTMLElement {
    const root = uiRoot(STYLE);
    const { point } = entry;
    const el = document.createElement('div');
    el.className = 'label';
    el.setAttribute('role', 'note');
    // The language of the messages in use (getUILanguage in a content script may answer the page's).
    const text = labelText(point, t('lang_tag'));
    // In parts, so that a compact label can show only its number; together they read as `text`.
    const [section, number, title] = labelParts(point, t('lang_tag'));
    const words = document.createElement('span');
    words.className = 'words';
    for (const [cls, part] of [
      ['section', section],
      ['number', number],
      ['title', title],
    ] as const) {
      const span = document.createElement('span');
      span.className = cls;
      span.textContent = part;
      words.append(span);
    }
    el.append(words);
    el.title = point.point.text.slice(0, 200);
    el.setAttribute('aria-label', text);
    el.dataset.pointId = point.point.id;
    el.style.background = sectionColour(point.section.colour).line;
    if (this.onAnnotate) {
      const button = document.createElement('button');
      button.type = 'button';
      button.className = 'annotate';
      button.setAttribute('aria-label', t('label_add_note', text));
      // Only the reader's own click (a page script can reach our open shadow root and call click()).
      button.addEventListener('click', (e) => e.isTrusted && this.onAnnotate?.(point, entry.ranges));
      el.append(button);
    }
    root.append(el);
    entry.el = el;
    return el;
  }

  delete(point: IndexedPoint): void {
    this.labels.get(point.point.id)?.el?.remove();
    this.labels.delete(point.point.id);
  }

  private schedule(): void {
    // Most pages show no point: their scrolls and resizes ask for no frame of ours.
    if (this.frame || this.labels.size === 0) return;
    this.frame = requestAnimationFrame(() => {
      this.frame = 0;
      const t0 = performance.now();
      this.place();
      // Placing reads layout, so it pays for whatever restyling the page still owes: a task of
      // ours like a recognition slice, and told like one (the benchmark counts it).
      if (this.fresh) {
        this.fresh = false;
        performance.mark(LABELS_MARK, { detail: { ms: performance.now() - t0, labels: this.labels.size } });
      }
    });
  }

  /**
   * Reads every position first, then writes, so placing eleven labels costs one layout. Where the
   * page's text runs right above a point's first line (table rows, points run together in one
   * paragraph, tight lists), its label shrinks to its number so as not to cover that text. That
   * is judged by hit-testing, which sees only the viewport, once per position of the line: a
   * label judged off screen is judged again when it comes into view.
   */
  place(): void {
    const entries = [...this.labels.values()];
    // All reads come before the first write: building a label or moving one dirties layout, and
    // Blink lays the page out again for any geometry read after it, scrollX and scrollY included.
    const sx = scrollX;
    const sy = scrollY;
    const viewHeight = innerHeight;
    const boxes = entries.map((entry) => {
      const range = entry.ranges[0];
      const rect = range?.getClientRects()[0];
      const clip = range && rect ? clipOf(range.startContainer) : null;
      const hidden =
        clip !== null && rect !== undefined && (rect.bottom < clip.top || rect.top > clip.bottom);
      return { entry, rect, hidden, at: rect ? `${rect.left + sx},${rect.top + sy}` : '' };
    });
    const judge = boxes.filter(
      ({ entry, rect, hidden, at }) =>
        rect && !hidden && rect.top - LABEL_HEIGHT >= 0 && rect.top < viewHeight && entry.judgedAt !== at,
    );
    const els = entries.map((entry) => entry.el ?? this.build(entry));
    if (judge.length) {
      // Our own labels sit where the test looks: hit-testing must pass through them.
      for (const el of els) el.style.pointerEvents = 'none';
      for (const { entry, rect, at } of judge) {
        entry.compact = labelWouldCoverText(rect!);
        entry.margin = entry.compact && marginIsFree(rect!);
        entry.judgedAt = at;
      }
      for (const el of els) el.style.pointerEvents = '';
    }
    boxes.forEach(({ entry, rect, hidden }, k) => {
      const el = els[k]!;
      if (!rect || hidden || (rect.width === 0 && rect.height === 0)) {
        el.style.display = 'none';
        return;
      }
      el.style.display = '';
      el.classList.toggle('compact', entry.compact);
      el.classList.toggle('margin', entry.margin);
      if (entry.margin) {
        // It grows leftwards on hover: no further than the margin.
        el.style.maxWidth = `${Math.floor(rect.left) - 8}px`;
        el.style.left = `${rect.left + sx - 6}px`;
        el.style.top = `${rect.top + sy + rect.height / 2}px`;
        return;
      }
      el.style.maxWidth = '';
      el.style.left = `${Math.max(0, rect.left + sx)}px`;
      el.style.top = `${Math.max(16, rect.top + sy - 1)}px`;
    });
  }
}
