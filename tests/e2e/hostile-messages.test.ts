/**
 * Real messages in Chromium, from the two kinds of sender: a page's content script (its isolated
 * world, reached through the DevTools protocol) and an extension page. Wrong shapes, a 50 MB
 * string, unknown calls and calls meant for the other kind of sender each get a short error and
 * write nothing (the unit tests in tests/unit/hostile-messages.test.ts go through every call).
 */
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openExtensionPage, rpcFrom } from './support/extension-page';
import { inContentWorld, seed, seedRecord, sendExpression, storeHolds, uuidOf } from './support/hostile';
import { launchExtension, type LaunchedExtension } from './support/launch';
import { waitRestored } from './support/annotate';

let ext: LaunchedExtension;
let review: Page;
let page: Page;
const URL_ = 'http://hostile.test/messages.html';
const ID = uuidOf(7, 0xbad);

const target = `{ selector: [{ type: 'TextQuoteSelector', exact: 'ferry', prefix: '', suffix: '' },
  { type: 'TextPositionSelector', start: 4, end: 9 }] }`;

beforeAll(async () => {
  ext = await launchExtension();
  await ext.context.route('http://hostile.test/**', (route) =>
    route.fulfill({
      contentType: 'text/html',
      body: '<!doctype html><title>Messages</title><p>The ferry leaves at seven from the old pier.</p>',
    }),
  );
  review = await openExtensionPage(ext, 'src/review/index.html');
  await seed(review, [seedRecord(7, { id: ID, url: URL_, exact: 'ferry', note: 'untouched', tags: ['t'] })]);
  page = await ext.context.newPage();
  await page.goto(URL_);
  await waitRestored(page);
});
afterAll(async () => ext?.close());

const fromContent = (type: string, payloadJs: string) =>
  inContentWorld<{ ok: boolean; error?: string; value?: unknown }>(
    ext.context,
    page,
    ext.extensionId,
    sendExpression(type, payloadJs),
  );

const short = (answer: { ok: boolean; error?: string }, pattern: RegExp) => {
  expect(answer.ok).toBe(false);
  expect(answer.error).toMatch(pattern);
  expect(answer.error!.length).toBeLessThan(600);
};

describe("from a page's content script", () => {
  it('a well-formed call works from there (the harness reaches the real sender)', async () => {
    const answer = await fromContent('getAnnotation', `{ id: '${ID}' }`);
    expect(answer).toMatchObject({ ok: true, value: { id: ID, note: 'untouched' } });
  });

  it.each([
    ['search (popup only)', 'search', `{ query: '' }`, /unknown call/],
    ['deleteAnnotations (popup only)', 'deleteAnnotations', `{ ids: ['${ID}'] }`, /unknown call/],
    ['importAnnotations (popup only)', 'importAnnotations', `{ text: '[]' }`, /unknown call/],
    ['exportBegin (popup only)', 'exportBegin', `{ format: 'csv' }`, /unknown call/],
    [
      'notifyHost (editor only)',
      'notifyHost',
      `{ host: 'AAAAAAAAAAAAAAAA', event: { kind: 'close' } }`,
      /unknown call/,
    ],
    ['an unknown call', 'dropDatabase', '{}', /unknown call/],
    [
      'createAnnotation without a target',
      'createAnnotation',
      `{ title: 't', color: 'yellow' }`,
      /invalid request/,
    ],
    [
      'createAnnotation with markup in the note',
      'createAnnotation',
      `{ title: 't', target: ${target}, color: 'yellow', note: '<img src=x onerror=alert(1)>' }`,
      /markup/,
    ],
    [
      'createAnnotation with a 50 MB note',
      'createAnnotation',
      `{ title: 't', target: ${target}, color: 'yellow', note: 'A'.repeat(50e6) }`,
      /note is too long/,
    ],
    [
      'createAnnotation with a 50 MB title',
      'createAnnotation',
      `{ title: 'A'.repeat(50e6), target: ${target}, color: 'yellow' }`,
      /title is too long/,
    ],
    [
      'updateAnnotation with a 50 MB number',
      'updateAnnotation',
      `{ id: '${ID}', patch: { target: { selector: [{ type: 'TextQuoteSelector', exact: 'x', prefix: '', suffix: '' }, { type: 'TextPositionSelector', start: 'A'.repeat(50e6), end: 1 }] } } }`,
      /invalid request/,
    ],
    ['markOrphans with 20,000 ids', 'markOrphans', `{ orphaned: Array(20000).fill('${ID}') }`, /at most/],
    ['an array payload', 'listForPage', '[]', /must be an object/],
  ])('%s: a short error, nothing written', async (_name, type, payload, pattern) => {
    const before = await storeHolds(review);
    short(await fromContent(type, payload), pattern);
    expect(await storeHolds(review)).toEqual(before);
  });

  it('a page cannot reach the background at all from its own world', async () => {
    const reach = await page.evaluate(() => {
      const c = (globalThis as { chrome?: { runtime?: { sendMessage?: unknown; connect?: unknown } } })
        .chrome;
      return [typeof c?.runtime?.sendMessage, typeof c?.runtime?.connect];
    });
    expect(reach).toEqual(['undefined', 'undefined']);
  });
});

describe('from an extension page', () => {
  it.each([
    [
      'createAnnotation (content scripts only)',
      'createAnnotation',
      { title: 't', color: 'yellow' },
      /unknown call/,
    ],
    ['listForPage (content scripts only)', 'listForPage', {}, /unknown call/],
    ['an unknown call', 'eval', { code: '1' }, /unknown call/],
    ['search with a number for the query', 'search', { query: 42 }, /invalid request/],
    ['deleteAnnotations with ids that are not UUIDs', 'deleteAnnotations', { ids: ['*'] }, /UUID/],
    ['renameTag to a tag with a line break', 'renameTag', { from: 't', to: 'a\nb' }, /one line/],
    ['exportChunk of a made-up token', 'exportChunk', { token: 'x', offset: 0 }, /expired/],
  ])('%s: a clear error, nothing written', async (_name, type, payload, pattern) => {
    const before = await storeHolds(review);
    short(await rpcFrom(review, type, payload), pattern);
    expect(await storeHolds(review)).toEqual(before);
  });

  it('a 50 MB import and a 50 MB search are refused with a short error', async () => {
    const before = await storeHolds(review);
    const answers = await review.evaluate(async () => {
      const send = (type: string, payload: unknown) =>
        (
          globalThis as unknown as { chrome: { runtime: { sendMessage(m: unknown): Promise<unknown> } } }
        ).chrome.runtime.sendMessage({ rpc: 'forum-annotator/rpc@1', type, payload });
      const huge = 'A'.repeat(50_000_000);
      return [await send('importAnnotations', { text: huge }), await send('search', { query: huge })];
    });
    short(answers[0] as { ok: boolean; error?: string }, /too large/);
    short(answers[1] as { ok: boolean; error?: string }, /query is too long/);
    expect(await storeHolds(review)).toEqual(before);
    expect(before.annotations[0]).toMatchObject({ id: ID, note: 'untouched' });
  });
});
