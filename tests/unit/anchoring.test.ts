// @vitest-environment jsdom
/**
 * describe/anchor round trips on the visible-text model, the page edits anchoring must survive,
 * and the cost of anchoring 1,000 annotations on a long page.
 */
import { describe as group, expect, test } from 'vitest';
import { anchor, anchorOffsets, type AnchorMethod } from '../../src/anchoring/anchor';
import { findAroundInsertion, MAX_INSERTION } from '../../src/anchoring/match-quote';
import { describe } from '../../src/anchoring/describe';
import { searchTextOf } from '../../src/anchoring/search-text';
import { buildTextModel, rangeFromOffsets, type TextModel } from '../../src/anchoring/text-model';
import { normalizeText } from '../../src/shared/normalize';

function page(html: string): { root: HTMLElement; model: TextModel } {
  const root = document.createElement('article');
  root.innerHTML = html;
  document.body.replaceChildren(root);
  return { root, model: buildTextModel(root) };
}

/** A range over the first occurrence of `text` in the model's raw text. */
function select(model: TextModel, text: string): Range {
  const at = model.text.indexOf(text);
  if (at < 0) throw new Error(`"${text}" not on the page`);
  return rangeFromOffsets(model, at, at + text.length)!;
}

const ARTICLE = `
  <h1>The digital state</h1>
  <p>Public services are moving online at a steady pace, and the reform programme sets out how
     ministries will share data.</p>
  <p>The programme asks every agency to publish its datasets in open formats by the end of next
     year, with a public register of what is held.</p>
  <p>Critics say the timetable is ambitious. The programme asks every agency to publish, but
     offers no funding for it.</p>
  <p>Citizens will be able to see who looked at their records, a measure modelled on
     the Estonian approach.</p>`;

const SENTENCE =
  'The programme asks every agency to publish its datasets in open formats by the end of next\n     year, with a public register of what is held.';
const PASSAGE = 'publish its datasets in open formats by the end of next\n     year';

group('describe', () => {
  test('stores raw exact text, normalised positions and 32 normalised characters of context', () => {
    const { model } = page(ARTICLE);
    const sel = describe(select(model, PASSAGE), model)!;
    const [quote, position] = sel;
    expect(quote.exact).toBe(PASSAGE);
    const norm = searchTextOf(model).text;
    expect(norm.slice(position.start, position.end)).toBe(normalizeText(PASSAGE));
    expect(normalizeText(quote.prefix)).toBe(norm.slice(position.start - 32, position.start).trim());
    expect(normalizeText(quote.suffix)).toBe(norm.slice(position.end, position.end + 32).trim());
    expect(quote.prefix.endsWith('agency to ')).toBe(true);
    expect(quote.suffix.startsWith(', with')).toBe(true);
  });

  test('trims white space at the ends of the selection', () => {
    const { model } = page(ARTICLE);
    const [quote] = describe(select(model, ' steady pace, '), model)!;
    expect(quote.exact).toBe('steady pace,');
  });

  test('returns null for a selection of white space only, or outside the model', () => {
    const { model, root } = page(ARTICLE);
    expect(describe(select(model, '\n  '), model)).toBeNull();
    const outside = document.createElement('p');
    outside.textContent = 'elsewhere';
    root.after(outside);
    const r = document.createRange();
    r.selectNodeContents(outside.firstChild!);
    expect(describe(r, model)).toBeNull();
  });

  test('describes ranges inside open shadow roots', () => {
    const { root } = page('<p>Light text before.</p><div id="host"></div>');
    const shadow = root.querySelector('#host')!.attachShadow({ mode: 'open' });
    shadow.innerHTML = '<p>Text in a <b>shadow</b> root.</p>';
    const model = buildTextModel(root);
    const r = document.createRange();
    r.setStart(shadow.querySelector('p')!, 1); // element boundary inside the shadow root
    r.setEnd(shadow.querySelector('b')!.firstChild!, 6);
    const [quote] = describe(r, model)!;
    expect(quote.exact).toBe('shadow');
  });
});

interface EditCase {
  name: string;
  /** The passage selected on the original page. */
  selected: string;
  /** The page when the reader comes back. */
  edit: (html: string) => string;
  method: AnchorMethod | 'orphan';
  /** What the restored highlight holds (normalised); defaults to the selection. */
  lands?: string;
}

const insertBefore = (html: string): string =>
  html.replace(
    '<h1>The digital state</h1>',
    `<h1>The digital state</h1><p>Editor's note: this article was updated on Tuesday.</p>
     <p>A second inserted paragraph, about something else entirely.</p>`,
  );

const EDITS: EditCase[] = [
  { name: 'unchanged page', selected: PASSAGE, edit: (h) => h, method: 'position' },
  {
    name: 'markup and white space changed, same words',
    selected: PASSAGE,
    edit: (h) =>
      h.replace('open formats', '<em>open</em>\n\n   <a href="#">formats</a>').replace(/\n {5}/g, ' '),
    method: 'position',
  },
  {
    name: 'typography changed (curly quotes, no-break spaces, soft hyphens)',
    selected: 'modelled on\n     the Estonian approach',
    edit: (h) =>
      h
        .replace('modelled on', 'mod\u00adelled\u00a0on')
        .replace('Estonian approach', 'Estonian\u00a0approach'),
    method: 'position',
  },
  { name: 'paragraphs inserted before', selected: PASSAGE, edit: insertBefore, method: 'quote' },
  {
    name: 'words edited around the passage',
    selected: PASSAGE,
    edit: (h) =>
      h.replace('asks every agency to', 'requires each agency to').replace('with a public', 'plus a public'),
    method: 'quote',
  },
  {
    name: 'a few words edited inside and around, paragraphs inserted before',
    selected: SENTENCE,
    edit: (h) =>
      insertBefore(h)
        .replace('at a steady pace', 'quickly')
        .replace('asks every agency to', 'requires each agency to')
        .replace('in open formats', 'in open, machine-readable formats')
        .replace('Critics say', 'Some critics say'),
    method: 'fuzzy',
    lands:
      'The programme requires each agency to publish its datasets in open, machine-readable formats by the end of next year, with a public register of what is held.',
  },
  {
    name: 'a short passage edited beyond the minimum score (25 edits in 60 characters)',
    selected: PASSAGE,
    edit: (h) =>
      h
        .replace('asks every agency to', 'requires each agency to')
        .replace('in open formats', 'in open, machine-readable formats')
        .replace('next\n     year', 'the coming year'),
    method: 'orphan',
  },
  {
    name: 'the same words elsewhere: context picks the right one',
    selected: 'The programme asks every agency to publish, but',
    edit: insertBefore,
    method: 'quote',
  },
  {
    name: 'duplicate of an exact quote: the stored context decides',
    selected: 'The programme asks every agency to publish',
    // The first occurrence is "…to publish its datasets"; select the second, then move things.
    edit: (h) => insertBefore(h),
    method: 'quote',
  },
  {
    // "agency" twice; the second selected. The note inserted above is as long as the distance
    // between the two, so the first copy now stands at the stored offset: its context is not the
    // stored one.
    name: 'duplicate of a short quote: another copy moved to its old offset by an insertion above',
    selected: 'agency',
    edit: (h) => {
      const text = searchTextOf(page(h).model).text;
      const gap = text.indexOf('agency', text.indexOf('agency') + 1) - text.indexOf('agency');
      // The new paragraph and the line break after it.
      return h.replace(
        '<h1>The digital state</h1>',
        `<h1>The digital state</h1><p>${'x'.repeat(gap - 1)}</p>`,
      );
    },
    method: 'quote',
  },
  {
    // The old wording survives only in a reader's comment, in another context: the edited passage
    // in its own place scores above it.
    name: 'a word edited inside the passage, its old wording quoted in a comment below',
    selected: PASSAGE,
    edit: (h) =>
      h.replace('in open formats by', 'in open formats before') +
      `<aside><p>A reader writes: they promised to "publish its datasets in open formats by the end of next year", and I doubt it.</p></aside>`,
    method: 'fuzzy',
    lands: 'publish its datasets in open formats before the end of next\n     year',
  },
  {
    name: 'passage removed',
    selected: PASSAGE,
    edit: (h) => h.replace(/<p>The programme asks every agency[^]*?<\/p>/, ''),
    method: 'orphan',
  },
];

group('anchor after page edits', () => {
  test.each(EDITS)('$name', (c) => {
    const before = page(ARTICLE);
    // For the duplicate case select the second occurrence.
    let range = select(before.model, c.selected);
    if (c.name.startsWith('duplicate')) {
      const at = before.model.text.indexOf(c.selected, before.model.text.indexOf(c.selected) + 1);
      range = rangeFromOffsets(before.model, at, at + c.selected.length)!;
    }
    const selectors = describe(range, before.model)!;
    const after = page(c.edit(ARTICLE));
    const result = anchor(after.model, selectors);
    if (c.method === 'orphan') {
      expect(result).toMatchObject({ orphan: true });
      return;
    }
    if ('orphan' in result) throw new Error('orphaned');
    expect(result.method).toBe(c.method);
    expect(normalizeText(result.range.toString())).toBe(normalizeText(c.lands ?? c.selected));
    if (c.name.startsWith('duplicate') || c.name.startsWith('the same words')) {
      // The second occurrence: in the "Critics say" paragraph.
      expect(result.range.startContainer.parentElement?.textContent).toContain('Critics');
    }
  });

  test.each([
    [
      'an ad block',
      '<aside class="ad">Sponsored: book your summer crossing today and save twenty per cent</aside>',
    ],
    ['a link to a related story', ' <a href="/related">Read more: the register explained</a> '],
  ])('%s inserted inside a short passage: the whole passage, across it', (_name, insert) => {
    const before = page(ARTICLE);
    const selectors = describe(select(before.model, PASSAGE), before.model)!;
    const after = page(ARTICLE.replace('in open formats by', `in open formats ${insert} by`));
    const result = anchor(after.model, selectors);
    if ('orphan' in result) throw new Error('orphaned');
    expect(result.method).toBe('fuzzy');
    const text = normalizeText(result.range.toString());
    expect(text.startsWith('publish its datasets in open formats')).toBe(true);
    expect(text.endsWith('by the end of next year')).toBe(true);
    // What is painted is the passage alone: its two sides, without what was inserted.
    expect(result.pieces).toHaveLength(2);
    expect(normalizeText(result.pieces!.map((r) => r.toString()).join(' '))).toBe(normalizeText(PASSAGE));
    // Without the spaces on either side of the insertion.
    expect(result.pieces!.map((r) => r.toString().trim())).toEqual(result.pieces!.map((r) => r.toString()));
  });

  test("the whole quote across an insertion: only between its exact context, within an ad block's length", () => {
    const ctx = { prefix: 'the shop owner said ', suffix: ', and fewer empty shelves' };
    const quote = 'a daily ferry would mean fresh bread every morning';
    const ad = '\nSponsored: book your summer crossing today and save twenty per cent\n';
    const page = (middle: string, prefix = ctx.prefix, suffix = ctx.suffix) =>
      `Intro. ${prefix}a daily ferry would mean fresh ${middle}bread every morning${suffix} and more.`;
    const text = page(ad);
    expect(findAroundInsertion(text, quote, ctx)).toEqual({
      start: text.indexOf('a daily'),
      end: text.indexOf(', and fewer'),
      gap: [text.indexOf(ad), text.indexOf('bread')],
    });
    // The insertion may begin with what the quote goes on with ("b…" as "bread").
    const sharing = page('bargain fares this week\n');
    expect(findAroundInsertion(sharing, quote, ctx)).toMatchObject({
      start: sharing.indexOf('a daily'),
      end: sharing.indexOf(', and fewer'),
    });
    expect(findAroundInsertion(page(''), quote, ctx)).toBeNull(); // nothing inserted
    expect(findAroundInsertion(page('x'.repeat(MAX_INSERTION + 1)), quote, ctx)).toBeNull();
    expect(findAroundInsertion(page(ad, 'the baker said '), quote, ctx)).toBeNull();
    expect(findAroundInsertion(page(ad, ctx.prefix, '; fewer empty shelves'), quote, ctx)).toBeNull();
    // A word of the quote gone as well: not the whole quote.
    expect(findAroundInsertion(page(ad).replace('every ', ''), quote, ctx)).toBeNull();
    // Without context to hold both ends, nothing is guessed.
    expect(findAroundInsertion(text, quote, { prefix: 'said ', suffix: ctx.suffix })).toBeNull();
  });

  test('orphans carry a reason; other selector types are ignored', () => {
    const { model } = page(ARTICLE);
    expect(anchor(model, [])).toEqual({ orphan: true, reason: 'no-selector' });
    expect(anchor(model, [{ type: 'CssSelector' }])).toEqual({ orphan: true, reason: 'no-selector' });
    const ok = anchor(model, [
      { type: 'RangeSelector' },
      { type: 'TextQuoteSelector', exact: 'steady pace' },
    ]);
    expect(ok).toMatchObject({ method: 'quote' });
  });

  test('a passage that is merely similar is not taken (minimum score)', () => {
    const { model } = page(ARTICLE);
    const result = anchor(model, [
      {
        type: 'TextQuoteSelector',
        exact: 'Every ministry must archive its paper files in vaults by the end of the decade',
        prefix: 'something else ',
        suffix: ' and more',
      },
    ]);
    expect(result).toMatchObject({ orphan: true });
  });
});

/** Seeded words, so the long page is the same on every run. */
function words(seed: number, n: number): string[] {
  const vocab =
    'state agency data open public service reform digital register record citizen ministry law budget network cloud identity portal access rights audit policy market platform trade energy health school court tax vote'.split(
      ' ',
    );
  // mulberry32: streams of nearby seeds do not overlap (a plain LCG's do, making duplicates).
  let x = seed * 0x9e3779b9;
  const out: string[] = [];
  for (let i = 0; i < n; i++) {
    x = (x + 0x6d2b79f5) | 0;
    let t = Math.imul(x ^ (x >>> 15), 1 | x);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    out.push(vocab[((t ^ (t >>> 14)) >>> 0) % vocab.length]!);
  }
  return out;
}

group('performance', () => {
  test('anchoring 1,000 annotations on a long page', { timeout: 60_000 }, () => {
    const paragraphWords = Array.from({ length: 3000 }, (_, i) => words(i + 1, 60));
    const paragraphs = paragraphWords.map((w) => `<p>${w.join(' ')}.</p>`);
    const original = page(paragraphs.join('\n'));
    const saved = Array.from({ length: 1000 }, (_, k) => {
      const p = original.root.children[k * 3]!;
      const r = document.createRange();
      const t = p.firstChild as Text;
      r.setStart(t, 40);
      r.setEnd(t, 160);
      return describe(r, original.model)!;
    });
    // Return visit: two paragraphs inserted at the top, every tenth passage edited.
    const edited = paragraphWords.map((w, i) =>
      i % 30 === 0
        ? `<p>${[...w.slice(0, 11), 'changed', 'words', ...w.slice(13)].join(' ')}.</p>`
        : paragraphs[i],
    );
    const after = page(`<p>New lead paragraph.</p><p>Another one.</p>\n${edited.join('\n')}`);
    const t0 = performance.now();
    searchTextOf(after.model); // normalised once per model
    const t1 = performance.now();
    const methods: Record<string, number> = {};
    const results = saved.map((s) => anchor(after.model, s));
    const t2 = performance.now();
    const st = searchTextOf(after.model);
    for (const s of saved) anchorOffsets(st, s);
    const t3 = performance.now();
    results.forEach((a, k) => {
      const m = 'orphan' in a ? 'orphan' : a.method;
      methods[m] = (methods[m] ?? 0) + 1;
      // Unedited passages land on exactly their text, edited ones in their own paragraph.
      if ('orphan' in a) return;
      if (k % 10) expect(normalizeText(a.range.toString())).toBe(normalizeText(saved[k]![0].exact));
      else {
        expect(a.range.startContainer.parentElement?.textContent).toBe(
          after.root.children[k * 3 + 2]!.textContent,
        );
        expect(a.range.toString()).toContain('changed words');
      }
    });
    console.log(
      `anchoring 1,000 annotations on ${after.model.text.length.toLocaleString('en')} characters: ` +
        `normalise ${(t1 - t0).toFixed(1)} ms, anchor with DOM ranges ${(t2 - t1).toFixed(1)} ms, ` +
        `matching alone ${(t3 - t2).toFixed(1)} ms (${JSON.stringify(methods)})`,
    );
    expect(methods.orphan ?? 0).toBe(0);
    expect(methods.fuzzy).toBe(100);
    expect(t2 - t1).toBeLessThan(5000);
  });
});
