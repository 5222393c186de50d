// @vitest-environment jsdom
/**
 * The peer suites of ../shared/peer-suites (Hypothesis, Apache Annotator) run against the real
 * anchoring code. The suites use textContent semantics (all text nodes, raw UTF-16 offsets,
 * case-sensitive), which is the `raw` space of src/anchoring; the thin adapters here only build
 * DOM, resolve XPaths and convert offsets. Per-suite counts are printed at the end.
 */
import { readFileSync } from 'node:fs';
import { afterAll, describe as group, expect, test } from 'vitest';
import { anchor, anchorOffsets } from '../../src/anchoring/anchor';
import { describe, describeOffsets } from '../../src/anchoring/describe';
import { findAllExact, matchQuote } from '../../src/anchoring/match-quote';
import { makeSearchText, searchTextOf } from '../../src/anchoring/search-text';
import { buildTextModel, type TextModel } from '../../src/anchoring/text-model';
import { normalizeText } from '../../src/shared/normalize';

const DIR = '/work/shared/peer-suites';
const read = (p: string): string => readFileSync(`${DIR}/${p}`, 'utf8');
const json = <T>(p: string): T => JSON.parse(read(p)) as T;

/** Per-suite tallies, printed after all tests. */
const tally = new Map<string, { pass: number; fail: number; skip: number; failed: string[] }>();
function count(suite: string, name: string, ok: boolean): void {
  const t = tally.get(suite) ?? { pass: 0, fail: 0, skip: 0, failed: [] };
  if (ok) t.pass++;
  else {
    t.fail++;
    t.failed.push(name);
  }
  tally.set(suite, t);
}
function skipped(suite: string): void {
  const t = tally.get(suite) ?? { pass: 0, fail: 0, skip: 0, failed: [] };
  t.skip++;
  tally.set(suite, t);
}
/** Runs a check, counts it, and rethrows so the test fails too. */
function check(suite: string, name: string, fn: () => void): void {
  try {
    fn();
    count(suite, name, true);
  } catch (e) {
    count(suite, name, false);
    throw e;
  }
}
afterAll(() => {
  const lines = [...tally].map(
    ([s, t]) =>
      `  ${s}: ${t.pass}/${t.pass + t.fail} pass${t.skip ? `, ${t.skip} excluded` : ''}` +
      (t.failed.length ? ` (failed: ${t.failed.join('; ')})` : ''),
  );
  console.log(`Peer suites:\n${lines.join('\n')}`);
});

/** textContent semantics: every Text node under `root`, in document order. */
function rawModel(root: Node): TextModel {
  const doc = root.ownerDocument ?? (root as Document);
  const walker = doc.createTreeWalker(root, 4 /* SHOW_TEXT */);
  const nodes: Text[] = [];
  const starts: number[] = [];
  let text = '';
  for (let n = walker.nextNode(); n; n = walker.nextNode()) {
    nodes.push(n as Text);
    starts.push(text.length);
    text += (n as Text).data;
  }
  return { text, nodes, starts };
}

function xpathNode(doc: Document, path: string, context: Node = doc): Node {
  const node = doc.evaluate(path, context, null, 9 /* FIRST_ORDERED_NODE_TYPE */, null).singleNodeValue;
  if (!node) throw new Error(`XPath ${path} selects nothing`);
  return node;
}

/** Model offset of a Text-node boundary, computed independently of the code under test. */
function textOffset(model: TextModel, node: Node, offset: number): number {
  const i = model.nodes.indexOf(node as Text);
  if (i < 0) throw new Error('boundary is not in a text node');
  return model.starts[i]! + offset;
}

function utf16ToCodePoints(s: string, offset: number): number {
  return [...s.slice(0, offset)].length;
}
function codePointsToUtf16(s: string, cp: number): number {
  return [...s].slice(0, cp).join('').length;
}

// ---------------------------------------------------------------- Hypothesis: match-quote cases
interface MqCase {
  name: string;
  kind: 'match' | 'noMatch' | 'scoreOrder';
  text?: string;
  textLiteral?: string;
  quote?: string;
  quoteFromText?: string;
  prefix?: string;
  suffix?: string;
  hint?: number;
  vary?: 'quote' | 'prefix' | 'suffix';
  values?: string[];
  expect?: {
    matchedText?: string;
    score?: number;
    scoreAbove?: number;
    scoreBelow?: number;
    startBelow?: number;
    startAtIndexOf?: string;
    start?: number;
  };
}
group('Hypothesis match-quote-cases.json (matchQuote)', () => {
  const suite = json<{ texts: Record<string, { normalized: string }>; cases: MqCase[] }>(
    'hypothesis-range-specs/match-quote-cases.json',
  );
  const S = 'hypothesis match-quote';
  for (const c of suite.cases) {
    test(c.name, () =>
      check(S, c.name, () => {
        const text = c.textLiteral ?? suite.texts[c.text!]!.normalized;
        const quote = c.quote ?? (c.quoteFromText ? suite.texts[c.quoteFromText]!.normalized : '');
        const ctx = { prefix: c.prefix, suffix: c.suffix, hint: c.hint };
        if (c.kind === 'noMatch') {
          expect(matchQuote(text, quote, ctx)).toBeNull();
          return;
        }
        if (c.kind === 'scoreOrder') {
          const scores = c.values!.map((v) => {
            const m = matchQuote(text, c.vary === 'quote' ? v : quote, { ...ctx, [c.vary!]: v });
            expect(m).not.toBeNull();
            return m!.score;
          });
          for (let i = 1; i < scores.length; i++) expect(scores[i]!).toBeLessThan(scores[i - 1]!);
          return;
        }
        const m = matchQuote(text, quote, ctx);
        expect(m).not.toBeNull();
        const e = c.expect!;
        if (e.matchedText !== undefined) expect(text.slice(m!.start, m!.end)).toBe(e.matchedText);
        if (e.score !== undefined) expect(m!.score).toBeCloseTo(e.score, 9);
        if (e.scoreAbove !== undefined) expect(m!.score).toBeGreaterThan(e.scoreAbove);
        if (e.scoreBelow !== undefined) expect(m!.score).toBeLessThan(e.scoreBelow);
        if (e.startBelow !== undefined) expect(m!.start).toBeLessThan(e.startBelow);
        if (e.startAtIndexOf !== undefined) expect(m!.start).toBe(text.indexOf(e.startAtIndexOf));
        if (e.start !== undefined) expect(m!.start).toBe(e.start);
      }),
    );
  }
});

// ---------------------------------------------------------------- Hypothesis: range specs
interface RangeSpec {
  startContainer: number | string;
  startOffset: number;
  endContainer: number | string;
  endOffset: number;
  quote: string;
  description: string;
}
function fixtureRoot(): HTMLElement {
  const doc = document.implementation.createHTMLDocument('');
  const section = doc.createElement('section');
  section.innerHTML = read('hypothesis-range-specs/html-anchoring-fixture.html');
  doc.body.append(section);
  return section;
}
function specRange(root: HTMLElement, spec: RangeSpec): Range {
  const textNodes = rawModel(root).nodes;
  const container = (c: number | string): Node =>
    typeof c === 'number' ? textNodes[c]! : xpathNode(root.ownerDocument, c.replace(/^\//, ''), root);
  const range = root.ownerDocument.createRange();
  range.setStart(container(spec.startContainer), spec.startOffset);
  range.setEnd(container(spec.endContainer), spec.endOffset);
  return range;
}

group('Hypothesis range-specs.json: describe, then each selector alone anchors back', () => {
  const specs = json<RangeSpec[]>('hypothesis-range-specs/range-specs.json');
  specs.forEach((spec, i) => {
    const name = `#${i} ${spec.description}`;
    test(`raw textContent: ${name}`, () =>
      check('hypothesis range-specs (raw textContent)', name, () => {
        const root = fixtureRoot();
        const range = specRange(root, spec);
        expect(range.toString()).toBe(spec.quote);
        const model = rawModel(root);
        const sel = describe(range, model, { space: 'raw' });
        expect(sel).not.toBeNull();
        const [quote, position] = sel!;
        expect(quote.exact).toBe(spec.quote);
        for (const one of [quote, position]) {
          const a = anchor(model, [one], { space: 'raw' });
          if ('orphan' in a) throw new Error(`${one.type} alone did not anchor`);
          expect(a.range.toString()).toBe(spec.quote);
          expect(a.start).toBe(position.start);
        }
      }));
    test(`visible text model: ${name}`, () =>
      check('hypothesis range-specs (visible text model, normalised)', name, () => {
        const root = fixtureRoot();
        const range = specRange(root, spec);
        const model = buildTextModel(root);
        const sel = describe(range, model);
        expect(sel).not.toBeNull();
        const [quote, position] = sel!;
        expect(normalizeText(quote.exact)).toBe(normalizeText(spec.quote));
        for (const one of [quote, position]) {
          const a = anchor(model, [one]);
          if ('orphan' in a) throw new Error(`${one.type} alone did not anchor`);
          expect(normalizeText(a.range.toString())).toBe(normalizeText(spec.quote));
          expect(a.start).toBe(position.start);
        }
      }));
  });
});

group('Hypothesis anchor-fallback-cases.json', () => {
  const cases = json<
    Array<{ name: string; selectors: Array<{ type: string }>; expect: { rejects: boolean } }>
  >('hypothesis-range-specs/anchor-fallback-cases.json');
  for (const c of cases) {
    test(c.name, () =>
      check('hypothesis anchor-fallback', c.name, () => {
        const model = rawModel(fixtureRoot());
        const a = anchor(model, c.selectors, { space: 'raw' });
        // Hypothesis rejects with "Quote not found"; here that is an orphan.
        expect('orphan' in a).toBe(c.expect.rejects);
      }),
    );
  }
});

// ---------------------------------------------------------------- Hypothesis: html baselines
interface Baseline {
  rows: Array<{ id: string; target: Array<{ selector: Array<Record<string, unknown> & { type: string }> }> }>;
}
group('Hypothesis html-baselines: anchor, describe again, same selectors', () => {
  for (const name of ['minimal', 'wikipedia-regression-testing']) {
    const html = read(`hypothesis-html-baselines/${name}.html`);
    const data = json<Baseline>(`hypothesis-html-baselines/${name}.json`);
    const doc = document.implementation.createHTMLDocument('');
    doc.documentElement.innerHTML = html.replace(/src=/g, 'sr_=').replace(/href=/g, 'hre_=');
    const model = rawModel(doc.body);
    data.rows.forEach((row, i) => {
      const stored = row.target[0]!.selector;
      // RangeSelector (XPath + element-text offsets) is not part of our data model: excluded from
      // the comparison; the other two must deep-equal.
      const want = stored
        .filter((s) => s.type !== 'RangeSelector')
        .sort((a, b) => a.type.localeCompare(b.type));
      test(`${name} row ${i}`, () =>
        check(`hypothesis html-baselines ${name}`, `row ${i}`, () => {
          const a = anchor(model, stored, { space: 'raw' });
          if ('orphan' in a) throw new Error('did not anchor');
          const again = describe(a.range, model, { space: 'raw' });
          expect(again).not.toBeNull();
          const got = [...again!].sort((x, y) => x.type.localeCompare(y.type));
          expect(got.map((s) => ({ ...s }))).toEqual(want.map((s) => ({ ...s })));
        }));
    });
  }
});

// ---------------------------------------------------------------- Apache Annotator
interface XRange {
  startContainerXPath: string;
  startOffset: number;
  endContainerXPath: string;
  endOffset: number;
}
const parse = (html: string): Document => new DOMParser().parseFromString(html, 'text/html');
const offsetsOf = (doc: Document, model: TextModel, r: XRange): [number, number] => [
  textOffset(model, xpathNode(doc, r.startContainerXPath), r.startOffset),
  textOffset(model, xpathNode(doc, r.endContainerXPath), r.endOffset),
];

group('Apache Annotator text-quote match cases (all exact matches with strict context)', () => {
  const cases = json<{
    testCases: Record<
      string,
      { html: string; selector: { exact: string; prefix?: string; suffix?: string }; expected: XRange[] }
    >;
  }>('apache-annotator/text-quote-match-cases.json').testCases;
  for (const [name, c] of Object.entries(cases)) {
    test(name, () =>
      check('apache text-quote match', name, () => {
        const doc = parse(c.html);
        const model = rawModel(doc);
        const st = makeSearchText(model.text, 'raw');
        const starts = findAllExact(
          st.text,
          c.selector.exact,
          c.selector.prefix ?? '',
          c.selector.suffix ?? '',
        );
        const got = starts.map((s) => [s, s + c.selector.exact.length]);
        // Equal text offsets: "end of one node" and "start of the next" are the same place.
        expect(got).toEqual(c.expected.map((r) => offsetsOf(doc, model, r)));
        // The DOM ranges the anchoring code builds for those offsets hold the same text.
        if (c.selector.exact && got.length === 1) {
          const a = anchor(model, [{ type: 'TextQuoteSelector', ...c.selector }], { space: 'raw' });
          if ('orphan' in a) throw new Error('did not anchor');
          expect(a.range.toString()).toBe(c.selector.exact);
        }
      }),
    );
  }
});

group('Apache Annotator text-position match cases (and describe, inverted)', () => {
  const cases = json<{
    testCases: Record<
      string,
      { html: string; selector: { type: string; start: number; end: number }; expected: XRange[] }
    >;
  }>('apache-annotator/text-position-match-cases.json').testCases;
  for (const [name, c] of Object.entries(cases)) {
    test(`match: ${name}`, () =>
      check('apache text-position match', name, () => {
        const doc = parse(c.html);
        const model = rawModel(doc);
        const raw = model.text;
        // Apache counts code points; our raw space counts UTF-16 units: convert at the edge.
        const sel = {
          type: 'TextPositionSelector',
          start: codePointsToUtf16(raw, c.selector.start),
          end: codePointsToUtf16(raw, c.selector.end),
        };
        const a = anchorOffsets(searchTextOf(model, 'raw'), [sel], { space: 'raw' });
        if ('orphan' in a) throw new Error('did not anchor');
        expect([[a.rawStart, a.rawEnd]]).toEqual(c.expected.map((r) => offsetsOf(doc, model, r)));
        const range = anchor(model, [sel], { space: 'raw' });
        if ('orphan' in range) throw new Error('no range');
        expect(range.range.toString()).toBe(raw.slice(a.rawStart, a.rawEnd));
      }));
    test(`describe: ${name}`, () =>
      check('apache text-position describe (inverted match cases)', name, () => {
        const doc = parse(c.html);
        const model = rawModel(doc);
        const [s, e] = offsetsOf(doc, model, c.expected[0]!);
        const sel = describeOffsets(searchTextOf(model, 'raw'), s, e, { space: 'raw' });
        expect(sel).not.toBeNull();
        const pos = sel![1];
        expect({
          type: pos.type,
          start: utf16ToCodePoints(model.text, pos.start),
          end: utf16ToCodePoints(model.text, pos.end),
        }).toEqual(c.selector);
      }));
  }
});

/** Describe cases not followed even in the compatible reading, with the reason. */
const COMPATIBLE_EXCLUDED: Record<string, string> = {
  'testCasesWithMaxWordLength / default should be 50':
    'completes a 50-character word into the suffix; our context stops at 32 characters',
};

group('Apache Annotator text-quote describe cases', () => {
  type DescribeCase = {
    html: string;
    range: XRange;
    options: Record<string, unknown>;
    expected: { exact: string; prefix: string; suffix: string };
  };
  const all = json<Record<string, Record<string, DescribeCase>>>(
    'apache-annotator/text-quote-describe-cases.json',
  );
  for (const [groupName, cases] of Object.entries(all)) {
    for (const [name, c] of Object.entries(cases)) {
      const id = `${groupName} / ${name}`;
      // Apache stores the *minimal* disambiguating context (completed to word boundaries, tuned
      // by options); we store a fixed 32 characters of context, as Hypothesis does. A strict
      // deep-equal is therefore not our contract: excluded, counted as excluded.
      test.skip(`strict deep-equal (excluded: fixed 32-character context by design): ${id}`, () => {});
      skipped('apache text-quote describe (strict deep-equal)');
      const excluded = COMPATIBLE_EXCLUDED[id];
      if (excluded) {
        test.skip(`compatible (excluded: ${excluded}): ${id}`, () => {});
        skipped('apache text-quote describe (compatible: same exact, context ⊇ theirs, anchors back)');
        continue;
      }
      // What we do hold to: the same exact text, our context contains theirs (so it is at least
      // as disambiguating), and our selector anchors back to the same place.
      test(`compatible: ${id}`, () =>
        check(
          'apache text-quote describe (compatible: same exact, context ⊇ theirs, anchors back)',
          id,
          () => {
            const doc = parse(c.html);
            const model = rawModel(doc);
            const [s, e] = offsetsOf(doc, model, c.range);
            const got = describeOffsets(searchTextOf(model, 'raw'), s, e, { space: 'raw' });
            expect(got).not.toBeNull();
            const [quote] = got!;
            expect(quote.exact).toBe(c.expected.exact);
            expect(quote.prefix.endsWith(c.expected.prefix)).toBe(true);
            expect(quote.suffix.startsWith(c.expected.suffix)).toBe(true);
            if (quote.exact) {
              const a = anchorOffsets(searchTextOf(model, 'raw'), [quote], { space: 'raw' });
              if ('orphan' in a) throw new Error('did not anchor');
              expect([a.rawStart, a.rawEnd]).toEqual([s, e]);
            } else {
              const starts = findAllExact(model.text, '', quote.prefix, quote.suffix);
              expect(starts).toEqual([s]);
            }
          },
        ));
    }
  }
});
