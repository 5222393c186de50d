import { describe, expect, it } from 'vitest';
import { csvCell, toCsv } from '../../src/background/export/csv';
import { exportAnnotations, exportEverything } from '../../src/background/export';
import { toJsonLd } from '../../src/background/export/jsonld';
import { escapeMarkdown, toMarkdown } from '../../src/background/export/markdown';
import { encodeFragmentPart, passageLink, textFragment } from '../../src/shared/text-fragment';
import { sample } from './support/backbone';

const quote = (exact: string, prefix = '', suffix = '') => ({
  type: 'TextQuoteSelector' as const,
  exact,
  prefix,
  suffix,
});

describe('text fragment links', () => {
  it.each([
    ['plain words', quote('digital economy'), ':~:text=digital%20economy'],
    [
      'dash, comma and ampersand are encoded',
      quote('state-owned, cost & benefit'),
      ':~:text=state%2Downed%2C%20cost%20%26%20benefit',
    ],
    ['non-ASCII is UTF-8 percent-encoded', quote('économie'), ':~:text=%C3%A9conomie'],
    ['whitespace is collapsed', quote('two\n  lines'), ':~:text=two%20lines'],
    [
      'context words become prefix- and -suffix',
      quote('tax', 'a platform ', ' on services'),
      ':~:text=a%20platform-,tax,-on%20services',
    ],
    [
      'only the last words of a long prefix, the cut first word dropped',
      quote('tax', 'rtial words then a digital platform ', ''),
      ':~:text=a%20digital%20platform-,tax',
    ],
    [
      'a long quote becomes start,end',
      quote(
        'one two three four five six seven eight nine ten eleven twelve thirteen fourteen fifteen sixteen seventeen',
      ),
      ':~:text=one%20two%20three%20four,fourteen%20fifteen%20sixteen%20seventeen',
    ],
    ['an empty quote gives no fragment', quote('   '), ''],
  ])('%s', (_name, selector, expected) => {
    expect(textFragment(selector)).toBe(expected);
  });

  it('replaces a fragment of the page URL', () => {
    expect(passageLink('https://x.org/a?b=1#old', quote('hi'))).toBe('https://x.org/a?b=1#:~:text=hi');
  });

  it('links as the plain word-array way of building them does, on 20,000 random quotes', () => {
    // The reference: split into words, take the words at each end, join (what textFragment did
    // before it cut the squashed strings at their spaces instead).
    const words = (s: string) => s.replace(/\s+/g, ' ').trim().split(' ').filter(Boolean);
    const context = (text: string, before: boolean) => {
      let ws = words(text);
      if (text.length >= 32) ws = before ? ws.slice(1) : ws.slice(0, -1);
      return (before ? ws.slice(-3) : ws.slice(0, 3)).join(' ');
    };
    const reference = (q: ReturnType<typeof quote>) => {
      const exact = words(q.exact);
      if (exact.length === 0) return '';
      const whole = exact.join(' ');
      const parts: string[] = [];
      const b = context(q.prefix, true);
      if (b) parts.push(`${encodeFragmentPart(b)}-`);
      if (whole.length <= 80 || exact.length <= 8) parts.push(encodeFragmentPart(whole));
      else
        parts.push(
          encodeFragmentPart(exact.slice(0, 4).join(' ')),
          encodeFragmentPart(exact.slice(-4).join(' ')),
        );
      const a = context(q.suffix, false);
      if (a) parts.push(`-${encodeFragmentPart(a)}`);
      return `:~:text=${parts.join(',')}`;
    };
    let seed = 7;
    const rand = () => (seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31;
    const pieces = ['a', 'bc', 'déf', 'state-owned', ' ', ' ', '  ', '\n', '\t', ',', '.', 'x'];
    const text = (max: number) =>
      Array.from({ length: Math.floor(rand() * max) }, () => pieces[Math.floor(rand() * pieces.length)]).join(
        '',
      );
    for (let i = 0; i < 20_000; i++) {
      const q = quote(text(60), text(40), text(40));
      expect(textFragment(q), JSON.stringify(q)).toBe(reference(q));
    }
  });

  it('round-trips through decodeURIComponent', () => {
    const text = "it's (really) 100% -ish, ok? *yes* ~maybe~";
    expect(decodeURIComponent(encodeFragmentPart(text))).toBe(text);
    expect(encodeFragmentPart(text)).not.toMatch(/[-,&'()*~!]/);
  });
});

describe('Markdown', () => {
  const a = sample({
    url: 'https://news.example.org/story_(1)',
    title: 'A *bold* [title]',
    quote: 'First line\n# not a heading',
    prefix: 'a ',
    suffix: ' b',
    note: 'My **note**',
    tags: ['policy', 'tax_reform'],
    pointId: 'digital-soe-1',
    start: 50,
  });
  const b = sample({ url: a.url, title: a.title, quote: 'earlier passage', start: 10 });
  const md = toMarkdown([a, b], '2025-03-01T10:00:00.000Z');

  it('has a section per page with its title and link', () => {
    expect(md).toContain('## A \\*bold\\* \\[title\\]');
    expect(md).toContain('[https://news.example.org/story\\_(1)](<https://news.example.org/story_(1)>)');
    expect(md.match(/^## /gm)).toHaveLength(1);
  });

  it('gives each highlight as quote, note, tags, passage link, in reading order', () => {
    const first = md.indexOf('> earlier passage');
    const second = md.indexOf('> First line\n> \\# not a heading');
    expect(first).toBeGreaterThan(0);
    expect(second).toBeGreaterThan(first);
    const block = md.slice(second);
    expect(block.indexOf('My **note**')).toBeLessThan(block.indexOf('Tags: policy, tax\\_reform'));
    expect(block).toContain(
      '[Open the passage](<https://news.example.org/story_(1)#:~:text=a-,First%20line%20%23%20not%20a%20heading,-b>)',
    );
    expect(block).toContain('point digital-soe-1');
  });

  it.each([
    ['*x*', '\\*x\\*'],
    ['<script>', '\\<script\\>'],
    ['- item', '\\- item'],
    ['1. item', '1\\. item'],
    ['2) item', '2\\) item'],
    ['a | b', 'a \\| b'],
  ])('escapes page text %j', (input, expected) => {
    expect(escapeMarkdown(input)).toBe(expected);
  });
});

describe('CSV', () => {
  it.each([
    ['plain', 'plain'],
    ['with, comma', '"with, comma"'],
    ['with "quotes"', '"with ""quotes"""'],
    ['two\nlines', '"two\nlines"'],
    ['=HYPERLINK("http://evil")', `"'=HYPERLINK(""http://evil"")"`],
    ['+1+2', "'+1+2"],
    ['-2+3', "'-2+3"],
    ['@SUM(A1)', "'@SUM(A1)"],
    ['\t=1', "'\t=1"],
    ['\r=1', `"'\r=1"`],
    ['a=1', 'a=1'],
  ])('cell %j', (input, expected) => {
    expect(csvCell(input)).toBe(expected);
  });

  it('numbers are not prefixed', () => expect(csvCell(-0)).toBe('0'));

  it('writes a header and one CRLF row per annotation', () => {
    const a = sample({ note: '=cmd|" /C calc"!A0', tags: ['x', 'y'] });
    const csv = toCsv([a]);
    const lines = csv.split('\r\n');
    expect(lines[0]).toBe(
      'id,url,title,quote,prefix,suffix,start,end,note,tags,color,pointId,created,modified',
    );
    expect(lines[1]).toContain(`"'=cmd|"" /C calc""!A0"`);
    expect(lines[1]).toContain(',x; y,');
    expect(lines).toHaveLength(3);
    expect(lines[2]).toBe('');
  });
});

describe('W3C JSON-LD', () => {
  const a = sample({ note: 'n', tags: ['t1', 't2'], pointId: 'platform-economy-2', color: 'pink' });
  const b = sample();
  const doc = JSON.parse(toJsonLd([a, b], '2025-03-01T10:00:00.000Z'));
  const item = (id: string) => doc.first.items.find((i: { id: string }) => i.id === `urn:uuid:${id}`);

  it('is an AnnotationCollection with the anno.jsonld context', () => {
    expect(doc['@context'][0]).toBe('http://www.w3.org/ns/anno.jsonld');
    expect(doc).toMatchObject({
      type: 'AnnotationCollection',
      total: 2,
      first: { type: 'AnnotationPage', startIndex: 0 },
    });
  });

  it('maps note, tags, target and our properties', () => {
    expect(item(a.id)).toEqual({
      id: `urn:uuid:${a.id}`,
      type: 'Annotation',
      motivation: 'commenting',
      created: a.created,
      modified: a.modified,
      body: [
        { type: 'TextualBody', value: 'n', format: 'text/markdown', purpose: 'commenting' },
        { type: 'TextualBody', value: 't1', purpose: 'tagging' },
        { type: 'TextualBody', value: 't2', purpose: 'tagging' },
      ],
      target: { source: a.url, selector: a.target.selector },
      'fa:color': 'pink',
      'fa:pageTitle': a.title,
      'fa:pointId': 'platform-economy-2',
    });
    expect(item(b.id)).not.toHaveProperty('body');
    expect(item(b.id).motivation).toBe('highlighting');
  });

  it('names files by format', () => {
    expect(exportAnnotations([], 'markdown', '2025-03-01T10:00:00.000Z')).toMatchObject({
      filename: 'forum-annotator-2025-03-01.md',
      count: 0,
    });
    expect(exportAnnotations([], 'csv', '2025-03-01T10:00:00.000Z').mimeType).toMatch(/^text\/csv/);
    expect(exportAnnotations([], 'jsonld', '2025-03-01T10:00:00.000Z').mimeType).toMatch(
      /^application\/ld\+json/,
    );
  });
});

describe('file order and batches', () => {
  const older = sample({ url: 'https://a.example/1', quote: 'older' });
  const newer = sample({ url: 'https://b.example/2', quote: 'newer' });
  const twinLow = sample({
    url: 'https://a.example/1',
    quote: 'twin low',
    id: '11111111-1111-4111-8111-111111111111',
  });
  const twinHigh = { ...twinLow, id: 'eeeeeeee-eeee-4eee-8eee-eeeeeeeeeeee' };
  const records = [older, twinLow, newer, twinHigh];
  const at = '2025-03-01T10:00:00.000Z';

  it.each(['markdown', 'jsonld', 'csv'] as const)(
    '%s: newest first, equal times by id descending, whatever the input order',
    (format) => {
      const ids = (text: string) =>
        [...text.matchAll(/[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[0-9a-f]{4}-[0-9a-f]{12}/g)].map((m) => m[0]);
      const expected = exportAnnotations([twinHigh, twinLow, newer, older], format, at).text;
      expect(exportAnnotations(records, format, at).text).toBe(expected);
      expect(exportAnnotations([...records].reverse(), format, at).text).toBe(expected);
      if (format !== 'markdown') expect(ids(expected)).toEqual([twinHigh.id, twinLow.id, newer.id, older.id]);
    },
  );

  it.each(['markdown', 'jsonld', 'csv'] as const)(
    '%s: everything read in batches, in any order, gives the same file',
    async (format) => {
      const source = {
        async forEachBatch(onBatch: (batch: typeof records) => void) {
          onBatch([newer]);
          onBatch([]);
          onBatch([twinHigh, older]);
          onBatch([twinLow]);
        },
      };
      const file = await exportEverything(source, format, at);
      expect(file).toEqual(exportAnnotations(records, format, at));
      expect(file.count).toBe(4);
    },
  );
});
