/**
 * Every call of every call map, sent through the real router over the fake messaging: with wrong
 * shapes, 50 MB strings, unknown types and from the wrong kind of sender. Each must answer with a
 * short, clear error, and the database must be exactly as it was.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { createRouter } from '../../src/background/router';
import {
  createFakeMessaging,
  FAKE_EXTENSION_ID,
  FAKE_EXTENSION_ORIGIN,
} from '../../src/platform/messaging-fake';
import type { MessageSender } from '../../src/platform/messaging';
import {
  BackgroundToContent,
  ContentToBackground,
  EditorToBackground,
  PopupToBackground,
  type CallMap,
} from '../../src/shared/messaging/protocol';
import { RPC_TAG } from '../../src/shared/messaging/rpc';
import { freshBackbone, sample } from './support/backbone';

const PAGE = 'https://news.example.org/story';
const ID = '6f1c2b9e-2a7d-4c4e-9a51-0c1d2e3f4a5b';
/** 50 MB of text: past every limit, and past what any answer should ever echo back. */
const HUGE = 'A'.repeat(50_000_000);

const target = {
  selector: [
    { type: 'TextQuoteSelector', exact: 'a passage', prefix: '', suffix: '' },
    { type: 'TextPositionSelector', start: 0, end: 9 },
  ],
};

/** One valid request per call: each bad case below changes one thing in it. */
const VALID: Record<string, Record<string, unknown>> = {
  // content script
  createAnnotation: { id: ID, title: 't', target, color: 'yellow', note: 'n', tags: ['a'] },
  updateAnnotation: { id: ID, patch: { note: 'changed' } },
  deleteAnnotation: { id: ID },
  listForPage: { title: 't' },
  getAnnotation: { id: ID },
  markOrphans: { orphaned: [ID], anchored: [] },
  ping: {},
  // popup / review
  search: { query: 'passage', filters: { tag: 'a' }, offset: 0, limit: 10 },
  listPages: {},
  listSites: {},
  deleteAnnotations: { ids: [ID] },
  restoreAnnotations: { annotations: [] },
  renameTag: { from: 'a', to: 'b' },
  listTags: {},
  listPoints: {},
  exportAll: { format: 'csv' },
  exportBegin: { format: 'csv' },
  exportChunk: { token: 'abc', offset: 0 },
  listOrphans: {},
  findTab: { url: PAGE },
  importAnnotations: { text: '[]' },
  // editor
  notifyHost: { host: 'abcdefghijklmnop', event: { kind: 'close' } },
  // background -> content
  menuAction: { action: 'highlight' },
  hostEvent: { host: 'abcdefghijklmnop', event: { kind: 'close' } },
};

const MAPS: Record<string, CallMap> = {
  ContentToBackground,
  PopupToBackground,
  EditorToBackground,
  BackgroundToContent,
};

const SENDERS = {
  content: { url: PAGE, tab: { id: 4, url: PAGE }, frameId: 0 },
  popup: { url: `${FAKE_EXTENSION_ORIGIN}src/popup/index.html` },
  editor: { url: `${FAKE_EXTENSION_ORIGIN}src/editor/index.html#mode=card`, tab: { id: 4 }, frameId: 2 },
} satisfies Record<string, MessageSender>;

/** What a wrong shape can be, whatever the field. */
const WRONG_VALUES: [string, unknown][] = [
  ['null', null],
  ['a number', 42],
  ['an object', { nested: { deeper: true } }],
  ['an array', [1, 2, 3]],
  ['a 50 MB string', HUGE],
];

const WRONG_PAYLOADS: [string, unknown][] = [
  ['no payload', undefined],
  ['null', null],
  ['a string', 'createAnnotation'],
  ['an array', []],
  ['an unknown key', { __proto__: null, polluted: true }],
  ['a 50 MB string', HUGE],
];

let backbone: Awaited<ReturnType<typeof freshBackbone>>;
let bus: ReturnType<typeof createFakeMessaging>;
let stored: ReturnType<typeof sample>;

/** Every row of both stores, as JSON: "nothing written" means this does not change. */
async function snapshot(): Promise<string> {
  const [annotations, pages] = await Promise.all([
    backbone.db.annotations.toArray(),
    backbone.db.pages.toArray(),
  ]);
  return JSON.stringify({ annotations, pages });
}

async function send(from: MessageSender, type: string, payload: unknown): Promise<unknown> {
  return bus.endpoint(from).send({ rpc: RPC_TAG, type, payload });
}

function expectClearError(answer: unknown, pattern: RegExp = /./): void {
  expect(answer).toMatchObject({ ok: false });
  const error = (answer as { error: string }).error;
  expect(typeof error).toBe('string');
  expect(error).toMatch(pattern);
  // A clear error is short: it never echoes a huge input back.
  expect(error.length).toBeLessThan(600);
}

beforeAll(() => {
  // Every call of every map has a valid request here, so that no call escapes the table.
  for (const map of Object.values(MAPS))
    for (const type of Object.keys(map)) expect(VALID).toHaveProperty(type);
});

beforeEach(async () => {
  backbone = await freshBackbone();
  bus = createFakeMessaging();
  bus.listen(
    createRouter({
      ready: async () => backbone.deps,
      extensionId: FAKE_EXTENSION_ID,
      extensionOrigin: FAKE_EXTENSION_ORIGIN,
      sendToTab: async () => ({ ok: true, value: { handled: true } }),
    }),
  );
  // One stored record on the sender's page with the id the requests name, so that a request that
  // slipped through would change something visible.
  stored = sample({ id: ID, url: PAGE, note: 'kept', tags: ['a'] });
  await backbone.annotations.putMany([stored]);
});

/** Who may call what: the sender each map's calls come from. */
const OWN_SENDER: Record<string, keyof typeof SENDERS> = {
  ContentToBackground: 'content',
  PopupToBackground: 'popup',
  EditorToBackground: 'editor',
};

const cases = Object.entries(OWN_SENDER).flatMap(([mapName, sender]) =>
  Object.keys(MAPS[mapName]!).map((type) => [`${mapName}.${type}`, sender, type] as const),
);

/** Fields for which the number 42 is a valid value. */
const NUMERIC = new Set(['offset', 'limit']);

describe.each(cases)('%s from its own sender', (_call, sender, type) => {
  it.each(WRONG_PAYLOADS)('payload %s: a clear error, nothing written', async (_name, payload) => {
    const before = await snapshot();
    // ping and the list calls take an empty object; everything else here is wrong for all calls.
    expectClearError(await send(SENDERS[sender], type, payload), /invalid request/);
    expect(await snapshot()).toBe(before);
  });

  const fields = Object.keys(VALID[type]!);
  if (fields.length > 0) {
    const wrong = fields.flatMap((field) =>
      WRONG_VALUES.filter(([, value]) => !(NUMERIC.has(field) && value === 42)).map(
        ([name, value]) => [field, name, value] as const,
      ),
    );
    it.each(wrong)('field %s as %s: a clear error, nothing written', async (field, _name, value) => {
      const before = await snapshot();
      const answer = await send(SENDERS[sender], type, { ...VALID[type], [field]: value });
      expectClearError(answer, new RegExp(`invalid request: .*${field}|${field}.*(too long|too large)`));
      expect(await snapshot()).toBe(before);
    });
  }
});

describe('unknown calls and wrong senders', () => {
  const otherCalls = (allowed: CallMap) =>
    Object.keys(VALID).filter((type) => !Object.hasOwn(allowed, type) && type !== 'notifyHost');

  it.each(otherCalls(ContentToBackground))('a content script calling %s is refused', async (type) => {
    const before = await snapshot();
    expectClearError(await send(SENDERS.content, type, VALID[type]), /unknown call/);
    expect(await snapshot()).toBe(before);
  });

  it('a content script cannot relay editor events (notifyHost)', async () => {
    expectClearError(await send(SENDERS.content, 'notifyHost', VALID.notifyHost), /unknown call/);
  });

  it.each(otherCalls(PopupToBackground))('an extension page calling %s is refused', async (type) => {
    const before = await snapshot();
    expectClearError(await send(SENDERS.popup, type, VALID[type]), /unknown call/);
    expect(await snapshot()).toBe(before);
  });

  it.each([
    ['a name of 1 MB', 'x'.repeat(1_000_000)],
    ['__proto__', '__proto__'],
    ['constructor', 'constructor'],
    ['toString', 'toString'],
    ['hasOwnProperty', 'hasOwnProperty'],
  ])('an unknown call named %s is refused, briefly', async (_name, type) => {
    for (const from of Object.values(SENDERS)) {
      expectClearError(await send(from, type, {}), /unknown call/);
    }
  });

  const strangers: [string, MessageSender][] = [
    ['another extension', { id: 'someoneelse', url: 'chrome-extension://someoneelse/x.html' }],
    ['a web page without a tab (externally_connectable)', { url: 'https://evil.example/' }],
    ['a chrome: page', { url: 'chrome://settings/', tab: { id: 9 } }],
    ['a data: frame', { url: 'data:text/html,<b>x</b>', tab: { id: 9 }, frameId: 3 }],
    ['a lookalike extension origin', { url: `chrome-extension://${FAKE_EXTENSION_ID}x/`, tab: { id: 9 } }],
  ];
  it.each(strangers)('%s: every call is rejected, nothing written', async (_name, from) => {
    const before = await snapshot();
    for (const [type, payload] of Object.entries(VALID)) {
      expectClearError(await send(from, type, payload), /rejected/);
    }
    expect(await snapshot()).toBe(before);
  });

  it('an envelope with a non-string type, or no tag, is not ours: no answer, nothing written', async () => {
    const before = await snapshot();
    await expect(
      bus.endpoint(SENDERS.popup).send({ rpc: RPC_TAG, type: 7, payload: {} }),
    ).resolves.toMatchObject({ ok: false, error: /not a Forum Annotator message/ });
    await expect(
      bus.endpoint(SENDERS.popup).send({ type: 'deleteAnnotations', payload: { ids: [ID] } }),
    ).rejects.toThrow(/Receiving end/);
    expect(await snapshot()).toBe(before);
  });

  it('the manifest lets no web page or other extension message the extension', () => {
    const manifest = JSON.parse(
      readFileSync(path.resolve(__dirname, '../../manifest.json'), 'utf8'),
    ) as Record<string, unknown>;
    expect(manifest).not.toHaveProperty('externally_connectable');
  });
});

describe('valid calls still work after all that', () => {
  it('the same valid requests are answered', async () => {
    expect(await send(SENDERS.content, 'getAnnotation', { id: ID })).toMatchObject({
      ok: true,
      value: { note: 'kept' },
    });
    expect(await send(SENDERS.popup, 'search', VALID.search)).toMatchObject({
      ok: true,
      value: { total: 1 },
    });
  });
});
