import { readFileSync } from 'node:fs';
import { describe, expect, test } from 'vitest';
import forumPack from '../../assets/packs/forum-article.json';
import {
  buildSieve,
  holdsUnsure,
  mayHoldPoints,
  SieveScan,
  UNSURE,
  wordKey,
  type Sieve,
} from '../../src/recognition/sieve';
import { foldChar, isIgnorable } from '../../src/shared/fold';
import type { ArticlePack } from '../../src/shared/pack';
import teaPack from './fixtures/tea-pack.json';
import { prng, reword, sentences, typos } from './text-variants';

const packs: Array<[string, ArticlePack]> = [
  ['the forum article', forumPack as ArticlePack],
  ['a second, unrelated pack', teaPack as ArticlePack],
];
const seed = readFileSync(new URL('../../../shared/seeds/forum-article.txt', import.meta.url), 'utf8');

/** News filler that shares some of the forum article's vocabulary, as the benchmark's does. */
function filler(chars: number, seedValue = 3): string {
  const vocabulary = (
    'the city council met on tuesday to discuss new budget plans for schools roads and parks while ' +
    'residents asked about housing costs transport services digital data industry platforms growth ' +
    'companies markets development technology economy innovation enterprises reported steady exports'
  ).split(' ');
  const rand = prng(seedValue);
  const lines: string[] = [];
  for (let n = 0; n < chars;) {
    const line = Array.from({ length: 40 }, () => vocabulary[Math.floor(rand() * vocabulary.length)]).join(
      ' ',
    );
    lines.push(line);
    n += line.length + 1;
  }
  return lines.join('\n');
}

function sieveOf(pack: ArticlePack): Sieve {
  const s = buildSieve(pack);
  if (!s) throw new Error('no sieve');
  return s;
}

/** The regions of `text`, read in pieces of `step` characters. */
function regions(sieve: Sieve, text: string, step = text.length): Array<[number, number]> {
  const scan = new SieveScan(sieve);
  for (let at = 0; at < text.length; at += step) scan.feed(text, at, Math.min(text.length, at + step));
  return scan.mayHold ? scan.regions(text) : [];
}

const inside = (rs: Array<[number, number]>, from: number, to: number): boolean =>
  rs.some(([a, b]) => a <= from && to <= b);

describe('sieve: every pack gets one, derived from its own words', () => {
  test.each(packs)('%s', (_name, pack) => {
    const s = sieveOf(pack);
    const points = pack.sections.flatMap((x) => x.points);
    expect(s.need.length).toBe(points.length);
    for (const text of points.map((p) => p.text)) expect(mayHoldPoints(s, text)).toBe(true);
  });

  test('a pack whose points have too few distinctive words gets none (everything passes)', () => {
    const tiny: ArticlePack = {
      id: 't',
      title: 't',
      language: 'en',
      sections: [
        { id: 's', title: 's', label: 'x', colour: 0, points: [{ id: 'p', title: 'p', text: 'Be kind.' }] },
      ],
    };
    expect(buildSieve(tiny)).toBeNull();
    expect(mayHoldPoints(null, 'anything at all')).toBe(true);
  });
});

describe('sieve: never turns away a page that holds a point, however damaged', () => {
  const cases = packs.flatMap(([name, pack]) =>
    pack.sections
      .flatMap((x) => x.points)
      .flatMap((p) => [
        [name, p.id, 'verbatim', p.text],
        [name, p.id, '15% typos', typos(p.text, 0.15, 5)],
        [name, p.id, '30% typos', typos(p.text, 0.3, 6)],
        [name, p.id, '20% reworded', reword(p.text, 0.2, 7)],
        [name, p.id, '30% typos and 30% reworded', reword(typos(p.text, 0.3, 8), 0.3, 9)],
        [name, p.id, 'upper case', p.text.toUpperCase()],
        [
          name,
          p.id,
          'alternating case',
          p.text.replace(/[a-z]/gi, (c: string, at: number) => (at % 2 ? c.toUpperCase() : c.toLowerCase())),
        ],
        [name, p.id, 'words glued by underscores', p.text.replace(/ /g, '_')],
        [name, p.id, 'its last 60% only', p.text.slice(Math.floor(p.text.length * 0.4))],
      ]),
  );
  test.each(cases)('%s, %s, %s, alone in 200 KB of filler', (name, _id, _variant, text) => {
    const s = sieveOf(packs.find(([n]) => n === name)![1]);
    const before = filler(100_000);
    const page = `${before}\n${text}\n${filler(100_000, 4)}`;
    expect(inside(regions(s, page, 64 * 1024), before.length + 1, before.length + 1 + text.length)).toBe(
      true,
    );
  });

  test.each([
    ['soft hyphens inside words', seed.replace(/(\w{3})(\w{3})/g, '$1\u00ad$2')],
    ['zero-width spaces inside words', seed.replace(/(\w{3})(\w{3})/g, '$1\u200b$2')],
    ['full-width letters', seed.replace(/[a-z]/g, (c) => String.fromCharCode(c.charCodeAt(0) + 0xfee0))],
    ['ligatures', seed.replace(/fi/g, '\ufb01')],
    ['math bold letters', seed.replace(/e/g, '\u{1d41e}')],
  ])('cannot judge text with %s, so lets all of it through', (_name, text) => {
    const s = sieveOf(forumPack as ArticlePack);
    expect(regions(s, text)).toEqual([[0, text.length]]);
  });
});

describe('sieve: turns away pages that only share vocabulary', () => {
  test.each([
    ['empty', ''],
    ['news filler on the same subjects', filler(20_000)],
    ['3 MB of the same filler', filler(3_000_000)],
    [
      'the other pack’s article',
      (teaPack as ArticlePack).sections.flatMap((x) => x.points.map((p) => p.text)).join('\n'),
    ],
    [
      'a quote of one sentence per point',
      (forumPack as ArticlePack).sections.flatMap((x) => x.points.map((p) => sentences(p.text)[0])).join(' '),
    ],
  ])('%s', (_name, text) => {
    const s = sieveOf(forumPack as ArticlePack);
    expect(mayHoldPoints(s, text)).toBe(false);
  });

  test('tea sieve turns away the forum article', () => {
    expect(mayHoldPoints(sieveOf(teaPack as ArticlePack), seed)).toBe(false);
  });
});

describe('sieve: regions', () => {
  test('keep only the neighbourhood of an article buried in a long page, read in any pieces', () => {
    const s = sieveOf(forumPack as ArticlePack);
    const before = filler(1_000_000);
    const page = `${before}\n${seed}\n${filler(1_000_000, 5)}`;
    for (const step of [page.length, 256 * 1024, 1000, 7]) {
      const rs = regions(s, page, step);
      expect(inside(rs, before.length + 1, before.length + 1 + seed.length)).toBe(true);
      const kept = rs.reduce((n, [a, b]) => n + b - a, 0);
      expect(kept).toBeLessThan(seed.length + 80_000);
      // Cut after line breaks, so no word runs from one region into the next.
      for (const [a, b] of rs) {
        expect(a === 0 || page[a - 1] === '\n').toBe(true);
        expect(b === page.length || page[b - 1] === '\n').toBe(true);
      }
    }
  });
});

/**
 * The blocks the sieve marks when it looks for every distinctive word everywhere (the reference:
 * no word dropped as common): block b where some point has a word in b, and enough in b and b - 1.
 */
function exactlyMarkedBlocks(sieve: Sieve, text: string): number[] {
  const seen = new Map<number, Set<number>>();
  for (const m of text.matchAll(new RegExp(sieve.pattern.source, 'gi'))) {
    const end = m.index + m[0].length;
    const id = sieve.ids.get(wordKey(text, end));
    if (id === undefined) continue;
    const b = (end - 1) >> 13;
    if (!seen.has(b)) seen.set(b, new Set());
    seen.get(b)!.add(id);
  }
  const count = (b: number, p: number) =>
    [...(seen.get(b) ?? [])].filter((id) => sieve.owners[id]!.includes(p)).length;
  return [...seen.keys()].filter((b) =>
    Array.from(sieve.need).some((need, p) => count(b, p) > 0 && count(b, p) + count(b - 1, p) >= need),
  );
}

describe('sieve: words common on a long page are dropped from the pattern, and nothing is lost', () => {
  const forum = sieveOf(forumPack as ArticlePack);
  const points = (forumPack as ArticlePack).sections.flatMap((x) => x.points.map((p) => p.text));
  /** News on other subjects: none of the pack's distinctive words. */
  const offTopic = (chars: number) =>
    Array.from(
      { length: Math.ceil(chars / 60) },
      () => 'the weather was calm and the roads were quiet today',
    ).join('\n');
  const pages: Array<[string, string]> = [
    ['the article in the middle of 2 MB', `${filler(1_000_000)}\n${seed}\n${filler(1_000_000, 6)}`],
    [
      'three points near the end',
      `${filler(1_900_000)}\n${points.slice(0, 3).join('\n')}\n${filler(50_000, 7)}`,
    ],
    [
      'the common words stop before the article',
      `${filler(600_000)}\n${offTopic(600_000)}\n${seed}\n${offTopic(300_000)}`,
    ],
    [
      'points scattered among ads on a page that keeps using their words',
      points.map((p, k) => `${filler(150_000, 10 + k)}\n${typos(p, 0.1, k)}`).join('\n'),
    ],
    // Fragments that the sieve keeps, if at all, only with the page's common words counted.
    ...[0, 1, 2].map((n): [string, string] => [
      `fragments of points, 40% typos, page ${n + 1}`,
      points
        .map((p, k) => {
          const words = typos(p, 0.4, 20 * n + k).split(' ');
          const from = Math.floor(words.length * 0.3 * ((n + k) % 3));
          return `${filler(90_000, 30 + 11 * n + k)}\n${words.slice(from, from + Math.ceil(words.length * 0.4)).join(' ')}`;
        })
        .join('\n'),
    ]),
  ];
  test.each(pages)('%s: every block the exact sieve marks is kept', (_name, page) => {
    const exact = exactlyMarkedBlocks(forum, page);
    expect(exact.length).toBeGreaterThan(0);
    const scan = new SieveScan(forum);
    scan.feed(page);
    expect(scan.commonWords).toEqual(expect.arrayContaining(['services', 'platforms']));
    for (const step of [64 * 1024, 1_000_000]) {
      const rs = regions(forum, page, step);
      for (const b of exact) {
        expect(inside(rs, Math.max(0, (b - 2) * 8192), Math.min(page.length, (b + 2) * 8192))).toBe(true);
      }
    }
  });

  test.each(pages)('%s: and little more', (_name, page) => {
    const exact = new Set(exactlyMarkedBlocks(forum, page).flatMap((b) => [b - 2, b - 1, b, b + 1]));
    const kept = regions(forum, page, 64 * 1024).reduce((n, [a, b]) => n + b - a, 0);
    // Each region is cut out to whole lines (a line of the filler is under 400 characters), and
    // where the common words stop, the blocks after are judged as if they went on: a block more.
    expect(kept).toBeLessThanOrEqual((exact.size + 2) * 8192 + 2 * 400 * exact.size);
  });
});

describe('wordKey: the letters that end where a match stopped, case folded', () => {
  test.each([
    ['upper case', 'SERVICES', 'services'],
    ['after a space', 'digital services', 'services'],
    ['after an underscore', 'digital_services', 'services'],
    ['after a digit', '5services', 'services'],
    ['after a quote', '“services', 'services'],
  ])('%s', (_name, text, word) => {
    expect(wordKey(text, text.length)).toBe(wordKey(word, word.length));
  });

  test('every distinctive word of the forum pack has a key of its own', () => {
    const s = sieveOf(forumPack as ArticlePack);
    expect(s.ids.size).toBe(s.words.length);
    s.words.forEach((w, id) => expect(s.ids.get(wordKey(w, w.length))).toBe(id));
  });
});

test('UNSURE holds exactly the characters that fold into ASCII letters, and the ignorable marks', () => {
  const missing: string[] = [];
  const extra: string[] = [];
  for (let c = 0x80; c <= 0xffff; c++) {
    if (c >= 0xd800 && c <= 0xdfff) continue;
    const ch = String.fromCharCode(c);
    const should = isIgnorable(c) || /[a-z]/.test(foldChar(ch));
    const is = UNSURE.test(ch);
    if (should && !is) missing.push(c.toString(16));
    if (!should && is) extra.push(c.toString(16));
  }
  for (let cp = 0x10000; cp <= 0x10ffff; cp++) {
    const ch = String.fromCodePoint(cp);
    if (/[a-z]/.test(foldChar(ch)) && !UNSURE.test(ch)) missing.push(cp.toString(16));
  }
  expect(missing).toEqual([]);
  expect(extra).toEqual([]);
});

test('holdsUnsure finds what UNSURE finds, inside text and in runs of other characters', () => {
  const differ: string[] = [];
  for (let c = 0x80; c <= 0xffff; c++) {
    const ch = String.fromCharCode(c);
    const text = `plain words ${ch}and “quoted” — ${c % 7 ? 'é' : ''}${ch}${c % 3 ? '中文' : ''} more`;
    if (holdsUnsure(text) !== UNSURE.test(text)) differ.push(c.toString(16));
  }
  expect(differ).toEqual([]);
  expect(holdsUnsure(`${filler(200_000)} caf\u00e9 \ufb01ne ${filler(1000)}`)).toBe(true);
  expect(holdsUnsure(`${filler(200_000)} caf\u00e9 “fine” ${filler(1000)}`)).toBe(false);
  // The pattern's position is reset: a second text is read from its start.
  expect(holdsUnsure('\u00e9\u00e9 \u00ad')).toBe(true);
  expect(holdsUnsure('\u00ad')).toBe(true);
});
