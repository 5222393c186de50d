/**
 * Opens an annotation's page scrolled to its passage: switches to a tab that shows the page (the
 * background knows it from that tab's content script) or opens a new one, with a text fragment
 * (`#:~:text=`) that the browser scrolls to and marks.
 */
import { browser } from '../platform/browser';
import type { Annotation } from '../shared/annotation';
import { passageLink } from '../shared/text-fragment';
import { callBackground } from './background';

export async function openPassage(annotation: Annotation): Promise<void> {
  const link = passageLink(annotation.url, annotation.target.selector[0]);
  const found = await callBackground('findTab', { url: annotation.url });
  if (found.ok && found.value) {
    try {
      const tab = await browser.tabs.update(found.value.tabId, { active: true, url: link });
      if (tab?.windowId !== undefined) await browser.windows.update(tab.windowId, { focused: true });
      return;
    } catch {
      // The tab has gone: open a new one.
    }
  }
  await browser.tabs.create({ url: link });
}

/** True in the toolbar popup, false when the page is open in a tab of its own. */
export async function inPopup(): Promise<boolean> {
  try {
    return (await browser.tabs.getCurrent()) === undefined;
  } catch {
    return false;
  }
}
