/**
 * The one element the extension adds to a page: a custom element at the document's root that
 * carries every label and toolbar in its shadow root, so page styles and scripts leave them alone.
 */
export const UI_HOST_TAG = 'forum-annotator-ui';

export function isOwnUi(el: Element): boolean {
  return el.localName === UI_HOST_TAG;
}

let host: HTMLElement | null = null;
let root: ShadowRoot | null = null;
/** The stylesheets already in the current root: a page that removes our host gets a fresh root. */
let styled = new Set<string>();

/**
 * The shadow root for in-page UI, created on first use (and again if the page removed it), with
 * `css` added to it once.
 */
export function uiRoot(css?: string): ShadowRoot {
  if (!root || !host?.isConnected) {
    host = document.createElement(UI_HOST_TAG);
    // Positioned at the document's origin so children can use document coordinates.
    host.style.cssText = 'all:initial;position:absolute;top:0;left:0;width:0;height:0;z-index:2147483647;';
    root = host.attachShadow({ mode: 'open' });
    styled = new Set();
    document.documentElement.append(host);
  }
  if (css !== undefined && !styled.has(css)) {
    const style = document.createElement('style');
    style.textContent = css;
    root.append(style);
    styled.add(css);
  }
  return root;
}
