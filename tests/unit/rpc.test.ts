import 'fake-indexeddb/auto';
import { beforeEach, describe, expect, it } from 'vitest';
import { createRouter } from '../../src/background/router';
import { classifySender } from '../../src/background/sender';
import {
  createFakeMessaging,
  FAKE_EXTENSION_ID,
  FAKE_EXTENSION_ORIGIN,
  type FakeMessaging,
} from '../../src/platform/messaging-fake';
import { ContentToBackground, PopupToBackground, type CallMap } from '../../src/shared/messaging/protocol';
import { createCaller, createReceiver, RPC_TAG, type Caller } from '../../src/shared/messaging/rpc';
import { freshBackbone } from './support/backbone';
import { siteOf } from '../../src/shared/url';

const PAGE = 'https://news.example.org/story?id=7&utm_source=feed#comments';
const PAGE_NORMALISED = 'https://news.example.org/story?id=7';

const target = (exact = 'a passage', start = 10) => ({
  selector: [
    { type: 'TextQuoteSelector' as const, exact, prefix: 'before ', suffix: ' after' },
    { type: 'TextPositionSelector' as const, start, end: start + exact.length },
  ] as [
    { type: 'TextQuoteSelector'; exact: string; prefix: string; suffix: string },
    { type: 'TextPositionSelector'; start: number; end: number },
  ],
});

let bus: FakeMessaging;
let content: Caller<typeof ContentToBackground>;
let otherTab: Caller<typeof ContentToBackground>;
let popup: Caller<typeof PopupToBackground>;

beforeEach(async () => {
  const { deps } = await freshBackbone();
  bus = createFakeMessaging();
  bus.listen(
    createRouter({
      ready: async () => deps,
      extensionId: FAKE_EXTENSION_ID,
      extensionOrigin: FAKE_EXTENSION_ORIGIN,
    }),
  );
  content = createCaller(bus.endpoint({ url: PAGE, tab: { id: 4, url: PAGE }, frameId: 0 }).send);
  otherTab = createCaller(bus.endpoint({ url: 'https://other.example/', tab: { id: 5 }, frameId: 0 }).send);
  popup = createCaller(bus.endpoint({ url: `${FAKE_EXTENSION_ORIGIN}src/popup/index.html` }).send);
});

describe('request schemas reject bad requests with a clear message', () => {
  const big = (n: number) => 'x'.repeat(n);
  it.each([
    ['no payload', 'createAnnotation', undefined, /invalid request/],
    ['missing target', 'createAnnotation', { title: 't', color: 'yellow' }, /target/],
    [
      'unknown colour',
      'createAnnotation',
      { title: 't', target: target(), color: 'red' },
      /color must be one of/,
    ],
    [
      'extra key',
      'createAnnotation',
      { title: 't', target: target(), color: 'yellow', url: 'https://evil/' },
      /url/,
    ],
    [
      'note over 100k',
      'createAnnotation',
      { title: 't', target: target(), color: 'yellow', note: big(100_001) },
      /note is too long \(100001 > 100000\)/,
    ],
    [
      'quote over 20k',
      'createAnnotation',
      { title: 't', target: target(big(20_001)), color: 'yellow' },
      /quote is too long/,
    ],
    [
      'empty quote',
      'createAnnotation',
      { title: 't', target: target(''), color: 'yellow' },
      /quote is empty/,
    ],
    [
      '51 tags',
      'createAnnotation',
      { title: 't', target: target(), color: 'yellow', tags: Array.from({ length: 51 }, (_, i) => `t${i}`) },
      /tags is too long/,
    ],
    [
      'a tag over 100',
      'createAnnotation',
      { title: 't', target: target(), color: 'yellow', tags: [big(101)] },
      /tag is too long/,
    ],
    [
      'a megabyte title',
      'createAnnotation',
      { title: big(1_000_001), target: target(), color: 'yellow' },
      /title is too long/,
    ],
    [
      'script in a note',
      'createAnnotation',
      { title: 't', target: target(), color: 'yellow', note: 'hi <script>alert(1)</script>' },
      /markup/,
    ],
    [
      'end before start',
      'createAnnotation',
      {
        title: 't',
        target: { selector: [target().selector[0], { type: 'TextPositionSelector', start: 9, end: 3 }] },
        color: 'yellow',
      },
      /end must not be before start/,
    ],
    [
      'fractional position',
      'createAnnotation',
      {
        title: 't',
        target: { selector: [target().selector[0], { type: 'TextPositionSelector', start: 1.5, end: 3 }] },
        color: 'yellow',
      },
      /target/,
    ],
    ['id not a uuid', 'updateAnnotation', { id: '1', patch: {} }, /id must be a UUID/],
    ['string payload', 'ping', 'hello', /invalid request/],
    ['unknown call', 'dropDatabase', {}, /unknown call "dropDatabase"/],
    ['prototype name', 'toString', {}, /unknown call "toString"/],
    ['popup-only call from a page', 'exportAll', { format: 'csv' }, /unknown call "exportAll"/],
  ])('%s', async (_name, type, payload, message) => {
    const reply = await bus.endpoint({ url: PAGE, tab: { id: 4 } }).send({ rpc: RPC_TAG, type, payload });
    expect(reply).toMatchObject({ ok: false });
    expect((reply as { error: string }).error).toMatch(message);
  });

  it.each([
    ['wrong export format', 'exportAll', { format: 'pdf' }, /format must be one of markdown, jsonld, csv/],
    [
      'too many ids',
      'deleteAnnotations',
      { ids: Array.from({ length: 10_001 }, () => crypto.randomUUID()) },
      /at most 10000/,
    ],
    ['query over 1000', 'search', { query: 'q'.repeat(1001) }, /query is too long/],
    [
      'restore of a malformed record',
      'restoreAnnotations',
      { annotations: [{ id: crypto.randomUUID() }] },
      /invalid request/,
    ],
    ['import of 50 MB', 'importAnnotations', { text: ' '.repeat(50_000_000) }, /smaller than 50 MB/],
  ])('popup: %s', async (_name, type, payload, message) => {
    const reply = await bus
      .endpoint({ url: FAKE_EXTENSION_ORIGIN + 'review.html' })
      .send({ rpc: RPC_TAG, type, payload });
    expect((reply as { error: string }).error).toMatch(message);
  });

  it('lets messages that are not ours pass unanswered', async () => {
    await expect(bus.endpoint({ url: PAGE, tab: { id: 4 } }).send({ hello: 1 })).rejects.toThrow(
      /Receiving end/,
    );
  });
});

describe('sender rules', () => {
  it.each([
    ['extension page', { id: FAKE_EXTENSION_ID, url: `${FAKE_EXTENSION_ORIGIN}popup.html` }, 'extension'],
    [
      'extension page in a tab',
      { id: FAKE_EXTENSION_ID, url: `${FAKE_EXTENSION_ORIGIN}review.html`, tab: { id: 3 } },
      'extension',
    ],
    ['content script', { id: FAKE_EXTENSION_ID, url: 'https://a.example/x', tab: { id: 3 } }, 'content'],
    ['another extension', { id: 'other', url: `${FAKE_EXTENSION_ORIGIN}popup.html` }, 'rejected'],
    ['no tab, web url', { id: FAKE_EXTENSION_ID, url: 'https://a.example/x' }, 'rejected'],
    ['about:blank frame', { id: FAKE_EXTENSION_ID, url: 'about:blank', tab: { id: 3 } }, 'rejected'],
    [
      'lookalike origin',
      { id: FAKE_EXTENSION_ID, url: 'https://fakeextensionid/', tab: { id: 3 } },
      'content',
    ],
  ])('%s -> %s', (_name, sender, kind) => {
    expect(classifySender(sender, FAKE_EXTENSION_ID, FAKE_EXTENSION_ORIGIN).kind).toBe(kind);
  });

  it('stamps the URL from the sender, normalised, and the frame URL for frames', async () => {
    const created = await content('createAnnotation', {
      title: ' The  story ',
      target: target(),
      color: 'green',
    });
    expect(created.ok && created.value.url).toBe(PAGE_NORMALISED);
    expect(created.ok && created.value.title).toBe('The story');
    const frame = createCaller<typeof ContentToBackground>(
      bus.endpoint({ url: 'https://embed.example/widget#x', tab: { id: 4, url: PAGE }, frameId: 7 }).send,
    );
    const inFrame = await frame('createAnnotation', { title: 'w', target: target(), color: 'green' });
    expect(inFrame.ok && inFrame.value.url).toBe('https://embed.example/widget');
  });

  it('a page only sees and changes its own annotations', async () => {
    const created = await content('createAnnotation', {
      title: 't',
      target: target(),
      color: 'green',
      note: 'secret',
    });
    if (!created.ok) throw new Error(created.error);
    const id = created.value.id;
    expect(await otherTab('listForPage', {})).toEqual({ ok: true, value: [] });
    expect(await otherTab('updateAnnotation', { id, patch: { note: 'pwned' } })).toMatchObject({
      ok: false,
      error: /no annotation with this id on this page/,
    });
    expect(await otherTab('deleteAnnotation', { id })).toEqual({ ok: true, value: { deleted: null } });
    const mine = await content('listForPage', {});
    expect(mine.ok && mine.value.map((a) => a.note)).toEqual(['secret']);
  });

  it('a page cannot use the popup calls', async () => {
    expect(await (content as unknown as Caller<CallMap>)('search', { query: '' })).toMatchObject({
      ok: false,
      error: /unknown call/,
    });
  });
});

describe('calls end to end', () => {
  it('create, update, list, delete from the content script; a retried create is stored once', async () => {
    const id = crypto.randomUUID();
    const first = await content('createAnnotation', {
      id,
      title: 't',
      target: target(),
      color: 'blue',
      tags: [' a ', 'A', 'b'],
    });
    const again = await content('createAnnotation', { id, title: 't', target: target(), color: 'blue' });
    expect(first).toEqual(again);
    expect(first.ok && first.value.tags).toEqual(['a', 'b']);
    const updated = await content('updateAnnotation', {
      id,
      patch: { note: 'Now with a note', color: 'pink' },
    });
    expect(updated.ok && [updated.value.note, updated.value.color]).toEqual(['Now with a note', 'pink']);
    expect(updated.ok && first.ok && updated.value.modified > first.value.modified).toBe(true);
    expect((await content('listForPage', {})).ok).toBe(true);
    const deleted = await content('deleteAnnotation', { id });
    expect(deleted.ok && deleted.value.deleted?.id).toBe(id);
    expect(await content('listForPage', {})).toEqual({ ok: true, value: [] });
    expect(await content('ping', {})).toEqual({ ok: true, value: { pong: true } });
  });

  it('delete with undo from the popup', async () => {
    for (const n of [1, 2, 3])
      await content('createAnnotation', { title: 't', target: target(`passage ${n}`), color: 'yellow' });
    const all = await popup('search', { query: '' });
    if (!all.ok) throw new Error(all.error);
    const ids = all.value.groups.flatMap((g) => g.annotations.map((a) => a.id));
    const deleted = await popup('deleteAnnotations', { ids: ids.slice(0, 2) });
    if (!deleted.ok) throw new Error(deleted.error);
    expect((await popup('listPages', {})).ok && (await popup('search', { query: '' }))).toMatchObject({
      ok: true,
      value: { total: 1 },
    });
    expect(await popup('restoreAnnotations', { annotations: deleted.value.deleted })).toEqual({
      ok: true,
      value: { restored: 2 },
    });
    const back = await popup('search', { query: '' });
    expect(back.ok && back.value.groups[0]?.annotations).toEqual(all.value.groups[0]?.annotations);
  });

  it('tags: list, rename and merge', async () => {
    await content('createAnnotation', {
      title: 't',
      target: target('one'),
      color: 'yellow',
      tags: ['Policy', 'EU'],
    });
    await content('createAnnotation', {
      title: 't',
      target: target('two'),
      color: 'yellow',
      tags: ['policy'],
    });
    await content('createAnnotation', { title: 't', target: target('three'), color: 'yellow', tags: ['eu'] });
    const counts = async () => {
      const tags = await popup('listTags', {});
      return tags.ok ? Object.fromEntries(tags.value.map((t) => [t.tag, t.count])) : tags.error;
    };
    expect(await counts()).toEqual({ EU: 1, eu: 1, policy: 1, Policy: 1 });
    // Renaming matches case-insensitively, and merges with a tag the record already has.
    expect(await popup('renameTag', { from: 'eu', to: 'Policy' })).toEqual({
      ok: true,
      value: { updated: 2 },
    });
    expect(await counts()).toEqual({ Policy: 2, policy: 1 });
    const search = await popup('search', { query: 'tag:policy' });
    expect(search.ok && search.value.total).toBe(3);
  });

  it('getAnnotation, updateAnnotation, listPages and listSites from the popup', async () => {
    const created = await content('createAnnotation', { title: 'Story', target: target(), color: 'yellow' });
    if (!created.ok) throw new Error(created.error);
    expect(await popup('getAnnotation', { id: created.value.id })).toEqual(created);
    expect(await popup('getAnnotation', { id: crypto.randomUUID() })).toEqual({ ok: true, value: null });
    const upd = await popup('updateAnnotation', { id: created.value.id, patch: { tags: ['x'] } });
    expect(upd.ok && upd.value.tags).toEqual(['x']);
    const pages = await popup('listPages', {});
    expect(pages.ok && pages.value.map((p) => [p.url, p.title, p.count])).toEqual([
      [PAGE_NORMALISED, 'Story', 1],
    ]);
    expect(await popup('listSites', {})).toEqual({ ok: true, value: [siteOf(PAGE_NORMALISED)] });
  });
});

describe('the caller', () => {
  it('sends again when an attempt is never answered, if a timeout is given', async () => {
    let attempts = 0;
    // The first message is lost: its promise never settles (as Chromium does with a message sent
    // while a freshly installed worker starts).
    const send = () =>
      ++attempts === 1
        ? new Promise<unknown>(() => undefined)
        : Promise.resolve({ ok: true, value: { pong: true } });
    const call = createCaller<typeof ContentToBackground>(send);
    expect(await call('ping', {}, { retries: 1, retryDelayMs: 1, timeoutMs: 20 })).toEqual({
      ok: true,
      value: { pong: true },
    });
    expect(attempts).toBe(2);
    attempts = 0;
    const once = createCaller<typeof ContentToBackground>(() => new Promise<unknown>(() => undefined));
    expect(await once('ping', {}, { timeoutMs: 10 })).toEqual({
      ok: false,
      error: 'could not reach the background: no answer within 10 ms',
    });
  });

  it('retries while nobody answers, then gets the answer', async () => {
    const late = createFakeMessaging();
    const call = createCaller<typeof ContentToBackground>(late.endpoint({ url: PAGE, tab: { id: 1 } }).send);
    const pending = call('ping', {}, { retries: 5, retryDelayMs: 5 });
    setTimeout(() => {
      late.listen((message, sender) =>
        createReceiver(ContentToBackground, { ...stubHandlers })(message, sender),
      );
    }, 12);
    expect(await pending).toEqual({ ok: true, value: { pong: true } });
  });

  it('reports a transport failure without throwing', async () => {
    const call = createCaller<typeof ContentToBackground>(async () => {
      throw new Error('Extension context invalidated.');
    });
    expect(await call('ping', {})).toEqual({
      ok: false,
      error: 'could not reach the background: Extension context invalidated.',
    });
  });

  it('turns a throwing handler into an error result', async () => {
    const receive = createReceiver(ContentToBackground, {
      ...stubHandlers,
      ping: () => {
        throw new Error('boom');
      },
    });
    expect(await receive({ rpc: RPC_TAG, type: 'ping', payload: {} }, {})).toEqual({
      ok: false,
      error: 'ping failed: boom',
    });
  });
});

const notUsed = () => {
  throw new Error('not used');
};
const stubHandlers = {
  createAnnotation: notUsed,
  updateAnnotation: notUsed,
  deleteAnnotation: notUsed,
  listForPage: notUsed,
  markOrphans: notUsed,
  getAnnotation: notUsed,
  ping: () => ({ pong: true as const }),
};
