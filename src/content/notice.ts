import { uiRoot } from './ui-host';

const STYLE = `
.nt{position:fixed;left:50%;bottom:16px;transform:translateX(-50%);max-width:min(480px,90vw);
  padding:8px 14px;border-radius:8px;background:#8a1c1c;color:#fff;
  font:500 13px/18px system-ui,-apple-system,"Segoe UI",sans-serif;box-shadow:0 2px 8px rgba(0,0,0,.35)}
.nt[hidden]{display:none}
`;

const SHOWN_MS = 10_000;

/**
 * A short message to the reader in our shadow root (role="alert", so it is read out): what went
 * wrong with something they asked for. Fixed wording only, never note text or a background error.
 */
export class Notice {
  private el: HTMLElement | null = null;
  private timer: ReturnType<typeof setTimeout> | undefined;

  show(text: string): void {
    if (!this.el?.isConnected) {
      const el = document.createElement('div');
      el.className = 'nt';
      el.setAttribute('role', 'alert');
      uiRoot(STYLE).append(el);
      this.el = el;
    }
    this.el.hidden = false;
    this.el.textContent = text;
    clearTimeout(this.timer);
    this.timer = setTimeout(() => {
      if (this.el) this.el.hidden = true;
    }, SHOWN_MS);
  }
}
