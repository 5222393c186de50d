/**
 * The stored annotation, aligned with the W3C Web Annotation Data Model: a target made of a
 * TextQuoteSelector and a TextPositionSelector over the page's normalised text.
 */
export interface TextQuoteSelector {
  type: 'TextQuoteSelector';
  exact: string;
  prefix: string;
  suffix: string;
}

export interface TextPositionSelector {
  type: 'TextPositionSelector';
  start: number;
  end: number;
}

export type Selector = TextQuoteSelector | TextPositionSelector;

export const HIGHLIGHT_COLOURS = ['yellow', 'green', 'blue', 'pink', 'orange', 'purple'] as const;
export type HighlightColour = (typeof HIGHLIGHT_COLOURS)[number];

export interface Annotation {
  /** A UUID. */
  id: string;
  /** The page's URL, normalised (no fragment, no tracking parameters). */
  url: string;
  title: string;
  target: { selector: [TextQuoteSelector, TextPositionSelector] };
  color: HighlightColour;
  /** Markdown text, shown only in extension pages. */
  note: string;
  tags: string[];
  /** Set when the annotation is on a recognized initiative point. */
  pointId?: string;
  /** ISO 8601 timestamps. */
  created: string;
  modified: string;
}

export interface PageRecord {
  url: string;
  title: string;
  articleId?: string;
  firstSeen: string;
  lastSeen: string;
}

/**
 * Newest first; equal times by id, descending: the order of a reverse walk of the `modified` index,
 * which the search (in memory and in IndexedDB), the lists and the exports all give.
 */
export function newestFirst(
  a: Pick<Annotation, 'id' | 'modified'>,
  b: Pick<Annotation, 'id' | 'modified'>,
): number {
  if (a.modified !== b.modified) return a.modified < b.modified ? 1 : -1;
  return a.id < b.id ? 1 : a.id > b.id ? -1 : 0;
}
