import { t } from '../platform/i18n';
import { uiRoot } from './ui-host';

export type EditorMode = 'edit' | 'card' | 'orphans';

export interface EditorParams {
  mode: EditorMode;
  /** The annotation (edit, card) or the orphans' ids (orphans). */
  ids: string[];
  /** What to focus first in edit mode. */
  focus?: 'note' | 'tags';
  /** A just-created annotation: cancelling the editor deletes it again. */
  fresh?: boolean;
}

const SIZE: Record<EditorMode, { width: number; height: number }> = {
  edit: { width: 360, height: 330 },
  card: { width: 360, height: 330 },
  orphans: { width: 400, height: 360 },
};

const STYLE = `
.ed{position:absolute;border:0;border-radius:10px;box-shadow:0 4px 24px rgba(0,0,0,.35);
  background:transparent;color-scheme:normal;pointer-events:auto}
`;

/** A random token for the URL of the iframes this content script opens (see hostTokenSchema). */
function newToken(): string {
  const bytes = crypto.getRandomValues(new Uint8Array(18));
  return btoa(String.fromCharCode(...bytes))
    .replace(/\+/g, '-')
    .replace(/\//g, '_')
    .replace(/=+$/, '');
}

/**
 * The note editor and card: an iframe of the extension's own page (src/editor/index.html), so the
 * note text lives only in the extension's origin. The page sees an iframe whose URL holds an
 * annotation id and this script's host token, never a note. One at a time.
 */
export class EditorFrame {
  readonly host = newToken();
  private frame: HTMLIFrameElement | null = null;
  private returnFocus: Element | null = null;
  current: EditorParams | null = null;

  constructor(private readonly pageUrl: string) {}

  get isOpen(): boolean {
    return !!this.frame?.isConnected;
  }

  /** Opens the editor beside `rect` (a viewport rectangle), or in the window's corner without one. */
  open(params: EditorParams, rect: DOMRect | null): void {
    this.close(false);
    const root = uiRoot(STYLE);
    const { width, height } = SIZE[params.mode];
    const hash = new URLSearchParams({ mode: params.mode, host: this.host, ids: params.ids.join(',') });
    if (params.focus) hash.set('focus', params.focus);
    if (params.fresh) hash.set('fresh', '1');
    const frame = document.createElement('iframe');
    frame.className = 'ed';
    frame.title = params.mode === 'orphans' ? t('orphans_label') : t('editor_frame_title');
    frame.src = `${this.pageUrl}#${hash.toString()}`;
    frame.style.width = `${width}px`;
    frame.style.height = `${height}px`;
    let top: number;
    let left: number;
    if (rect) {
      const below = rect.bottom + 8 + height < innerHeight || rect.top < height + 8;
      top = (below ? rect.bottom + 8 : rect.top - height - 8) + scrollY;
      left = Math.min(Math.max(8, rect.left), Math.max(8, innerWidth - width - 16)) + scrollX;
    } else {
      top = scrollY + innerHeight - height - 56;
      left = scrollX + innerWidth - width - 24;
    }
    frame.style.top = `${Math.max(0, top)}px`;
    frame.style.left = `${Math.max(0, left)}px`;
    this.returnFocus = document.activeElement;
    root.append(frame);
    frame.addEventListener('load', () => frame.focus(), { once: true });
    this.frame = frame;
    this.current = params;
  }

  close(restoreFocus = true): void {
    if (!this.frame) return;
    this.frame.remove();
    this.frame = null;
    this.current = null;
    if (restoreFocus && this.returnFocus instanceof HTMLElement)
      this.returnFocus.focus({ preventScroll: true });
    this.returnFocus = null;
  }
}
