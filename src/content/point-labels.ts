import { t } from '../platform/i18n';
import type { IndexedPoint } from '../recognition/pack-index';
import { localized } from '../shared/pack';
import { sectionColour } from './point-highlights';
import { uiRoot } from './ui-host';

const STYLE = `
.label{position:absolute;display:inline-flex;align-items:center;gap:4px;max-width:min(420px,80vw);
  padding:1px 8px;border-radius:9px;font:600 11px/16px system-ui,-apple-system,"Segoe UI",sans-serif;
  color:#fff;white-space:nowrap;overflow:hidden;text-overflow:ellipsis;pointer-events:auto;
  box-shadow:0 1px 3px rgba(0,0,0,.3);transform:translateY(-100%);cursor:default;user-select:none}
.annotate{all:unset;cursor:pointer;padding:0 3px;border-radius:4px;font-size:12px}
.annotate::after{content:"✎"}
.annotate:hover,.annotate:focus-visible{background:rgba(255,255,255,.3)}
`;

/**
 * The words on a point's label, e.g. "Proposal 3/5 · Innovative application of digital technology",
 * in the pack's language or, where the pack has them, in `language` ("倡议 3/5 · 数字技术创新应用").
 */
export function labelText(p: IndexedPoint, language = 'en'): string {
  const label = localized(p.section.label, p.section.labels, language);
  const title = localized(p.point.title, p.point.titles, language);
  return `${label} ${p.ordinal}/${p.of} · ${title}`;
}

interface LabelEntry {
  el: HTMLElement | null;
  point: IndexedPoint;
  ranges: Range[];
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
    else this.labels.set(point.point.id, { el: null, point, ranges });
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
    el.textContent = text;
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
    if (this.frame) return;
    this.frame = requestAnimationFrame(() => {
      this.frame = 0;
      this.place();
    });
  }

  /** Reads every position first, then writes, so placing eleven labels costs one layout. */
  place(): void {
    const entries = [...this.labels.values()];
    const els = entries.map((entry) => entry.el ?? this.build(entry));
    const boxes = entries.map(({ ranges }, k) => {
      const el = els[k]!;
      const range = ranges[0];
      const rect = range?.getClientRects()[0];
      const clip = range && rect ? clipOf(range.startContainer) : null;
      const hidden =
        clip !== null && rect !== undefined && (rect.bottom < clip.top || rect.top > clip.bottom);
      return { el, rect, hidden };
    });
    for (const { el, rect, hidden } of boxes) {
      if (!rect || hidden || (rect.width === 0 && rect.height === 0)) {
        el.style.display = 'none';
        continue;
      }
      el.style.display = '';
      el.style.left = `${Math.max(0, rect.left + scrollX)}px`;
      el.style.top = `${Math.max(16, rect.top + scrollY - 1)}px`;
    }
  }
}
