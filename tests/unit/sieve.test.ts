import { readFileSync } from 'node:fs';
import { describe, expect, test } from 'vitest';
import forumPack from '../../assets/packs/forum-article.json';
import {
  buildSieve,
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
