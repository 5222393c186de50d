/** What the handlers need, injected so tests can fix the clock and the ids. */
import type { AnnotationsRepo } from '../db/annotations-repo';
import type { PagesRepo } from '../db/pages-repo';

export interface HandlerDeps {
  annotations: AnnotationsRepo;
  pages: PagesRepo;
  /** ISO 8601 now. */
  now: () => string;
  newId: () => string;
}
