/**
 * The calls the popup and the review page added: orphans marked by the content script, exports
 * read in slices, and finding the tab that shows a page.
 */
import 'fake-indexeddb/auto';
import { beforeEach, describe, expect, it } from 'vitest';
import { EXPORT_SLICE } from '../../src/background/handlers/popup';
import { preparedExports } from '../../src/background/export/prepared';
import { createRouter } from '../../src/background/router';
import { createTabRegistry, type TabRegistry } from '../../src/background/tab-registry';
import {
  createFakeMessaging,
  FAKE_EXTENSION_ID,
  FAKE_EXTENSION_ORIGIN,
} from '../../src/platform/messaging-fake';
import type { ContentToBackground, PopupToBackground } from '../../src/shared/messaging/protocol';
import { createCaller, type Caller } from '../../src/shared/messaging/rpc';
import { freshBackbone, sample } from './support/backbone';

const PAGE = 'https://news.example.org/story?id=7&utm_source=feed#comments';
const PAGE_NORMALISED = 'https://news.example.org/story?id=7';

const target = (exact: string) => ({
  selector: [
    { type: 'TextQuoteSelector' as const, exact, prefix: '', suffix: '' },
    { type: 'TextPositionSelector' as const, start: 0, end: exact.length },
  ] as [
    { type: 'TextQuoteSelector'; exact: string; prefix: string; suffix: string },
    { type: 'TextPositionSelector'; start: number; end: number },
  ],
});

let content: Caller<typeof ContentToBackground>;
let frame: Caller<typeof ContentToBackground>;
let otherPage: Caller<typeof ContentToBackground>;
let popup: Caller<typeof PopupToBackground>;
let tabs: TabRegistry;
let backbone: Awaited<ReturnType<typeof freshBackbone>>;

beforeEach(async () => {
  backbone = await freshBackbone();
  const bus = createFakeMessaging();
  tabs = createTabRegistry();
  bus.listen(
    createRouter({
      ready: async () => backbone.deps,
      extensionId: FAKE_EXTENSION_ID,
      extensionOrigin: FAKE_EXTENSION_ORIGIN,
      tabs,
    }),
  );
  content = createCaller(bus.endpoint({ url: PAGE, tab: { id: 4, url: PAGE }, frameId: 0 }).send);
  frame = createCaller(bus.endpoint({ url: 'https://ads.example/', tab: { id: 4 }, frameId: 3 }).send);
  otherPage = createCaller(bus.endpoint({ url: 'https://other.example/', tab: { id: 5 }, frameId: 0 }).send);
  popup = createCaller(bus.endpoint({ url: `${FAKE_EXTENSION_ORIGIN}src/review/index.html` }).send);
});

const create = async (call: Caller<typeof ContentToBackground>, quote: string) => {
  const r = await call('createAnnotation', { title: 't', target: target(quote), color: 'yellow' });
  if (!r.ok) throw new Error(r.error);
  return r.value;
};

describe('orphans', () => {
  it('a page marks and clears its own orphans; the review page lists them, newest first', async () => {
    const a = await create(content, 'first');
    const b = await create(content, 'second');
    const elsewhere = await create(otherPage, 'elsewhere');
    expect(await content('markOrphans', { orphaned: [a.id, b.id, elsewhere.id] })).toEqual({
      ok: true,
      value: { changed: 2 },
    });
    const listed = await popup('listOrphans', {});
    expect(listed.ok && listed.value.map((x) => x.id)).toEqual([b.id, a.id]);
    // The mark never leaks into the record the callers see.
    expect(listed.ok && listed.value[0]).toEqual(b);
    // Marking again changes nothing; anchoring clears.
    expect(await content('markOrphans', { orphaned: [a.id, b.id] })).toEqual({
      ok: true,
      value: { changed: 0 },
    });
    expect(await content('markOrphans', { orphaned: [], anchored: [b.id] })).toEqual({
      ok: true,
      value: { changed: 1 },
    });
    expect((await popup('listOrphans', {})).ok && (await popup('listOrphans', {}))).toEqual({
      ok: true,
      value: [a],
    });
  });

  it('renaming a tag it carries keeps the mark', async () => {
    const a = await create(content, 'first');
    await popup('updateAnnotation', { id: a.id, patch: { tags: ['old'] } });
    await content('markOrphans', { orphaned: [a.id] });
    expect(await popup('renameTag', { from: 'old', to: 'new' })).toEqual({ ok: true, value: { updated: 1 } });
    const listed = await popup('listOrphans', {});
    expect(listed.ok && listed.value.map((x) => [x.id, x.tags])).toEqual([[a.id, ['new']]]);
  });

  it('an edit of the note keeps the mark, deleting removes the orphan', async () => {
    const a = await create(content, 'first');
    await content('markOrphans', { orphaned: [a.id] });
    const upd = await popup('updateAnnotation', { id: a.id, patch: { note: 'still lost' } });
    expect(upd.ok).toBe(true);
    const listed = await popup('listOrphans', {});
    expect(listed.ok && listed.value.map((x) => x.note)).toEqual(['still lost']);
    await popup('deleteAnnotations', { ids: [a.id] });
    expect(await popup('listOrphans', {})).toEqual({ ok: true, value: [] });
  });

  it('rejects ids that are not UUIDs', async () => {
    const r = await content('markOrphans', { orphaned: ['nope'] });
    expect(r).toMatchObject({ ok: false, error: expect.stringContaining('id must be a UUID') });
  });
});

describe('export in slices', () => {
  it('gives back the same text as one exportAll, and frees it after the last slice', async () => {
    for (let i = 0; i < 3; i++) await create(content, `passage ${i}`);
    const whole = await popup('exportAll', { format: 'jsonld' });
    const begun = await popup('exportBegin', { format: 'jsonld' });
    if (!whole.ok || !begun.ok) throw new Error('export failed');
    expect(begun.value).toMatchObject({ count: 3, mimeType: whole.value.mimeType });
    expect(begun.value.filename).toMatch(/\.jsonld$/);
    const slice = await popup('exportChunk', { token: begun.value.token, offset: 0 });
    if (!slice.ok) throw new Error(slice.error);
    // The same file but for its export time (the test clock ticks per call).
    const undated = (text: string) => text.replace(/"fa:exported": ?"[^"]*"/, '');
    expect(undated(slice.value.text)).toBe(undated(whole.value.text));
    expect(slice.value.done).toBe(true);
    const again = await popup('exportChunk', { token: begun.value.token, offset: 0 });
    expect(again).toMatchObject({ ok: false, error: expect.stringContaining('expired') });
  });

  it('a file larger than one slice comes in several', async () => {
    const note = 'n'.repeat(99_000);
    const records = Array.from({ length: Math.ceil((EXPORT_SLICE * 1.5) / note.length) }, () =>
      sample({ note }),
    );
    await backbone.annotations.putMany(records);
    const begun = await popup('exportBegin', { format: 'csv' });
    if (!begun.ok) throw new Error(begun.error);
    expect(begun.value.length).toBeGreaterThan(EXPORT_SLICE);
    let text = '';
    let slices = 0;
    for (let done = false; !done; slices++) {
      const r = await popup('exportChunk', { token: begun.value.token, offset: text.length });
      if (!r.ok) throw new Error(r.error);
      text += r.value.text;
      done = r.value.done;
    }
    expect(slices).toBe(2);
    expect(text.length).toBe(begun.value.length);
    expect(text.split('\r\n').length - 2).toBe(records.length);
  });

  it('hands a file over as its exact UTF-8 bytes, astral characters included', async () => {
    const text = `${'a'.repeat((1 << 20) - 1)}😀 ${'é'.repeat(1 << 20)}数`;
    preparedExports.put('t0k3n', { text, mimeType: 'text/plain', filename: 'f.txt' });
    const answer = preparedExports.handOver({ exportFile: 't0k3n' });
    if (!('blob' in answer)) throw new Error(answer.error);
    const bytes = new Uint8Array(await answer.blob.arrayBuffer());
    expect(new TextDecoder('utf-8', { fatal: true }).decode(bytes)).toBe(text);
  });

  it('the worker hands a prepared file over once, to a request of the right shape', async () => {
    await create(content, 'passage');
    const begun = await popup('exportBegin', { format: 'csv' });
    if (!begun.ok) throw new Error(begun.error);
    const { token } = begun.value;
    for (const bad of [null, token, { exportFile: 1 }, { exportFile: token, more: 1 }, { file: token }])
      expect(preparedExports.handOver(bad)).toEqual({ error: 'not an export request' });
    const answer = preparedExports.handOver({ exportFile: token });
    if (!('blob' in answer)) throw new Error(answer.error);
    expect(answer.blob.type).toBe(begun.value.mimeType);
    const text = await answer.blob.text();
    expect(text.length).toBe(begun.value.length);
    expect(text).toContain('passage');
    expect(preparedExports.handOver({ exportFile: token })).toEqual({
      error: 'This export has expired: export again.',
    });
  });

  it('exports what a query finds', async () => {
    await create(content, 'digital tax');
    await create(content, 'something else');
    const begun = await popup('exportBegin', { format: 'markdown', query: { query: 'tax' } });
    expect(begun.ok && begun.value.count).toBe(1);
  });
});

describe('findTab', () => {
  it('knows the tab whose top frame showed the page (URL normalised), not frames', async () => {
    await content('ping', {});
    await frame('ping', {});
    expect(await popup('findTab', { url: `${PAGE_NORMALISED}#other` })).toEqual({
      ok: true,
      value: { tabId: 4 },
    });
    expect(await popup('findTab', { url: 'https://ads.example/' })).toEqual({ ok: true, value: null });
    tabs.forget(4);
    expect(await popup('findTab', { url: PAGE_NORMALISED })).toEqual({ ok: true, value: null });
  });
});
