/**
 * Page events after which text the page's style hid may show with no change to the DOM, which a
 * mutation observer would see: a fade-in's animation or transition ending, a checkbox checked (the
 * CSS "read more" that shows `:checked ~ .rest`), the address's fragment changing (`:target`), the
 * window resized past a media query's width, a popover shown (`toggle`, which does not bubble: the
 * listener captures).
 */
const REVEAL_EVENTS = ['animationend', 'transitionend', 'change', 'hashchange', 'resize', 'toggle'];

/**
 * Remembers the parts of the page a pass read where text that may hold a point was hidden, and
 * hands them back to be read again after an event that may have shown it. Pages with no such text
 * (nearly all) cost one empty check per event.
 */
export class RevealWatcher {
  private readonly hidden = new Set<Node>();

  constructor(signal: AbortSignal, onMayShow: (scopes: Node[]) => void) {
    const check = (): void => {
      if (this.hidden.size === 0) return;
      const scopes = [...this.hidden].filter((s) => s.isConnected);
      // The pass that reads them tells again what is still hidden.
      this.hidden.clear();
      if (scopes.length) onMayShow(scopes);
    };
    for (const type of REVEAL_EVENTS) addEventListener(type, check, { capture: true, passive: true, signal });
  }

  /** After a pass over `roots`: whether hidden text there may yet show a point not found. */
  note(roots: readonly Node[], hiddenMayHold: boolean): void {
    for (const root of roots) {
      if (hiddenMayHold) this.hidden.add(root);
      else this.hidden.delete(root);
    }
  }
}
