/**
 * The popup's opening results (OPENING_SEARCH's answer), kept by the service worker in
 * browser.storage.session: the popup shows them the moment it opens, instead of waiting for a
 * sleeping worker to wake, open the database and search (0.7-1.7 s at 100,000 annotations).
 * storage.session lives in memory only and, at its default access level, out of content scripts'
 * reach. The worker removes the entry on every change (see background/opening-results.ts), and
 * the popup replaces what it showed from here with the worker's answer as soon as that arrives.
 *
 * This module is also a script of its own that the popup's HTML loads ahead of the popup's modules
 * (vite.config.ts builds it to a fixed name): importing nothing at run time, it is fetched and run
 * at once and starts the read about 10 ms before the popup's script could (measured with a probe;
 * a read takes about 20 ms at 100,000 annotations). So it talks to the browser's own promise-returning
 * `storage.session` instead of through webextension-polyfill, whose 21 KB would have to load first.
 */
import type { SearchResult } from '../shared/messaging/protocol';

const KEY = 'openingResults';
/** Set on the popup's <html>: its pages start the read as this module is evaluated. */
const READ_EARLY_ATTRIBUTE = 'data-read-opening-results';

export interface OpeningResultsStore {
  read(): Promise<SearchResult | null>;
  /** Stores `result`, or removes the entry when null. */
  write(result: SearchResult | null): Promise<void>;
}

interface SessionArea {
  get(key: string): Promise<Record<string, unknown>>;
  set(items: Record<string, unknown>): Promise<void>;
  remove(key: string): Promise<void>;
}

/** Firefox's `browser`, else Chromium's `chrome`: in both, storage.session's calls return promises. */
function sessionArea(): SessionArea {
  const scope = globalThis as {
    browser?: { storage?: { session?: SessionArea } };
    chrome?: typeof scope.browser;
  };
  const area = (scope.browser ?? scope.chrome)?.storage?.session;
  if (!area) throw new Error('storage.session is not available');
  return area;
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
      const stored = await sessionArea().get(KEY);
      return looksLikeResult(stored[KEY]) ? stored[KEY] : null;
    } catch {
      // A browser without storage.session: the popup waits for the worker as before.
      return null;
    }
  },
  async write(result) {
    try {
      if (result) await sessionArea().set({ [KEY]: result });
      else await sessionArea().remove(KEY);
    } catch {
      // Not stored: the popup asks the worker, as it always does anyway.
    }
  },
};

const earlyRead = globalThis.document?.documentElement.hasAttribute(READ_EARLY_ATTRIBUTE)
  ? sessionOpeningResults.read()
  : null;

/** The kept opening results: the read this page started early, or a new one. */
export function readOpeningResults(): Promise<SearchResult | null> {
  return earlyRead ?? sessionOpeningResults.read();
}
