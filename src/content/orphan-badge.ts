import { tn } from '../platform/i18n';
import { uiRoot } from './ui-host';

const STYLE = `
.ob{position:fixed;right:16px;bottom:16px;cursor:pointer;padding:6px 12px;border-radius:16px;
  border:0;background:#8a1c1c;color:#fff;font:600 12px/16px system-ui,-apple-system,"Segoe UI",sans-serif;
  box-shadow:0 2px 8px rgba(0,0,0,.35);pointer-events:auto}
.ob[hidden]{display:none}
.ob:focus-visible{outline:2px solid #6cb6ff;outline-offset:2px}
`;

/** "2 notes could not be placed": a count only; the list opens in the extension's iframe. */
export function orphanText(n: number): string {
  return tn('orphans_badge', n);
}

export class OrphanBadge {
  private el: HTMLButtonElement | null = null;

  constructor(private readonly onOpen: () => void) {}

  update(count: number): void {
    if (count === 0) {
      if (this.el) this.el.hidden = true;
      return;
    }
    if (!this.el) {
      const el = document.createElement('button');
      el.type = 'button';
      el.className = 'ob';
      el.addEventListener('click', (e) => e.isTrusted && this.onOpen());
      uiRoot(STYLE).append(el);
      this.el = el;
    }
    this.el.hidden = false;
    this.el.textContent = orphanText(count);
  }
}
