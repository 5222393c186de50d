import { HIGHLIGHT_COLOURS, type HighlightColour } from '../shared/annotation';
import { t } from '../platform/i18n';
import { colourName } from '../ui/colour-name';
import { COLOUR_STYLES } from '../ui/colours';
import { uiRoot } from './ui-host';

export interface ToolbarActions {
  highlight(colour: HighlightColour): void;
  note(colour: HighlightColour): void;
  tag(colour: HighlightColour): void;
}

const STYLE = `
.tb{position:absolute;display:flex;align-items:center;gap:2px;padding:3px;border-radius:8px;
  background:#1f2328;color:#f6f8fa;box-shadow:0 2px 10px rgba(0,0,0,.35);
  font:500 13px/18px system-ui,-apple-system,"Segoe UI",sans-serif;pointer-events:auto;user-select:none}
.tb[hidden]{display:none}
.tb button{all:unset;box-sizing:border-box;cursor:pointer;padding:4px 9px;border-radius:5px;color:inherit}
.tb button:hover{background:rgba(255,255,255,.14)}
.tb button:focus-visible{outline:2px solid #6cb6ff;outline-offset:1px}
.sw{display:flex;gap:3px;padding:0 4px}
.tb .dot{width:18px;height:18px;padding:0;border-radius:50%;border:2px solid transparent}
.tb .dot[aria-checked=true]{border-color:#fff;box-shadow:0 0 0 1px #1f2328 inset}
.sep{width:1px;align-self:stretch;margin:2px 3px;background:rgba(255,255,255,.25)}
`;

function button(label: string, onClick: () => void, attrs: Record<string, string> = {}): HTMLButtonElement {
  const b = document.createElement('button');
  b.type = 'button';
  b.textContent = label;
  for (const [k, val] of Object.entries(attrs)) b.setAttribute(k, val);
  b.addEventListener('click', (e) => {
    e.stopPropagation();
    // Our shadow root is open: a page script can reach these buttons and call click(). Only the
    // reader's own clicks and key presses (trusted events) act.
    if (!e.isTrusted) return;
    onClick();
  });
  return b;
}

/**
 * The toolbar shown beside a selection: Highlight, a colour choice, Note, Tag. Plain DOM in the
 * extension's shadow root (no framework: it ships in the content script of every page). It holds
 * no user data. Pressing a button never takes the page's selection away (mousedown is cancelled);
 * arrow keys move between controls, Escape closes.
 */
export class SelectionToolbar {
  private el: HTMLElement | null = null;
  private colour: HighlightColour;
  private dots: HTMLButtonElement[] = [];

  /** `colour`: the one chosen when the toolbar first shows (the reader's default colour). */
  constructor(
    private readonly actions: ToolbarActions,
    colour: HighlightColour = 'yellow',
  ) {
    this.colour = colour;
  }

  get visible(): boolean {
    return !!this.el && !this.el.hidden;
  }

  contains(node: EventTarget | null): boolean {
    return !!this.el && node instanceof Node && this.el.contains(node);
  }

  /** Shows the toolbar under (or, near the bottom of the window, over) `rect`, a viewport rectangle. */
  show(rect: DOMRect): void {
    const el = this.el ?? this.build();
    el.hidden = false;
    const width = el.offsetWidth || 300;
    const height = el.offsetHeight || 32;
    const below = rect.bottom + 8 + height < innerHeight;
    const top = (below ? rect.bottom + 8 : rect.top - height - 8) + scrollY;
    const left = Math.min(Math.max(4, rect.left), Math.max(4, innerWidth - width - 8)) + scrollX;
    el.style.top = `${Math.max(0, top)}px`;
    el.style.left = `${left}px`;
  }

  hide(): void {
    if (this.el) this.el.hidden = true;
  }

  /** Moves keyboard focus into the toolbar (for a reader who selected with the keyboard). */
  focus(): void {
    this.el?.querySelector<HTMLButtonElement>('button')?.focus();
  }

  private setColour(colour: HighlightColour): void {
    this.colour = colour;
    for (const d of this.dots) d.setAttribute('aria-checked', String(d.dataset.colour === colour));
  }

  private build(): HTMLElement {
    const root = uiRoot(STYLE);
    const el = document.createElement('div');
    el.className = 'tb';
    el.setAttribute('role', 'toolbar');
    el.setAttribute('aria-label', t('toolbar_label'));
    const act = (name: keyof ToolbarActions) => () => this.actions[name](this.colour);
    const swatches = document.createElement('div');
    swatches.className = 'sw';
    swatches.setAttribute('role', 'radiogroup');
    swatches.setAttribute('aria-label', t('highlight_colour'));
    this.dots = HIGHLIGHT_COLOURS.map((c) => {
      const d = button('', () => this.setColour(c), {
        role: 'radio',
        'aria-label': colourName(c),
        'aria-checked': String(c === this.colour),
        class: 'dot',
      });
      d.dataset.colour = c;
      d.style.background = COLOUR_STYLES[c].swatch;
      return d;
    });
    swatches.append(...this.dots);
    const sep = () => Object.assign(document.createElement('span'), { className: 'sep' });
    el.append(
      button(t('toolbar_highlight'), act('highlight')),
      swatches,
      sep(),
      button(t('toolbar_note'), act('note')),
      button(t('toolbar_tag'), act('tag')),
    );
    // Keep the page's selection: a press on the toolbar must not move it.
    el.addEventListener('mousedown', (e) => e.preventDefault());
    el.addEventListener('keydown', (e) => this.onKey(e));
    root.append(el);
    this.el = el;
    return el;
  }

  private onKey(e: KeyboardEvent): void {
    const buttons = [...(this.el?.querySelectorAll('button') ?? [])];
    const at = buttons.indexOf(e.composedPath()[0] as HTMLButtonElement);
    if (e.key === 'Escape') {
      e.preventDefault();
      this.hide();
    } else if ((e.key === 'ArrowRight' || e.key === 'ArrowLeft') && at >= 0) {
      e.preventDefault();
      const next = (at + (e.key === 'ArrowRight' ? 1 : buttons.length - 1)) % buttons.length;
      buttons[next]?.focus();
    }
  }
}
