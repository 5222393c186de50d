import 'fake-indexeddb/auto';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { toJsonLd } from '../../src/background/export/jsonld';
import { importAnnotations } from '../../src/background/export/importer';
import { freshBackbone, sample } from './support/backbone';

const NOW = '2025-03-01T10:00:00.000Z';
const W3C = '/work/shared/peer-suites/w3c-web-annotation';
const files = (dir: string) =>
  readdirSync(join(W3C, dir)).sort((a, b) => a.localeCompare(b, 'en', { numeric: true }));
const read = (dir: string, name: string) => readFileSync(join(W3C, dir, name), 'utf8');

/** Text-quote targets among the W3C "correct" examples (README: TextQuote 23/29). */
const TEXT_QUOTE_EXAMPLES = new Set(['anno23.json', 'anno29.json']);

describe('W3C correct examples', () => {
  it.each(files('correct').filter((f) => f.startsWith('anno')))('%s', async (name) => {
    const { annotations } = await freshBackbone();
    const result = await importAnnotations(annotations, read('correct', name), NOW);
    if (!result.ok) throw new Error(result.error);
    if (TEXT_QUOTE_EXAMPLES.has(name)) {
      expect(result.value).toMatchObject({ added: 1, skipped: [] });
      const [stored] = await annotations.all();
      expect(stored?.target.selector[0].exact).toBe(name === 'anno23.json' ? 'anotation' : 'Selected Text');
      expect(stored?.url).toBe('http://example.org/page1');
    } else {
      expect(result.value).toMatchObject({
        added: 0,
        skipped: [{ index: 0, reason: 'target is not text (no TextQuoteSelector)' }],
      });
      expect(await annotations.count()).toBe(0);
    }
  });

  it('collection1.json: the two text-quote annotations import, the rest are skipped with reasons', async () => {
    const { annotations } = await freshBackbone();
    const result = await importAnnotations(annotations, read('correct', 'collection1.json'), NOW);
    if (!result.ok) throw new Error(result.error);
    expect(result.value.added).toBe(2);
    expect(result.value.skipped).toHaveLength(41);
    expect(result.value.skipped.map((s) => s.index)).not.toContain(22);
    expect(new Set(result.value.skipped.map((s) => s.reason))).toEqual(
      new Set(['target is not text (no TextQuoteSelector)']),
    );
    // Importing the same file again changes nothing.
    const again = await importAnnotations(
      annotations,
      read('correct', 'collection1.json'),
      '2026-01-01T00:00:00.000Z',
    );
    expect(again.ok && again.value).toMatchObject({ added: 0, updated: 0, unchanged: 2 });
  });
});

describe('W3C incorrect examples write nothing and say why', () => {
  it.each(files('incorrect'))('%s', async (name) => {
    const { annotations } = await freshBackbone();
    const raw = read('incorrect', name);
    const verbatim = await importAnnotations(annotations, raw, NOW);
    if (name.endsWith('.txt'))
      expect(verbatim).toMatchObject({ ok: false, error: expect.stringMatching(/not JSON/) });
    // With trailing commas stripped, the intended fault.
    const intended = await importAnnotations(annotations, raw.replace(/,(\s*[}\]])/g, '$1'), NOW);
    if (intended.ok) {
      expect(intended.value.added + intended.value.updated).toBe(0);
      expect(intended.value.skipped[0]?.reason).toBeTruthy();
    } else {
      expect(intended.error).toMatch(/./);
    }
    expect(await annotations.count()).toBe(0);
  });
});

describe('bad files write nothing, with a clear message', () => {
  const good = () => JSON.parse(toJsonLd([sample(), sample()], NOW));
  const withItem = (change: (item: Record<string, unknown>) => void) => {
    const doc = good();
    change(doc.first.items[1]);
    return JSON.stringify(doc);
  };
  it.each([
    ['not JSON', 'hello', /not JSON/],
    ['empty', '', /not JSON/],
    ['a number', '42', /not a Web Annotation document/],
    ['an unrelated object', '{"a":1}', /not a Web Annotation document/],
    [
      'a collection without context',
      JSON.stringify({ ...good(), '@context': undefined }),
      /@context must include/,
    ],
    [
      'a collection page by reference',
      JSON.stringify({ ...good(), first: 'http://x/page1' }),
      /pages by reference/,
    ],
    ['50 MB', ' '.repeat(50_000_000), /smaller than 50 MB/],
    [
      'a record without its quote',
      withItem(
        (i) =>
          ((i.target as { selector: unknown[] }).selector = [
            (i.target as { selector: unknown[] }).selector[1],
          ]),
      ),
      /item 1: record has no quote/,
    ],
    [
      'an empty quote',
      withItem((i) => ((i.target as { selector: { exact: string }[] }).selector[0]!.exact = '')),
      /item 1: a TextQuoteSelector without its quote/,
    ],
    [
      'a megabyte note',
      withItem(
        (i) => (i.body = [{ type: 'TextualBody', value: 'x'.repeat(1_048_576), purpose: 'commenting' }]),
      ),
      /note is too long/,
    ],
    [
      'script in a note',
      withItem((i) => (i.body = [{ type: 'TextualBody', value: 'hi <img src=x onerror=alert(1)>' }])),
      /markup/,
    ],
    [
      'a javascript: link in a note',
      withItem((i) => (i.body = [{ type: 'TextualBody', value: '[x](javascript:alert(1))' }])),
      /script URL/,
    ],
    ['a bad colour', withItem((i) => (i['fa:color'] = 'octarine')), /fa:color/],
    ['a bad date', withItem((i) => (i.modified = 'yesterday')), /modified must be an xsd:dateTime/],
    [
      'a relative source',
      withItem((i) => ((i.target as { source: string }).source = '/page')),
      /url must be an absolute URL/,
    ],
    [
      'too many tags',
      withItem(
        (i) =>
          (i.body = Array.from({ length: 51 }, (_, n) => ({
            type: 'TextualBody',
            value: `t${n}`,
            purpose: 'tagging',
          }))),
      ),
      /tags is too long/,
    ],
  ])('%s', async (_name, text, message) => {
    const { annotations } = await freshBackbone();
    const result = await importAnnotations(annotations, text, NOW);
    expect(result.ok).toBe(false);
    if (!result.ok) expect(result.error).toMatch(message);
    expect(await annotations.count()).toBe(0);
  });
});

describe('round trips and idempotence', () => {
  it('export -> wipe -> import gives identical records', async () => {
    const { annotations } = await freshBackbone();
    const records = [
      sample({
        note: 'A note with **Markdown**, "quotes" and ünïcödé',
        tags: ['One', 'two words'],
        pointId: 'digital-soe-3',
        color: 'orange',
      }),
      sample({
        quote: 'line one\nline two',
        prefix: '',
        suffix: '',
        url: 'https://other.example/a?x=1',
        title: '',
      }),
      sample({ note: 'a < b and a > c, <https://autolink.example>', created: '2024-12-31T23:59:59.999Z' }),
    ];
    for (const r of records) await annotations.create(r);
    const before = await annotations.all();
    const text = toJsonLd(before, NOW);
    await annotations.clear();
    expect(await annotations.count()).toBe(0);
    const result = await importAnnotations(annotations, text, NOW);
    expect(result).toEqual({ ok: true, value: { added: 3, updated: 0, unchanged: 0, skipped: [] } });
    expect(await annotations.all()).toEqual(before);
  });

  it('the same file twice changes nothing; a newer copy wins, an older one does not', async () => {
    const { annotations } = await freshBackbone();
    const r = sample({
      note: 'v1',
      modified: '2025-01-01T00:00:00.000Z',
      created: '2025-01-01T00:00:00.000Z',
    });
    const v1 = toJsonLd([r], NOW);
    expect(await importAnnotations(annotations, v1, NOW)).toMatchObject({ ok: true, value: { added: 1 } });
    expect(await importAnnotations(annotations, v1, NOW)).toMatchObject({
      ok: true,
      value: { added: 0, updated: 0, unchanged: 1 },
    });
    const v2 = toJsonLd([{ ...r, note: 'v2', modified: '2025-02-01T00:00:00.000Z' }], NOW);
    expect(await importAnnotations(annotations, v2, NOW)).toMatchObject({ ok: true, value: { updated: 1 } });
    expect(await importAnnotations(annotations, v1, NOW)).toMatchObject({
      ok: true,
      value: { unchanged: 1 },
    });
    expect((await annotations.get(r.id))?.note).toBe('v2');
  });

  it('foreign annotations get a stable id, so a second import adds nothing', async () => {
    const { annotations } = await freshBackbone();
    const text = read('correct', 'anno23.json');
    await importAnnotations(annotations, text, NOW);
    const [first] = await annotations.all();
    expect(first?.id).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-5[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
    expect(await importAnnotations(annotations, text, '2030-01-01T00:00:00.000Z')).toMatchObject({
      ok: true,
      value: { added: 0, unchanged: 1 },
    });
  });

  it('reads notes and tags of foreign annotations, and a bare array of annotations', async () => {
    const { annotations } = await freshBackbone();
    const foreign = {
      '@context': 'http://www.w3.org/ns/anno.jsonld',
      id: 'http://example.org/anno-x',
      type: 'Annotation',
      created: '2015-01-28T12:00:00+01:00',
      body: [
        { type: 'TextualBody', value: 'important', purpose: 'tagging' },
        { type: 'TextualBody', value: 'Worth a second read', purpose: 'commenting' },
      ],
      target: {
        source: 'https://example.org/p?utm_source=x#y',
        selector: { type: 'TextQuoteSelector', exact: 'quoted' },
      },
    };
    const result = await importAnnotations(annotations, JSON.stringify([foreign]), NOW);
    expect(result).toMatchObject({ ok: true, value: { added: 1 } });
    const [stored] = await annotations.all();
    expect(stored).toMatchObject({
      url: 'https://example.org/p',
      note: 'Worth a second read',
      tags: ['important'],
      color: 'yellow',
      created: '2015-01-28T11:00:00.000Z',
      modified: '2015-01-28T11:00:00.000Z',
      target: {
        selector: [
          { exact: 'quoted', prefix: '', suffix: '' },
          { start: 0, end: 0 },
        ],
      },
    });
  });

  it('keeps the newest of duplicate ids within one file', async () => {
    const { annotations } = await freshBackbone();
    const r = sample({ note: 'old' });
    const newer = { ...r, note: 'new', modified: '2030-01-01T00:00:00.000Z' };
    const result = await importAnnotations(annotations, toJsonLd([newer, r], NOW), NOW);
    expect(result).toMatchObject({
      ok: true,
      value: { added: 1, skipped: [{ index: 1, reason: 'same id as item 0, which is as new or newer' }] },
    });
    expect((await annotations.get(r.id))?.note).toBe('new');
  });
});
