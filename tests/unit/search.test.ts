import 'fake-indexeddb/auto';
import { beforeAll, describe, expect, it } from 'vitest';
import { parseQuery } from '../../src/background/search/query';
import { search } from '../../src/background/search/search-db';
import type { AnnotationsRepo } from '../../src/background/db/annotations-repo';
import type { Annotation } from '../../src/shared/annotation';
import { markTerms } from '../../src/shared/search-tokens';
import { freshBackbone, sample } from './support/backbone';

describe('parseQuery', () => {
  it.each([
    ['', { prefixes: [], phrases: [] }],
    ['Économie  NUMÉRIQUE', { prefixes: ['economie', 'numerique'] }],
    [
      '"digital public infrastructure" tax',
      { phrases: [['digital', 'public', 'infrastructure']], prefixes: ['tax'] },
    ],
    ['“curly quotes”', { phrases: [['curly', 'quotes']] }],
    ['"unclosed phrase', { phrases: [['unclosed', 'phrase']] }],
    ['tag:policy tag:"two words"', { tags: ['policy', 'two words'] }],
    [
      'site:News.Example.org colour:Blue color:red',
      {
        sites: ['news.example.org'],
        colors: ['blue'],
        warnings: [expect.stringContaining('unknown colour "red"')],
      },
    ],
    ['point:digital-soe-1 url:https://x.org/a', { pointIds: ['digital-soe-1'], urls: ['https://x.org/a'] }],
    ['note: e-mail', { prefixes: ['note', 'e', 'mail'] }],
    ['word word', { prefixes: ['word'] }],
  ])('%j', (query, expected) => {
    expect(parseQuery(query)).toMatchObject(expected);
  });
});

describe('search', () => {
  let repo: AnnotationsRepo;
  const rec: Record<string, Annotation> = {};
  const at = (n: number) => new Date(Date.UTC(2025, 0, 1, 0, n)).toISOString();

  beforeAll(async () => {
    const { annotations } = await freshBackbone();
    repo = annotations;
    const add = (key: string, over: Parameters<typeof sample>[0]) => {
      rec[key] = sample(over);
      return annotations.create(rec[key]);
    };
    await add('eco', {
      quote: 'The digital économie needs public infrastructure',
      url: 'https://news.example.org/a',
      title: 'Digital state',
      modified: at(1),
      created: at(1),
    });
    await add('tax', {
      quote: 'A platform tax on digital services',
      note: 'Compare with the OECD pillar',
      tags: ['Tax', 'policy'],
      url: 'https://news.example.org/a',
      title: 'Digital state',
      modified: at(5),
      created: at(5),
      color: 'blue',
    });
    await add('soe', {
      quote: 'State-owned enterprises go digital',
      pointId: 'digital-soe-1',
      url: 'https://blog.other.net/b',
      title: 'SOE reform',
      modified: at(3),
      created: at(3),
      color: 'green',
    });
    await add('infra', {
      quote: 'infrastructure public digital',
      url: 'https://www.example.org/c',
      title: 'Wordplay',
      modified: at(4),
      created: at(4),
    });
  });

  const ids = async (query: string, filters = {}) => {
    const result = await search(repo, { query, filters });
    return result.groups.flatMap((g) =>
      g.annotations.map((a) => Object.keys(rec).find((k) => rec[k]!.id === a.id)),
    );
  };

  it.each([
    ['everything, grouped by page, newest first', '', ['tax', 'eco', 'infra', 'soe']],
    ['one word', 'platform', ['tax']],
    ['a prefix', 'plat', ['tax']],
    ['all words required', 'digital tax', ['tax']],
    ['accent-insensitive', 'economie', ['eco']],
    ['accents in the query', 'ÉCONOMIE', ['eco']],
    ['case-insensitive', 'DIGITAL', ['tax', 'eco', 'infra', 'soe']],
    ['in notes', 'oecd', ['tax']],
    ['in tags', 'polic', ['tax']],
    ['in titles', 'reform', ['soe']],
    ['in URLs', 'blog', ['soe']],
    ['a phrase in order', '"public infrastructure"', ['eco']],
    ['a phrase is whole words', '"public infra"', []],
    ['phrase and word', '"public digital" infra', ['infra']],
    ['tag filter, any case', 'tag:tax', ['tax']],
    ['site filter with subdomains', 'site:example.org', ['tax', 'eco', 'infra']],
    ['site filter on a subdomain', 'site:news.example.org', ['tax', 'eco']],
    ['colour filter', 'color:green', ['soe']],
    ['point filter', 'point:digital-soe-1', ['soe']],
    ['url filter, normalised', 'url:"https://NEWS.example.org/a?utm_source=x#frag"', ['tax', 'eco']],
    ['no match', 'zebra', []],
    ['a word and a filter', 'digital site:other.net', ['soe']],
  ])('%s: %s', async (_name, query, expected) => {
    expect(await ids(query)).toEqual(expected);
  });

  it('takes structured filters too ("this page")', async () => {
    expect(await ids('digital', { url: 'https://news.example.org/a#x' })).toEqual(['tax', 'eco']);
    expect(await ids('', { tag: 'policy', color: 'blue' })).toEqual(['tax']);
  });

  it("groups by page in order of each page's newest match, with total and terms", async () => {
    const result = await search(repo, { query: 'digital "public infrastructure"' });
    expect(result.total).toBe(1);
    expect(result.terms).toEqual(['digital', 'public', 'infrastructure']);
    const all = await search(repo, { query: '' });
    expect(all.groups.map((g) => [g.url, g.annotations.length])).toEqual([
      ['https://news.example.org/a', 2],
      ['https://www.example.org/c', 1],
      ['https://blog.other.net/b', 1],
    ]);
    const page = await search(repo, { query: 'digital', limit: 2, offset: 1 });
    expect(page.total).toBe(4);
    expect(page.groups.flatMap((g) => g.annotations.map((a) => a.id))).toEqual([rec.infra!.id, rec.soe!.id]);
  });

  it('marks matched words for display', () => {
    expect(markTerms('Économie numérique!', ['econ'])).toEqual([
      { text: 'Économie', match: true },
      { text: ' numérique!', match: false },
    ]);
  });

  it('ranks a large candidate set by the modified index', async () => {
    const { annotations } = await freshBackbone();
    const many = Array.from({ length: 2_500 }, (_, i) =>
      sample({ quote: `common passage ${i}`, modified: at(i), created: at(i) }),
    );
    await annotations.importRecords(many.map((record) => ({ record, timestamped: true })));
    const result = await search(annotations, { query: 'comm', limit: 3 });
    expect(result.total).toBe(2_500);
    expect(result.groups[0]?.annotations.map((a) => a.id)).toEqual([
      many[2_499]!.id,
      many[2_498]!.id,
      many[2_497]!.id,
    ]);
  });
});

describe('phrases on the IndexedDB path', () => {
  const withSpy = (annotations: AnnotationsRepo, asked: Array<[string, number]>): AnnotationsRepo => ({
    ...annotations,
    idsWithWord: (word: string, limit = Infinity) => {
      asked.push([word, limit]);
      return annotations.idsWithWord(word, limit);
    },
  });

  it("narrow by the rarest word's ids, read once, and still check the whole phrase on the records", async () => {
    const { annotations } = await freshBackbone();
    const records = [
      ...Array.from({ length: 20 }, (_, i) => sample({ quote: `state owned enterprise number ${i}` })),
      sample({ quote: 'the zebra state owned' }),
      sample({ quote: 'state zebra owned' }),
    ];
    await annotations.putMany(records);
    const asked: Array<[string, number]> = [];
    const found = await search(
      withSpy(annotations, asked),
      { query: '"zebra state owned"' },
      { rareCap: 10 },
    );
    // Each word up to the cap: "zebra" (2) is rare, and its ids are the candidates; the common
    // words are never read whole.
    expect(asked).toEqual([
      ['zebra', 10],
      ['state', 10],
      ['owned', 10],
    ]);
    expect(found.groups.flatMap((g) => g.annotations).map((a) => a.id)).toEqual([records[20]!.id]);
  });

  it('a phrase of common words only: the rarest is found by counting, and read whole', async () => {
    const { annotations } = await freshBackbone();
    const records = [
      ...Array.from({ length: 12 }, (_, i) => sample({ quote: `state owned enterprise number ${i}` })),
      ...Array.from({ length: 8 }, (_, i) => sample({ quote: `owned by the state ${i}` })),
    ];
    await annotations.putMany(records);
    const asked: Array<[string, number]> = [];
    const found = await search(withSpy(annotations, asked), { query: '"state owned"' }, { rareCap: 5 });
    expect(asked.filter(([, limit]) => limit === Infinity)).toEqual([['state', Infinity]]);
    expect(found.total).toBe(12);
  });
});

describe('a lone common prefix on the IndexedDB path', () => {
  const at = (n: number) => new Date(Date.UTC(2025, 2, 1, 0, n)).toISOString();
  // 12 carry "tango", older ones with "tangerine" among them; 6 carry neither.
  const records = Array.from({ length: 18 }, (_, i) =>
    sample({
      quote: i < 12 ? `entry ${i} ${i % 3 === 0 ? 'tangerine' : 'tango'}` : `entry ${i} uniform`,
      modified: at(i),
      created: at(i),
    }),
  );
  let repo: AnnotationsRepo;
  const asked: Array<[string, number]> = [];
  beforeAll(async () => {
    const { annotations } = await freshBackbone();
    await annotations.putMany(records);
    repo = {
      ...annotations,
      idsWithWordPrefix: (prefix: string, limit = Infinity) => {
        asked.push([prefix, limit]);
        return annotations.idsWithWordPrefix(prefix, limit);
      },
    };
  });
  const ids = (r: Awaited<ReturnType<typeof search>>) =>
    r.groups.flatMap((g) => g.annotations).map((a) => a.id);
  const newest = (filter: (i: number) => boolean) =>
    records
      .map((r, i) => [r, i] as const)
      .filter(([, i]) => filter(i))
      .reverse()
      .map(([r]) => r.id);

  it('gives the newest matches, with "at least" as the total, and never reads every matching id', async () => {
    asked.length = 0;
    const window = await search(repo, { query: 'tan', limit: 3 }, { commonPrefix: 5 });
    expect(ids(window)).toEqual(newest((i) => i < 12).slice(0, 3));
    expect(window).toMatchObject({ total: 5, atLeast: true });
    const next = await search(repo, { query: 'tan', offset: 3, limit: 2 }, { commonPrefix: 5 });
    expect(ids(next)).toEqual(newest((i) => i < 12).slice(3, 5));
    expect(asked.every(([, limit]) => limit === 5)).toBe(true);
  });

  it('an annotation carrying several words with the prefix counts once in "at least"', async () => {
    const { annotations } = await freshBackbone();
    const twice = Array.from({ length: 3 }, (_, i) =>
      sample({ quote: `tango tangerine ${i}`, modified: at(40 + i), created: at(40 + i) }),
    );
    await annotations.putMany(twice);
    // Six index entries for three annotations: past the cap of five entries.
    const found = await search(annotations, { query: 'tan', limit: 2 }, { commonPrefix: 5 });
    expect(ids(found)).toEqual([twice[2]!.id, twice[1]!.id]);
    expect(found).toMatchObject({ total: 3, atLeast: true });
  });

  it('a prefix fewer carry, or a window past the cap, is counted exactly', async () => {
    const rare = await search(repo, { query: 'tangerine', limit: 3 }, { commonPrefix: 5 });
    expect(ids(rare)).toEqual(newest((i) => i < 12 && i % 3 === 0).slice(0, 3));
    expect(rare.total).toBe(4);
    expect(rare.atLeast).toBeUndefined();
    const wide = await search(repo, { query: 'tan', limit: 20 }, { commonPrefix: 5 });
    expect(ids(wide)).toEqual(newest((i) => i < 12));
    expect(wide.total).toBe(12);
    expect(wide.atLeast).toBeUndefined();
  });
});
