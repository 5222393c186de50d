/**
 * Which tab shows which page, learnt from the content scripts' own messages (their sender), so the
 * popup can switch to a tab already showing a result's page without the `tabs` permission (which
 * would let the extension read every tab's URL). Kept in memory: after the service worker restarts
 * it fills again as content scripts speak, and until then a result opens in a new tab.
 */
export interface TabRegistry {
  /** A top frame of `tabId` reported `url` (normalised). */
  seen(tabId: number, url: string): void;
  /** The tab navigated or closed: forget it. */
  forget(tabId: number): void;
  /** The most recently seen tab showing `url`, if any. */
  find(url: string): number | null;
}

export function createTabRegistry(): TabRegistry {
  // Insertion order is recency: a tab seen again moves to the end.
  const tabs = new Map<number, string>();
  return {
    seen(tabId, url) {
      tabs.delete(tabId);
      tabs.set(tabId, url);
    },
    forget(tabId) {
      tabs.delete(tabId);
    },
    find(url) {
      let found: number | null = null;
      for (const [tabId, shown] of tabs) if (shown === url) found = tabId;
      return found;
    },
  };
}
