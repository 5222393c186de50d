/**
 * The popup's opening results (OPENING_SEARCH's answer), kept by the service worker in
 * browser.storage.session: the popup shows them the moment it opens, instead of waiting for a
 * sleeping worker to wake, open the database and search (0.7-1.7 s at 100,000 annotations).
 * storage.session lives in memory only and, at its default access level, out of content scripts'
 * reach. The worker removes the entry on every change (see background/opening-results.ts), and
 * the popup replaces what it showed from here with the worker's answer as soon as that arrives.
 */
import type { SearchResult } from '../shared/messaging/protocol';
import { browser } from './browser';

const KEY = 'openingResults';

export interface OpeningResultsStore {
  read(): Promise<SearchResult | null>;
  /** Stores `result`, or removes the entry when null. */
  write(result: SearchResult | null): Promise<void>;
}

const looksLikeResult = (value: unknown): value is SearchResult =>
  typeof value === 'object' &&
  value !== null &&
  typeof (value as SearchResult).total === 'number' &&
  Array.isArray((value as SearchResult).groups) &&
  Array.isArray((value as SearchResult).terms);

export const sessionOpeningResults: OpeningResultsStore = {
  async read() {
    try {
      const stored: Record<string, unknown> = await browser.storage.session.get(KEY);
      return looksLikeResult(stored[KEY]) ? stored[KEY] : null;
    } catch {
      // A browser without storage.session: the popup waits for the worker as before.
      return null;
    }
  },
  async write(result) {
    try {
      if (result) await browser.storage.session.set({ [KEY]: result });
      else await browser.storage.session.remove(KEY);
    } catch {
      // Not stored: the popup asks the worker, as it always does anyway.
    }
  },
};
