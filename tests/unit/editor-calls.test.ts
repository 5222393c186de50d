import 'fake-indexeddb/auto';
import * as v from 'valibot';
import { beforeEach, describe, expect, it } from 'vitest';
import type { SendToTab } from '../../src/background/handlers/editor';
import { createRouter } from '../../src/background/router';
import { classifySender } from '../../src/background/sender';
import { suggestTags } from '../../src/editor/tags';
import {
  createFakeMessaging,
  FAKE_EXTENSION_ID,
  FAKE_EXTENSION_ORIGIN,
  type FakeMessaging,
} from '../../src/platform/messaging-fake';
import {
  BackgroundToContent,
  ContentToBackground,
  EditorToBackground,
  hostEventSchema,
  hostTokenSchema,
  PopupToBackground,
} from '../../src/shared/messaging/protocol';
import {
  createCaller,
  createReceiver,
  RPC_TAG,
  type Caller,
  type Envelope,
} from '../../src/shared/messaging/rpc';
import { freshBackbone, sample } from './support/backbone';

const PAGE = 'https://news.example.org/story';
const HOST = 'abcdefghijklmnop_QRS-tu';
const EDITOR_URL = `${FAKE_EXTENSION_ORIGIN}src/editor/index.html#mode=edit`;

describe('editor and background-to-content schemas', () => {
  it.each([
    ['a token', HOST, true],
    ['too short', 'abc', false],
    ['with a space', 'abcdefghij klmnopqrs', false],
    ['with markup', '<b>abcdefghijklmnop</b>', false],
    ['not a string', 42, false],
  ])('host token: %s', (_name, value, ok) => {
    expect(v.safeParse(hostTokenSchema, value).success).toBe(ok);
  });

  it.each([
    ['close', { kind: 'close' }, true],
    ['changed', { kind: 'changed', id: crypto.randomUUID() }, true],
    ['reattach', { kind: 'reattach', id: crypto.randomUUID() }, true],
    ['changed without an id', { kind: 'changed' }, false],
    ['an id that is not a UUID', { kind: 'changed', id: 'x' }, false],
    // Events carry ids only: a note cannot ride along into the page's frame.
    ['extra text', { kind: 'close', note: 'secret' }, false],
    ['unknown kind', { kind: 'resize', height: 10 }, false],
  ])('host event: %s', (_name, value, ok) => {
    expect(v.safeParse(hostEventSchema, value).success).toBe(ok);
  });

  it('menuAction accepts the two actions only', async () => {
    const receive = createReceiver(BackgroundToContent, {
      menuAction: ({ action }) => ({ handled: action === 'highlight' }),
      hostEvent: () => ({ handled: true }),
    });
    const send = (payload: unknown) => receive({ rpc: RPC_TAG, type: 'menuAction', payload }, {});
    expect(await send({ action: 'highlight' })).toEqual({ ok: true, value: { handled: true } });
    expect(await send({ action: 'note' })).toEqual({ ok: true, value: { handled: false } });
    expect(await send({ action: 'delete-everything' })).toMatchObject({
      ok: false,
      error: expect.stringMatching(/action must be one of highlight, note/),
    });
  });
});

describe('sender kinds', () => {
  it('an extension page inside a tab knows its tab; one outside does not', () => {
    expect(
      classifySender(
        { id: FAKE_EXTENSION_ID, url: EDITOR_URL, tab: { id: 7 } },
        FAKE_EXTENSION_ID,
        FAKE_EXTENSION_ORIGIN,
      ),
    ).toEqual({
      kind: 'extension',
      tabId: 7,
    });
    expect(
      classifySender(
        { id: FAKE_EXTENSION_ID, url: `${FAKE_EXTENSION_ORIGIN}src/popup/index.html` },
        FAKE_EXTENSION_ID,
        FAKE_EXTENSION_ORIGIN,
      ),
    ).toEqual({ kind: 'extension' });
  });
});

describe('relaying editor events to the tab', () => {
  let bus: FakeMessaging;
  let sent: Array<{ tabId: number; message: Envelope; frameId?: number }>;
  let reply: unknown;
  let editor: Caller<typeof EditorToBackground>;
  let editorData: Caller<typeof PopupToBackground>;
  let content: Caller<typeof ContentToBackground>;
  let otherPage: Caller<typeof ContentToBackground>;
  let deps: Awaited<ReturnType<typeof freshBackbone>>['deps'];

  beforeEach(async () => {
    ({ deps } = await freshBackbone());
    sent = [];
    reply = { ok: true, value: { handled: true } };
    const sendToTab: SendToTab = async (tabId, message, frameId) => {
      sent.push({ tabId, message, ...(frameId === undefined ? {} : { frameId }) });
      return reply;
    };
    bus = createFakeMessaging();
    bus.listen(
      createRouter({
        ready: async () => deps,
        extensionId: FAKE_EXTENSION_ID,
        extensionOrigin: FAKE_EXTENSION_ORIGIN,
        sendToTab,
      }),
    );
    const inTab = bus.endpoint({ url: EDITOR_URL, tab: { id: 3, url: PAGE }, frameId: 9 });
    editor = createCaller(inTab.send);
    editorData = createCaller(inTab.send);
    content = createCaller(bus.endpoint({ url: PAGE, tab: { id: 3, url: PAGE }, frameId: 0 }).send);
    otherPage = createCaller(
      bus.endpoint({ url: 'https://other.example/', tab: { id: 4 }, frameId: 0 }).send,
    );
  });

  it("sends the event to the editor's own tab, all frames, and says whether the host acted", async () => {
    const id = crypto.randomUUID();
    expect(await editor('notifyHost', { host: HOST, event: { kind: 'changed', id } })).toEqual({
      ok: true,
      value: { delivered: true },
    });
    expect(sent).toEqual([
      {
        tabId: 3,
        message: { rpc: RPC_TAG, type: 'hostEvent', payload: { host: HOST, event: { kind: 'changed', id } } },
      },
    ]);
    reply = { ok: true, value: { handled: false } };
    expect(await editor('notifyHost', { host: HOST, event: { kind: 'close' } })).toEqual({
      ok: true,
      value: { delivered: false },
    });
    reply = undefined;
    expect(await editor('notifyHost', { host: HOST, event: { kind: 'close' } })).toEqual({
      ok: true,
      value: { delivered: false },
    });
  });

  it('an extension page outside a tab cannot notify; a content script cannot call it at all', async () => {
    const popup = createCaller<typeof EditorToBackground>(
      bus.endpoint({ url: `${FAKE_EXTENSION_ORIGIN}src/popup/index.html` }).send,
    );
    expect(await popup('notifyHost', { host: HOST, event: { kind: 'close' } })).toMatchObject({
      ok: false,
      error: expect.stringMatching(/only for an editor shown in a tab/),
    });
    const fromPage = createCaller<typeof EditorToBackground>(
      bus.endpoint({ url: PAGE, tab: { id: 3 }, frameId: 0 }).send,
    );
    expect(await fromPage('notifyHost', { host: HOST, event: { kind: 'close' } })).toMatchObject({
      ok: false,
      error: expect.stringMatching(/unknown call "notifyHost"/),
    });
    expect(sent).toEqual([]);
  });

  it('the editor reads and writes through the extension-page calls; the page reads its own annotation only', async () => {
    const a = sample({ url: PAGE, note: 'private words' });
    await deps.annotations.create(a);
    const got = await editorData('getAnnotation', { id: a.id });
    expect(got.ok && got.value?.note).toBe('private words');
    expect(await content('getAnnotation', { id: a.id })).toMatchObject({ ok: true, value: { id: a.id } });
    expect(await otherPage('getAnnotation', { id: a.id })).toEqual({ ok: true, value: null });
    expect(
      await editorData('updateAnnotation', { id: a.id, patch: { note: 'new words', tags: ['x', ' x '] } }),
    ).toMatchObject({
      ok: true,
      value: { note: 'new words', tags: ['x'] },
    });
  });
});

describe('tag suggestions', () => {
  const known = ['ferries', 'Finance', 'local politics', 'policy', 'ferry routes'];
  it.each([
    ['', [], []],
    ['fer', [], ['ferries', 'ferry routes']],
    ['FER', ['ferries'], ['ferry routes']],
    ['li', [], ['local politics', 'policy']],
    ['pol', [], ['policy', 'local politics']],
    ['policy', [], []],
    ['zz', [], []],
  ])('"%s" with %j chosen', (text, chosen, expected) => {
    expect(suggestTags(known, chosen, text)).toEqual(expected);
  });
});
