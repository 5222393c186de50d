/** Reading and driving a page in Firefox through puppeteer: marks, highlights, selections, controls. */
import type { Page } from 'puppeteer-core';
import { until } from './firefox';

/**
 * The detail of the first performance mark `name` of the current document (the content script marks
 * `annotator:pass`, `annotator:restored`, `annotator:saved`), once there is one.
 */
export function markDetail<T>(page: Page, name: string, timeout = 15_000): Promise<T> {
  return until(
    () =>
      page.evaluate((mark) => {
        const entry = performance.getEntriesByName(mark)[0] as PerformanceMark | undefined;
        return entry ? ((entry.detail ?? {}) as unknown) : undefined;
      }, name) as Promise<T | undefined>,
    `the ${name} mark`,
    timeout,
  );
}

export function markCount(page: Page, name: string): Promise<number> {
  return page.evaluate((mark) => performance.getEntriesByName(mark).length, name);
}

/** The texts of the reader's highlights (`annotator-user-*` in CSS.highlights), by name. */
export function userHighlightTexts(page: Page): Promise<string[]> {
  return page.evaluate(() => {
    const texts: string[] = [];
    CSS.highlights.forEach((highlight, name) => {
      if (!name.startsWith('annotator-user-')) return;
      let text = '';
      highlight.forEach((range) => {
        text += (range as Range).toString();
      });
      texts.push(text);
    });
    return texts.sort();
  });
}

/**
 * Selects `text` (within one text node under `selector`) the way a reader does: press at its
 * first character, drag to its last, release. Answers what the page then reports as selected.
 */
export async function mouseSelect(page: Page, selector: string, text: string): Promise<string> {
  const ends = await page.evaluate(
    (css, wanted) => {
      const scope = document.querySelector(css);
      if (!scope) return null;
      scope.scrollIntoView({ block: 'center' });
      const walker = document.createTreeWalker(scope, NodeFilter.SHOW_TEXT);
      let node: Node | null;
      while ((node = walker.nextNode())) {
        const start = (node as Text).data.indexOf(wanted);
        if (start < 0) continue;
        const box = (from: number): DOMRect => {
          const r = document.createRange();
          r.setStart(node!, from);
          r.setEnd(node!, from + 1);
          return r.getBoundingClientRect();
        };
        const a = box(start);
        const b = box(start + wanted.length - 1);
        return { from: [a.left + 1, a.top + a.height / 2], to: [b.right - 1, b.top + b.height / 2] };
      }
      return null;
    },
    selector,
    text,
  );
  if (!ends) throw new Error(`"${text}" is not in ${selector}`);
  const [x1, y1] = ends.from as [number, number];
  const [x2, y2] = ends.to as [number, number];
  await page.mouse.move(x1, y1);
  await page.mouse.down();
  await page.mouse.move(x2, y2, { steps: 8 });
  await page.mouse.up();
  return page.evaluate(() => String(getSelection() ?? ''));
}

/**
 * The centre of the visible control with this role and accessible name, searched in the document
 * and in every open shadow root (our in-page UI lives in one). Names are `aria-label`, else the
 * label element's text, else the element's own text; roles are explicit or the implicit role of a
 * button or a search field, which is all our pages use.
 */
export function controlCentre(page: Page, role: string, name: string): Promise<{ x: number; y: number }> {
  return until(
    () =>
      page.evaluate(
        (wantedRole, wantedName) => {
          const roleOf = (el: Element): string | null =>
            el.getAttribute('role') ??
            (el.localName === 'button'
              ? 'button'
              : el instanceof HTMLInputElement && el.type === 'search'
                ? 'searchbox'
                : null);
          const nameOf = (el: Element): string =>
            (
              el.getAttribute('aria-label') ??
              (el.id ? el.ownerDocument.querySelector(`label[for="${el.id}"]`)?.textContent : null) ??
              el.textContent ??
              ''
            ).trim();
          const roots: (Document | ShadowRoot)[] = [document];
          for (let i = 0; i < roots.length; i++) {
            for (const el of roots[i]!.querySelectorAll('*')) {
              if (el.shadowRoot) roots.push(el.shadowRoot);
              if (roleOf(el) !== wantedRole || nameOf(el) !== wantedName) continue;
              const r = el.getBoundingClientRect();
              if (r.width > 0 && r.height > 0) return { x: r.left + r.width / 2, y: r.top + r.height / 2 };
            }
          }
          return undefined;
        },
        role,
        name,
      ),
    `a visible ${role} named "${name}"`,
  );
}

/** Clicks a control by role and name with the mouse, as a reader would. */
export async function clickControl(page: Page, role: string, name: string): Promise<void> {
  const { x, y } = await controlCentre(page, role, name);
  await page.mouse.click(x, y);
}
