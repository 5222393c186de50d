import { anchor } from '../anchoring/anchor';
import { describe } from '../anchoring/describe';
import { provideSearchText } from '../anchoring/search-text';
import { buildTextModel, TextModelBuilder, type TextModel } from '../anchoring/text-model';
import { t } from '../platform/i18n';
import { browserMessaging } from '../platform/messaging';
import type { Annotation, HighlightColour } from '../shared/annotation';
import {
  BackgroundToContent,
  ContentToBackground,
  type HostEvent,
  type MenuAction,
} from '../shared/messaging/protocol';
import { createCaller, createReceiver, STORAGE_FULL, type RpcResult } from '../shared/messaging/rpc';
import { Normalizer } from '../shared/normalize';
import { newUuid } from '../shared/uuid';
import { EditorFrame, type EditorParams } from './editor-frame';
import { Notice } from './notice';
import { OrphanBadge } from './orphan-badge';
import { selectedRange } from './selected-range';
import { SelectionToolbar } from './selection-toolbar';
import { SliceClock } from './slices';
import { isOwnUi } from './ui-host';
import { UserHighlights } from './user-highlights';
import { caretAt } from './caret';
import { WATCHED } from './watch-changes';

const EDITOR_PAGE = 'src/editor/index.html';

/** Marks on the page's timeline that the tests and the benchmark read (ids and counts only). */
export const MARKS = {
  restored: 'annotator:restored',
  saved: 'annotator:saved',
  saveStart: 'annotator:save-start',
} as const;

interface Entry {
  /** The stored record; null while the create is not yet acknowledged. */
  annotation: Annotation | null;
  colour: HighlightColour;
  /** Where it is on the page; null for an orphan. */
  range: Range | null;
  /** What of `range` is painted, where not all of it: a quote's two sides around an inserted ad. */
  pieces?: Range[] | undefined;
  /**
   * Placed by a copy of its quote out of its stored context, or an edited one: the page may still
   * be loading the place it was taken from (a standfirst repeating a passage shows before the
   * story). Looked for again after later passes, a few times, while the page is young.
   */
  unsure?: { score: number; tries: number; until: number };
}

/** Errors of the channel, not of the request: the call is worth repeating. */
const TRANSIENT =
  /^(could not reach the background|no answer|malformed answer|the database is not available)/;
/** Characters normalised between looks at the clock. */
const NORMALISE_CHARS_PER_CHECK = 32 * 1024;
/** A placement scoring this much kept its exact context (see scoreCandidate): it is settled. */
const SETTLED_SCORE = 0.95;
/** An unsure placement is looked for again after this many later passes at most... */
const MAX_RECONSIDER = 5;
/** ...and within this long of being placed. */
const RECONSIDER_MS = 60_000;
/** How long a save keeps trying before it gives up and says so. */
const SAVE_PATIENCE_MS = 120_000;

function inOwnUi(node: Node | null): boolean {
  for (let n: Node | null = node; n;) {
    if (n.nodeType === 1 && isOwnUi(n as Element)) return true;
    const parent: Node | null = n.parentNode;
    n = parent && parent.nodeType === 11 ? (parent as ShadowRoot).host : parent;
  }
  return false;
}

function textRoot(): Node {
  return document.body ?? document.documentElement;
}

/** The first viewport rectangle of a range that has a size, else its bounding box. */
function rectOf(range: Range): DOMRect {
  const rects = range.getClientRects();
  for (let i = rects.length - 1; i >= 0; i--) if (rects[i]!.width > 0) return rects[i]!;
  return range.getBoundingClientRect();
}

/**
 * The reader's own annotations on this page: restoring them when the page opens (and when its
 * content arrives late), the selection toolbar, saving with retries, the editor iframe, clicks on
 * highlights, and orphans. Holds notes only in this isolated world; none enters the page's DOM.
 */
export class Annotator {
  private readonly call = createCaller<ContentToBackground>(browserMessaging.send);
  private readonly entries = new Map<string, Entry>();
  private readonly highlights = new UserHighlights(document);
  private readonly toolbar: SelectionToolbar;
  private readonly editor = new EditorFrame(browserMessaging.extensionOrigin() + EDITOR_PAGE);
  private readonly badge = new OrphanBadge(() => this.openOrphans());
  private readonly notice = new Notice();
  private lastSelection: Range | null = null;
  /** The toolbar was offered after a selection made with the keyboard: Tab moves into it. */
  private keyboardSelection = false;
  private loaded = false;
  private retryQueued = false;
  private retrying = false;
  /** The page's text model, kept until the page changes (saves then need not read the page again). */
  private model: TextModel | null = null;
  private modelDirty = true;
  private readonly changes: MutationObserver;
  /** Open shadow roots the page's text was read from: a selection may be made inside them. */
  private readonly shadowRoots = new Set<ShadowRoot>();

  /** `colour`: the reader's default highlight colour (the toolbar's first choice, menus and shortcuts). */
  constructor(
    private readonly signal: AbortSignal,
    private readonly colour: HighlightColour = 'yellow',
  ) {
    this.toolbar = new SelectionToolbar(
      {
        highlight: (colour) => this.act(this.fromSelection(colour, null)),
        note: (colour) => this.act(this.fromSelection(colour, 'note')),
        tag: (colour) => this.act(this.fromSelection(colour, 'tags')),
      },
      colour,
    );
    const opts = { signal, capture: true } as const;
    addEventListener('mouseup', (e) => this.onPointerUp(e), opts);
    addEventListener('keyup', (e) => this.onKeyUp(e), opts);
    addEventListener('click', (e) => this.onClick(e), opts);
    addEventListener('keydown', (e) => this.onKeyDown(e), opts);
    document.addEventListener('selectionchange', () => this.onSelectionChange(), { signal });
    // Only marks the text model as stale: reading the page again waits until it is needed.
    this.changes = new MutationObserver(() => {
      this.modelDirty = true;
    });
    this.observe(document);
    signal.addEventListener('abort', () => this.changes.disconnect());
    this.listen();
  }

  /** Watches `target` (the document, or a shadow root the page's text was read from) for changes. */
  observe(target: Node): void {
    if (this.signal.aborted) return;
    this.changes.observe(target, WATCHED);
    if (target.nodeType !== 11 || !('host' in target)) return;
    // A feed that makes and drops components keeps adding roots: the gone ones are let go.
    if (this.shadowRoots.size >= 256) {
      for (const r of this.shadowRoots) if (!r.host.isConnected) this.shadowRoots.delete(r);
    }
    this.shadowRoots.add(target as ShadowRoot);
  }

  /** The text model of the page as it is now. */
  private currentModel(): TextModel {
    if (!this.model || this.modelDirty) {
      this.modelDirty = false;
      this.model = buildTextModel(textRoot(), { exclude: isOwnUi, onShadowRoot: (r) => this.observe(r) });
    }
    return this.model;
  }

  private act(work: Promise<unknown>): void {
    work.catch((error: unknown) => console.error('Forum Annotator: could not annotate', error));
  }

  /** Shows an entry's highlight in its colour (none for an orphan); `pending` until it is saved. */
  private paint(id: string, entry: Entry, pending = false): void {
    if (entry.range) this.highlights.set(id, entry.pieces ?? [entry.range], entry.colour, pending);
  }

  // ---- restoring --------------------------------------------------------------------------------

  /** Asks for this page's annotations and places them. */
  async load(): Promise<void> {
    // about:blank and srcdoc frames have no address of their own to keep annotations under (the
    // background refuses them); recognition still runs there, saving does not.
    if (!/^(https?|file):$/.test(location.protocol)) return;
    const t0 = performance.now();
    const res = await this.call('listForPage', { title: document.title }, { retries: 6 });
    const asked = performance.now() - t0;
    if (!res.ok) {
      console.warn('Forum Annotator: could not load annotations:', res.error);
      return;
    }
    for (const a of res.value) {
      if (!this.entries.has(a.id)) this.entries.set(a.id, { annotation: a, colour: a.color, range: null });
    }
    const clock = new SliceClock();
    const methods: Record<string, number> = {};
    const placed = await this.placeOrphans(clock, methods);
    this.loaded = true;
    const orphans = this.orphanIds();
    this.badge.update(orphans.length);
    performance.mark(MARKS.restored, {
      detail: {
        total: res.value.length,
        placed: placed.length,
        orphans: orphans.length,
        methods,
        asked,
        ms: performance.now() - t0,
        busy: clock.busy,
        slices: clock.slices,
        longestTask: clock.longest,
      },
    });
    this.report(orphans, placed);
  }

  /** Tells the background which annotations could (not) be placed, for the review page's orphan list. */
  private report(orphaned: string[], anchored: string[]): void {
    if (!orphaned.length && !anchored.length) return;
    void this.call('markOrphans', { orphaned, anchored }, { retries: 3 });
  }

  /** Called after each recognition pass (the page changed): places what could not be placed before. */
  afterPass(): void {
    if (!this.loaded || this.retryQueued || this.signal.aborted) return;
    // Highlights whose text left the page become orphans; orphans may find their text now. A live
    // range over removed nodes (a framework rendering the story again, a text node's data replaced)
    // collapses onto what is left, still connected: collapsed counts as lost too.
    let lost = false;
    for (const e of this.entries.values()) {
      const r = e.range;
      if (r && (r.collapsed || !r.startContainer.isConnected || !r.endContainer.isConnected)) {
        e.range = null;
        e.pieces = undefined;
        if (e.annotation) this.highlights.delete(e.annotation.id);
        lost = true;
      }
    }
    if (!lost && this.orphanIds().length === 0 && !this.anyUnsure()) return;
    this.retryQueued = true;
    queueMicrotask(() => void this.retryOrphans());
  }

  private async retryOrphans(): Promise<void> {
    this.retryQueued = false;
    if (this.retrying) return;
    this.retrying = true;
    let placed: string[];
    try {
      placed = await this.placeOrphans(new SliceClock());
    } finally {
      this.retrying = false;
    }
    const orphans = this.orphanIds();
    this.badge.update(orphans.length);
    if (placed.length) this.report(orphans, placed);
  }

  /** Whether some placement is still unsure and may be looked for again. */
  private anyUnsure(): boolean {
    const now = performance.now();
    for (const e of this.entries.values()) {
      if (e.unsure && (e.unsure.tries >= MAX_RECONSIDER || now > e.unsure.until)) e.unsure = undefined;
      if (e.unsure && e.range) return true;
    }
    return false;
  }

  private orphanIds(): string[] {
    const ids: string[] = [];
    for (const [id, e] of this.entries) if (!e.range && e.annotation) ids.push(id);
    return ids;
  }

  /** Anchors every stored annotation that has no place yet, in slices of a few milliseconds. */
  private async placeOrphans(clock: SliceClock, methods: Record<string, number> = {}): Promise<string[]> {
    const todo = [...this.entries.values()].filter((e) => (!e.range || e.unsure) && e.annotation);
    if (!todo.length) return [];
    let deadline = clock.deadline();
    let model: TextModel;
    if (this.model && !this.modelDirty) model = this.model;
    else {
      // Read and normalise the page in slices; a change meanwhile leaves the model marked stale.
      this.modelDirty = false;
      const builder = new TextModelBuilder([textRoot()], {
        exclude: isOwnUi,
        onShadowRoot: (r) => this.observe(r),
      });
      while (!builder.step(deadline)) deadline = await clock.pause(this.signal);
      model = builder.result();
      const norm = new Normalizer(model.text);
      while (!norm.done) {
        norm.feed(norm.position + NORMALISE_CHARS_PER_CHECK);
        if (!norm.done && performance.now() > deadline) deadline = await clock.pause(this.signal);
      }
      const { text, map } = norm.finish();
      provideSearchText(model, text, map);
      this.model = model;
    }
    // Every range is made before any highlight is registered: in Chromium each Range.setStart and
    // setEnd looks through every highlight in CSS.highlights for the range, to repaint it if it is
    // in one (Blink's Range::ScheduleVisualUpdateIfInRegisteredHighlight), so the 1,000th range
    // made after 999 registrations cost 999 lookups. Made first, 1,000 ranges took 0.6 ms; made
    // between their registrations, 15-33 ms.
    const settled: Array<{ e: Entry; range: Range }> = [];
    const placed: string[] = [];
    for (let i = 0; i < todo.length; i++) {
      const e = todo[i]!;
      if (!e.annotation || (e.range && !e.unsure)) continue;
      const found = anchor(model, e.annotation.target.selector);
      if (e.range && e.unsure) {
        e.unsure.tries++;
        // Moved only to a better place: one that scores higher than where it is.
        if (!('orphan' in found) && found.score > e.unsure.score) {
          e.range = found.range;
          e.pieces = found.pieces;
          settled.push({ e, range: found.range });
          e.unsure = found.score >= SETTLED_SCORE ? undefined : { ...e.unsure, score: found.score };
        }
      } else if (!('orphan' in found)) {
        e.range = found.range;
        e.pieces = found.pieces;
        settled.push({ e, range: found.range });
        placed.push(e.annotation.id);
        methods[found.method] = (methods[found.method] ?? 0) + 1;
        e.unsure =
          found.method === 'position' || found.score >= SETTLED_SCORE
            ? undefined
            : { score: found.score, tries: 0, until: performance.now() + RECONSIDER_MS };
      }
      // One anchor can be slow (a quote that a repetitive page holds thousands of times): look at
      // the clock after each.
      if (performance.now() > deadline) deadline = await clock.pause(this.signal);
    }
    for (let i = 0; i < settled.length; i++) {
      const { e, range } = settled[i]!;
      // A range the page took away meanwhile (see afterPass) is not shown.
      if (e.annotation && e.range === range) this.paint(e.annotation.id, e);
      if ((i & 63) === 63 && performance.now() > deadline) deadline = await clock.pause(this.signal);
    }
    clock.end();
    return placed;
  }

  // ---- saving -----------------------------------------------------------------------------------

  /**
   * The page's selection, unless it is empty or in our UI. Cheap (it runs on every selectionchange
   * of a drag): whether it holds visible text is left to describe().
   */
  private currentSelection(): Range | null {
    const range = selectedRange(getSelection(), this.shadowRoots);
    return !range || inOwnUi(range.commonAncestorContainer) ? null : range;
  }

  /**
   * Annotates the selection. The toolbar may use the last selection (a press in our UI can take the
   * page's selection away); a menu action or shortcut only the selection there is now.
   */
  private async fromSelection(
    colour: HighlightColour,
    open: EditorParams['focus'] | null,
    currentOnly = false,
  ): Promise<boolean> {
    const range = this.currentSelection() ?? (currentOnly ? null : this.lastSelection);
    if (!range || range.collapsed) return false;
    this.toolbar.hide();
    const rect = rectOf(range);
    getSelection()?.removeAllRanges();
    this.lastSelection = null;
    const saved = await this.save(range.cloneRange(), colour);
    if (saved && open) this.editor.open({ mode: 'edit', ids: [saved.id], focus: open, fresh: true }, rect);
    return !!saved;
  }

  /** Lets the label of an initiative point annotate the whole point. */
  async annotatePoint(pointId: string, ranges: Range[]): Promise<void> {
    const first = ranges[0];
    const last = ranges[ranges.length - 1];
    if (!first || !last) return;
    const range = document.createRange();
    range.setStart(first.startContainer, first.startOffset);
    // A point reaching into another tree (shadow root) is annotated on its first tree's part.
    if (last.endContainer.getRootNode() === first.startContainer.getRootNode())
      range.setEnd(last.endContainer, last.endOffset);
    else range.setEnd(first.endContainer, first.endOffset);
    const saved = await this.save(range, this.colour, pointId);
    if (saved) this.editor.open({ mode: 'edit', ids: [saved.id], focus: 'note', fresh: true }, rectOf(first));
  }

  /**
   * Describes the range, shows it as pending, and stores it with a client id, trying again while
   * the background cannot be reached (a stopped service worker wakes up on the next message; the
   * id makes a repeated create land once). Shown as saved only once acknowledged.
   */
  async save(range: Range, colour: HighlightColour, pointId?: string): Promise<Annotation | null> {
    const model = this.currentModel();
    const selectors = describe(range, model);
    if (!selectors) return null;
    const placed = anchor(model, selectors);
    const shown = 'orphan' in placed ? range : placed.range;
    const id = newUuid();
    performance.mark(MARKS.saveStart, { detail: { id } });
    const entry: Entry = { annotation: null, colour, range: shown };
    this.entries.set(id, entry);
    this.paint(id, entry, true);
    const request = {
      id,
      title: document.title,
      target: { selector: selectors },
      color: colour,
      ...(pointId ? { pointId } : {}),
    };
    const res = await this.untilAnswered(() => this.call('createAnnotation', request, { retries: 5 }));
    if (!res.ok) {
      console.warn('Forum Annotator: the highlight was not saved:', res.error);
      this.entries.delete(id);
      this.highlights.delete(id);
      this.notice.show(res.error.includes(STORAGE_FULL) ? t('notice_storage_full') : t('notice_not_saved'));
      return null;
    }
    entry.annotation = res.value;
    this.paint(id, entry);
    performance.mark(MARKS.saved, { detail: { id } });
    return res.value;
  }

  private async untilAnswered<T>(attempt: () => Promise<RpcResult<T>>): Promise<RpcResult<T>> {
    const until = performance.now() + SAVE_PATIENCE_MS;
    for (;;) {
      const res = await attempt();
      if (res.ok || !TRANSIENT.test(res.error) || performance.now() > until || this.signal.aborted)
        return res;
    }
  }

  // ---- editor events ----------------------------------------------------------------------------

  private listen(): void {
    const receive = createReceiver(BackgroundToContent, {
      menuAction: async ({ action }) => ({ handled: await this.onMenu(action) }),
      hostEvent: async ({ event }) => ({ handled: await this.onHostEvent(event) }),
    });
    const extensionId = browserMessaging.extensionId();
    const stop = browserMessaging.listen((message, sender) => {
      if (sender.id !== extensionId) return undefined;
      // Events for another frame's editor are not ours to answer.
      const host = (message as { payload?: { host?: unknown } } | null)?.payload?.host;
      if (host !== undefined && host !== this.editor.host) return undefined;
      // A menu action without a selection here: another frame of the tab holds it.
      if ((message as { type?: unknown }).type === 'menuAction' && !this.currentSelection()) return undefined;
      return receive(message, {});
    });
    this.signal.addEventListener('abort', stop);
  }

  private async onMenu(action: MenuAction): Promise<boolean> {
    return this.fromSelection(this.colour, action === 'note' ? 'note' : null, true);
  }

  private async onHostEvent(event: HostEvent): Promise<boolean> {
    switch (event.kind) {
      case 'close':
        this.editor.close();
        return true;
      case 'changed':
        return this.refresh(event.id);
      case 'reattach':
        return this.reattach(event.id);
    }
  }

  /** Reads an annotation again after the editor changed, deleted or restored it. */
  private async refresh(id: string): Promise<boolean> {
    const res = await this.untilAnswered(() => this.call('getAnnotation', { id }, { retries: 5 }));
    if (!res.ok) return false;
    const a = res.value;
    const entry = this.entries.get(id);
    if (!a) {
      this.entries.delete(id);
      this.highlights.delete(id);
    } else if (entry) {
      entry.annotation = a;
      entry.colour = a.color;
      this.paint(id, entry);
    } else {
      // Back after an undo.
      const e: Entry = { annotation: a, colour: a.color, range: null };
      this.entries.set(id, e);
      const found = anchor(this.currentModel(), a.target.selector);
      if (!('orphan' in found)) {
        e.range = found.range;
        e.pieces = found.pieces;
        this.paint(id, e);
      }
    }
    this.badge.update(this.orphanIds().length);
    return true;
  }

  /** Moves an orphan to the reader's selection. */
  private async reattach(id: string): Promise<boolean> {
    const entry = this.entries.get(id);
    const range = this.currentSelection() ?? this.lastSelection;
    if (!entry?.annotation || !range) return false;
    const model = this.currentModel();
    const selectors = describe(range, model);
    if (!selectors) return false;
    const res = await this.untilAnswered(() =>
      this.call('updateAnnotation', { id, patch: { target: { selector: selectors } } }, { retries: 5 }),
    );
    if (!res.ok) return false;
    const placed = anchor(model, selectors);
    entry.annotation = res.value;
    entry.range = 'orphan' in placed ? range.cloneRange() : placed.range;
    entry.pieces = undefined;
    this.paint(id, entry);
    getSelection()?.removeAllRanges();
    this.lastSelection = null;
    this.badge.update(this.orphanIds().length);
    return true;
  }

  private openOrphans(): void {
    const ids = this.orphanIds().slice(0, 200);
    if (ids.length) this.editor.open({ mode: 'orphans', ids }, null);
  }

  // ---- page events ------------------------------------------------------------------------------

  private onSelectionChange(): void {
    const range = this.currentSelection();
    if (range) {
      this.lastSelection = range.cloneRange();
      return;
    }
    // Focus in our UI (the toolbar, the editor iframe) keeps the last selection for it; a
    // selection the reader dropped in the page is gone.
    const active = document.activeElement;
    if (active && isOwnUi(active)) return;
    this.lastSelection = null;
    if (this.toolbar.visible && getSelection()?.isCollapsed) this.toolbar.hide();
  }

  private onPointerUp(e: MouseEvent): void {
    if (e.button !== 0 || this.isOurs(e)) return;
    // A selection can end in a shadow root no text walk has entered yet (attached after load,
    // which no observer of the document sees).
    const root = (e.composedPath()[0] as Node | undefined)?.getRootNode?.();
    if (root && root.nodeType === 11 && 'host' in root) this.observe(root);
    // The selection settles after mouseup.
    setTimeout(() => this.offerToolbar(), 0);
  }

  private onKeyUp(e: KeyboardEvent): void {
    if (this.isOurs(e)) return;
    if (e.shiftKey || e.key === 'Shift' || (e.key === 'a' && (e.ctrlKey || e.metaKey))) {
      this.offerToolbar();
      this.keyboardSelection = this.toolbar.visible;
    }
  }

  private onKeyDown(e: KeyboardEvent): void {
    if (this.isOurs(e)) return;
    if (e.key === 'Escape') {
      if (this.editor.isOpen) this.editor.close();
      else this.toolbar.hide();
    } else if (
      e.key === 'Tab' &&
      !e.shiftKey &&
      !e.altKey &&
      !e.ctrlKey &&
      !e.metaKey &&
      this.keyboardSelection &&
      this.toolbar.visible
    ) {
      // A reader who selected with the keyboard reaches the toolbar with Tab.
      e.preventDefault();
      this.keyboardSelection = false;
      this.toolbar.focus();
    } else if (e.key !== 'Shift') this.keyboardSelection = false;
  }

  private offerToolbar(): void {
    const range = this.currentSelection();
    if (!range || !/\S/.test(range.toString())) return;
    this.toolbar.show(rectOf(range));
  }

  private isOurs(e: Event): boolean {
    const first = e.composedPath()[0];
    return first instanceof Node && inOwnUi(first);
  }

  /** A click on a saved highlight (not the end of a selection) opens its card. */
  private onClick(e: MouseEvent): void {
    if (e.button !== 0 || this.isOurs(e)) return;
    // Not the end of a selection ('Range' also where one inside a shadow tree looks collapsed).
    if (getSelection()?.type === 'Range') return;
    const id = this.hitTest(e.clientX, e.clientY);
    if (!id) return;
    const range = this.entries.get(id)?.range;
    if (range) this.editor.open({ mode: 'card', ids: [id] }, rectOf(range));
  }

  hitTest(x: number, y: number): string | null {
    const caret = caretAt(x, y);
    let best: string | null = null;
    let bestLength = Infinity;
    for (const [id, e] of this.entries) {
      const r = e.range;
      if (!r || !e.annotation) continue;
      let inside = false;
      if (caret) {
        try {
          inside = r.isPointInRange(caret.node, caret.offset);
        } catch {
          inside = false;
        }
      }
      // The caret lands between characters: confirm with the boxes of the text.
      if (inside)
        inside = [...r.getClientRects()].some(
          (b) => x >= b.left && x <= b.right && y >= b.top && y <= b.bottom,
        );
      if (inside) {
        const length = r.toString().length;
        if (length < bestLength) [best, bestLength] = [id, length];
      }
    }
    return best;
  }
}
