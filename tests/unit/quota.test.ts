/**
 * A full disk: IndexedDB refuses a write with QuotaExceededError part-way through a transaction
 * (after the annotation was written, on its page record; or on the 501st record of an import). The
 * caller gets a clear "storage is full" error and the database is exactly as it was.
 */
import 'fake-indexeddb/auto';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { toJsonLd } from '../../src/background/export/jsonld';
import type { ContentToBackground, PopupToBackground } from '../../src/shared/messaging/protocol';
import { isQuotaError, STORAGE_FULL, type Caller } from '../../src/shared/messaging/rpc';
import { freshBackbone, sample } from './support/backbone';
import { routedBackbone } from './support/routed';

const PAGE = 'https://news.example.org/story';

let backbone: Awaited<ReturnType<typeof freshBackbone>>;
let content: Caller<typeof ContentToBackground>;
let popup: Caller<typeof PopupToBackground>;
let snapshot: () => Promise<string>;

/**
 * From now on, the `n`th write (put or add) into `store` and every later one throws the
 * DOMException a full disk gives, as the browser's IndexedDB does.
 */
function diskFullAfter(store: 'annotations' | 'pages', n = 1): void {
  let writes = 0;
  for (const method of ['put', 'add'] as const) {
    const original = IDBObjectStore.prototype[method];
    vi.spyOn(IDBObjectStore.prototype, method).mockImplementation(function (
      this: IDBObjectStore,
      ...args: Parameters<IDBObjectStore['put']>
    ) {
      if (this.name === store && ++writes >= n)
        throw new DOMException('The quota has been exceeded.', 'QuotaExceededError');
      return original.apply(this, args);
    });
  }
}

const target = (exact: string) => sample({ quote: exact }).target;

beforeEach(async () => {
  ({ backbone, content, popup, snapshot } = await routedBackbone(PAGE));
  await backbone.annotations.putMany([
    sample({ url: PAGE, note: 'first', tags: ['old'] }),
    sample({ url: 'https://elsewhere.example/', note: 'second', tags: ['old'] }),
  ]);
});

afterEach(() => vi.restoreAllMocks());

const full = (answer: { ok: boolean; error?: string }) => {
  expect(answer.ok).toBe(false);
  expect(answer.error).toContain(STORAGE_FULL);
};

describe('storage quota exceeded', () => {
  it('recognizes the error however Dexie wraps it', () => {
    const quota = new DOMException('x', 'QuotaExceededError');
    expect(isQuotaError(quota)).toBe(true);
    expect(isQuotaError({ name: 'AbortError', inner: quota })).toBe(true);
    expect(isQuotaError(new Error('abort', { cause: quota }))).toBe(true);
    expect(isQuotaError(new Error('QuotaExceededError in the text only'))).toBe(false);
  });

  it('a save whose page record does not fit: storage-full error, the annotation is not stored either', async () => {
    const before = await snapshot();
    diskFullAfter('pages');
    full(
      await content('createAnnotation', { title: 'A new page', target: target('passage'), color: 'blue' }),
    );
    vi.restoreAllMocks();
    expect(await snapshot()).toBe(before);
  });

  it('a save whose annotation does not fit: storage-full error, nothing written', async () => {
    const before = await snapshot();
    diskFullAfter('annotations');
    full(await content('createAnnotation', { title: 't', target: target('passage'), color: 'blue' }));
    vi.restoreAllMocks();
    expect(await snapshot()).toBe(before);
  });

  it('an import that fills the disk on its 501st record: storage-full error, none of it written', async () => {
    const before = await snapshot();
    const records = Array.from({ length: 1_000 }, (_, i) =>
      sample({ url: `https://import.example/${i % 40}`, note: `imported ${i}` }),
    );
    const text = toJsonLd(records, '2025-05-01T00:00:00.000Z');
    diskFullAfter('annotations', 501);
    full(await popup('importAnnotations', { text }));
    vi.restoreAllMocks();
    expect(await snapshot()).toBe(before);
    // With space again, the same import goes through whole.
    expect(await popup('importAnnotations', { text })).toMatchObject({ ok: true, value: { added: 1_000 } });
  });

  it('edits, tag renames and undo that do not fit: storage-full error, nothing changed', async () => {
    const [first] = await backbone.annotations.all();
    const before = await snapshot();
    diskFullAfter('annotations');
    full(await popup('updateAnnotation', { id: first!.id, patch: { note: 'edited' } }));
    full(await popup('renameTag', { from: 'old', to: 'new' }));
    full(await popup('restoreAnnotations', { annotations: [sample({ note: 'undo' })] }));
    vi.restoreAllMocks();
    expect(await snapshot()).toBe(before);
  });

  it('the search index beside the database does not see a write that failed', async () => {
    diskFullAfter('annotations');
    full(await content('createAnnotation', { title: 't', target: target('zebrafinch'), color: 'blue' }));
    vi.restoreAllMocks();
    expect(await popup('search', { query: 'zebrafinch' })).toMatchObject({ ok: true, value: { total: 0 } });
  });
});
