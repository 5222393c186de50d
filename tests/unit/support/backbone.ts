/** Test fixtures for the storage and messaging backbone: a fresh database and sample annotations. */
import 'fake-indexeddb/auto';
import type { Annotation, HighlightColour } from '../../../src/shared/annotation';
import { createAnnotationsRepo } from '../../../src/background/db/annotations-repo';
import { createPagesRepo } from '../../../src/background/db/pages-repo';
import { openDatabase } from '../../../src/background/db/schema';
import type { HandlerDeps } from '../../../src/background/handlers/deps';

let dbCount = 0;

/** A fresh database with repositories, a clock that ticks one second per call, and counted ids. */
export async function freshBackbone(start = Date.parse('2025-03-01T10:00:00.000Z')) {
  const db = await openDatabase(`test-${Date.now()}-${dbCount++}`);
  let tick = 0;
  let ids = 0;
  const deps: HandlerDeps = {
    annotations: createAnnotationsRepo(db),
    pages: createPagesRepo(db),
    now: () => new Date(start + 1000 * tick++).toISOString(),
    newId: () => `00000000-0000-4000-8000-${String(++ids).padStart(12, '0')}`,
  };
  return { db, ...deps, deps };
}

let sampleCount = 0;

export function sample(
  over: Partial<Annotation> & { quote?: string; prefix?: string; suffix?: string; start?: number } = {},
): Annotation {
  const n = ++sampleCount;
  const {
    quote = `quoted passage ${n}`,
    prefix = 'text before ',
    suffix = ' text after',
    start = 100,
    ...rest
  } = over;
  const stamp = new Date(Date.parse('2025-01-01T00:00:00.000Z') + n * 60_000).toISOString();
  return {
    id: crypto.randomUUID(),
    url: 'https://example.org/article',
    title: 'An article',
    target: {
      selector: [
        { type: 'TextQuoteSelector', exact: quote, prefix, suffix },
        { type: 'TextPositionSelector', start, end: start + quote.length },
      ],
    },
    color: 'yellow' as HighlightColour,
    note: '',
    tags: [],
    created: stamp,
    modified: stamp,
    ...rest,
  };
}
