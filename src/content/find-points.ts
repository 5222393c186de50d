import { nodeIndexAt, rangeFromOffsets, TextModelBuilder, type TextModel } from '../anchoring/text-model';
import { CandidateScanner } from '../recognition/candidates';
import type { IndexedPoint, PackIndex } from '../recognition/pack-index';
import {
  alignCandidate,
  dropOverlaps,
  holdsMost,
  isConfident,
  THRESHOLDS,
  type PointMatch,
  type RecognizeOptions,
} from '../recognition/recognize';
import { quoteMarks } from '../recognition/quote-marks';
import { SieveScan } from '../recognition/sieve';
import { foldedWord, Tokenizer, type WordSeq } from '../recognition/words';
import { SliceClock } from './slices';
import { isOwnUi } from './ui-host';

export interface FoundPoint {
  point: IndexedPoint;
  ranges: Range[];
  recall: number;
}

export interface FindResult {
  found: FoundPoint[];
  longestSlice: number;
  /** The last slice, which the caller's rendering continues in the same task. */
  lastSlice: number;
  /**
   * Text that may hold a point (where the sieve let it through) was hidden: shown later by the
   * page's style alone (a fade-in, a checkbox or `:target` reveal), it changes nothing a mutation
   * observer sees.
   */
  sawHidden: boolean;
  /** Time spent working and in how many slices, with phase ends for the benchmark. */
  busy: number;
  slices: number;
  phases: Record<string, number>;
}

/** How many characters or words one slice handles before it checks the clock. */
const CHARS_PER_CHECK = 64 * 1024;
const WORDS_PER_CHECK = 16 * 1024;
const SIEVE_CHARS_PER_CHECK = 64 * 1024;
/**
 * Characters joined into the page's text per millisecond, counted low: the join of a 3 MB page
 * is one step of 7-20 ms that no check can cut, so it starts only with that much of its slice left.
 */
const JOIN_CHARS_PER_MS = 150_000;

export interface FindOptions {
  /** Shortens the first slice, when it runs inside a task of the page's. */
  firstSlice?: number;
  /** Told of each open shadow root read (see TextModelOptions). */
  onShadowRoot?: (root: ShadowRoot) => void;
}

/**
 * Finds the pack's points in the text under `roots`, in slices: read the visible text, cut it into
 * words, look up word pairs, then align the few candidates. Throws the signal's reason if aborted.
 */
export async function findPoints(
  index: PackIndex,
  roots: Node[],
  signal: AbortSignal,
  { firstSlice, onShadowRoot }: FindOptions = {},
): Promise<FindResult> {
  const clock = new SliceClock();
  let deadline = clock.deadline(firstSlice);
  const builder = new TextModelBuilder(roots, { exclude: isOwnUi, onShadowRoot });
  const phases: Record<string, number> = {};
  const t0 = performance.now();
  while (!builder.step(deadline)) deadline = await clock.pause(signal);
  // Joining the text of a long page, and each piece of the sieve below, start only within the
  // slice's time: after them there is no check until the next piece is done.
  if (performance.now() > deadline - builder.textLength / JOIN_CHARS_PER_MS) {
    deadline = await clock.pause(signal);
  }
  const model = builder.result();
  phases.read = performance.now() - t0;

  // Most pages hold no point, and most of a long page holding one is not the article: a native
  // pass over the text tells where points may be, before any word is cut.
  const sieve = new SieveScan(index.sieve);
  for (let at = 0; at < model.text.length && !sieve.whole;) {
    if (performance.now() > deadline) deadline = await clock.pause(signal);
    const to = Math.min(model.text.length, at + SIEVE_CHARS_PER_CHECK);
    sieve.feed(model.text, at, to);
    at = to;
  }
  phases.sieve = performance.now() - t0;
  if (!sieve.mayHold) return finished(clock, [], phases, false);

  // Only the stretches the sieve kept are cut into words (each ends after a line break, so no
  // word runs from one into the next); on a typical page with the article that is all of it.
  const regions = sieve.regions(model.text);
  const kept = regions.reduce((n, [from, until]) => n + until - from, 0);
  // Room for a word every four characters (prose has one every five or six): the buffers never
  // grow on a typical page. Growing mid-feed, in the first page that shows an article, cost a
  // deoptimization of the tokenizer's freshly optimized loop (V8: "dependent field type constness
  // changed" as the grown arrays replace the old) and its optimization again.
  const tokenizer = new Tokenizer(Math.max(64, kept >> 2));
  for (const [from, until] of regions) {
    for (let at = from; at < until;) {
      const to = Math.min(until, at + CHARS_PER_CHECK);
      tokenizer.feed(model.text, at, to);
      at = to;
      if (at < model.text.length && performance.now() > deadline) deadline = await clock.pause(signal);
    }
  }
  const words = tokenizer.finish();
  phases.words = performance.now() - t0;

  const scanner = new CandidateScanner(index);
  for (let at = 0; at < words.length;) {
    const to = Math.min(words.length, at + WORDS_PER_CHECK);
    scanner.scan(words, at, to);
    at = to;
    if (at < words.length && performance.now() > deadline) deadline = await clock.pause(signal);
  }
  phases.scan = performance.now() - t0;
  const seen = { hidden: false };
  const nodeVisible = nodeVisibility(model, seen);
  const options: RecognizeOptions = {
    wordText: (j) => foldedWord(model.text, words.starts[j]!, words.ends[j]!),
    visible: everyNodeVisible(model, regions, nodeVisible)
      ? undefined
      : wordVisibility(model, words, nodeVisible),
    layout: {
      ...quoteMarks(model.text, words),
      sameLine: (a, b) => !model.text.slice(words.starts[a]!, words.ends[b]!).includes('\n'),
      // Inserted words in text nodes of their own (an inline ad, a link) are not the point's text;
      // inserted words inside the point's own text nodes are rewording, and stay in.
      separable: (a, b) => {
        const before = a > 0 ? nodeIndexAt(model, words.ends[a - 1]! - 1) : -1;
        const after = b + 1 < words.length ? nodeIndexAt(model, words.starts[b + 1]!) : -1;
        return (
          nodeIndexAt(model, words.starts[a]!) !== before && nodeIndexAt(model, words.ends[b]! - 1) !== after
        );
      },
    },
  };
  // One candidate at a time, with the clock checked between them: in code the page has not run
  // yet (the first article a renderer sees) an alignment is slow, and eleven of them in one go
  // could make a long task.
  const confident: PointMatch[] = [];
  // Points whose text is here but spread too thin to be shown: a confident match may run through it.
  const present: PointMatch[] = [];
  const candidates = scanner.candidates(words, THRESHOLDS.candidateShare, options.visible);
  phases.candidates = performance.now() - t0;
  for (const c of candidates) {
    if (performance.now() > deadline) deadline = await clock.pause(signal);
    const m = alignCandidate(index, words, c, options);
    if (isConfident(m)) confident.push(m);
    else if (holdsMost(m)) present.push(m);
  }
  phases.confirm = performance.now() - t0;
  const found: FoundPoint[] = [];
  for (const m of dropOverlaps(confident, present)) {
    if (performance.now() > deadline) deadline = await clock.pause(signal);
    found.push(toFoundPoint(model, words, m, nodeVisible));
  }
  phases.align = performance.now() - t0;
  return finished(
    clock,
    found.filter((f) => f.ranges.length > 0),
    phases,
    seen.hidden,
  );
}

/** Ends the last slice and reports what was found with the clock's figures. */
function finished(
  clock: SliceClock,
  found: FoundPoint[],
  phases: Record<string, number>,
  sawHidden: boolean,
): FindResult {
  clock.end();
  return {
    found,
    sawHidden,
    longestSlice: clock.longest,
    lastSlice: clock.last,
    busy: clock.busy,
    slices: clock.slices,
    phases,
  };
}

/**
 * Whether each text node can be seen (display:none, visibility:hidden, opacity:0 cannot), asked
 * once per node; `seen.hidden` tells that some node asked about could not.
 */
function nodeVisibility(model: TextModel, seen: { hidden: boolean }): (nodeIndex: number) => boolean {
  const known = new Int8Array(model.nodes.length);
  const byElement = new Map<Element, boolean>();
  return (i) => {
    if (known[i]) return known[i] === 1;
    const el = model.nodes[i]?.parentElement;
    let yes = true;
    if (el && typeof el.checkVisibility === 'function') {
      const cached = byElement.get(el);
      yes = cached ?? el.checkVisibility({ opacityProperty: true, visibilityProperty: true });
      if (cached === undefined) byElement.set(el, yes);
    }
    known[i] = yes ? 1 : 2;
    if (!yes) seen.hidden = true;
    return yes;
  };
}

/** More text nodes than this in the kept stretches are not checked one by one up front. */
const MAX_NODES_CHECKED = 2000;

/**
 * Whether every text node in the stretches the words came from can be seen: on most pages they
 * all can, and seeds then need no check a word at a time (which, in code the page has not run
 * yet, cost 0.8 ms of 7 on a 20 KB page showing the article). A page whose kept stretches hold
 * very many nodes (one the sieve could not judge) is checked at the seeds only.
 */
function everyNodeVisible(
  model: TextModel,
  regions: Array<[number, number]>,
  nodeVisible: (nodeIndex: number) => boolean,
): boolean {
  const spans = regions
    .filter(([from, until]) => until > from)
    .map(([from, until]): [number, number] => [nodeIndexAt(model, from), nodeIndexAt(model, until - 1)]);
  if (spans.reduce((n, [first, last]) => n + last - first + 1, 0) > MAX_NODES_CHECKED) return false;
  for (const [first, last] of spans) for (let i = first; i <= last; i++) if (!nodeVisible(i)) return false;
  return true;
}

/** Whether each page word can be seen, asked once per word: each seed asks for both of its words. */
function wordVisibility(
  model: TextModel,
  words: WordSeq,
  nodeVisible: (nodeIndex: number) => boolean,
): (wordIndex: number) => boolean {
  const known = new Int8Array(words.length);
  return (w) => {
    if (known[w] === 0) known[w] = nodeVisible(nodeIndexAt(model, words.starts[w]!)) ? 1 : 2;
    return known[w] === 1;
  };
}

/**
 * A list number or ordinal before a point ("1.", "(iv)", "Fourth,", "一、") belongs to its highlight.
 * Without the `i` flag: a case-insensitive `\p{L}` costs over a millisecond to compile, on the first
 * page that shows the article.
 */
const LEAD = /^\s*(?:\(?[0-9ivxlcIVXLC]{1,4}[.):、]?|\p{L}{3,8},|[一二三四五六七八九十]{1,3}[、.])\s*$/u;
/** Closing punctuation after a point's last word (or a piece's, before an ad) belongs to it too. */
const TAIL = /^[\s.!?;:。！？"'”’)\]]*$/u;

function toFoundPoint(
  model: TextModel,
  words: WordSeq,
  m: PointMatch,
  nodeVisible: (nodeIndex: number) => boolean,
): FoundPoint {
  const text = model.text;
  const ranges: Range[] = [];
  m.segments.forEach(([a, b], k) => {
    let start = words.starts[a]!;
    let end = words.ends[b]!;
    if (k === 0) {
      const lineStart = text.lastIndexOf('\n', start - 1) + 1;
      if (start > lineStart && start - lineStart <= 16 && LEAD.test(text.slice(lineStart, start))) {
        start = lineStart;
        while (start < end && /\s/.test(text[start]!)) start++;
      }
    }
    // Each piece that ends its line (the point's last, or a sentence before an ad) takes its
    // closing punctuation.
    let lineEnd = text.indexOf('\n', end);
    if (lineEnd < 0) lineEnd = text.length;
    if (lineEnd > end && lineEnd - end <= 24 && TAIL.test(text.slice(end, lineEnd))) {
      end = lineEnd;
      while (end > start && /\s/.test(text[end - 1]!)) end--;
    }
    ranges.push(...visiblePieces(model, start, end, nodeVisible));
  });
  return { point: m.point, ranges, recall: m.recall };
}

/**
 * Cuts the stretch [start, end) into ranges over visible text only, and where the DOM tree changes:
 * a DOM range cannot cross into or out of a shadow root.
 */
function visiblePieces(
  model: TextModel,
  start: number,
  end: number,
  nodeVisible: (nodeIndex: number) => boolean,
): Range[] {
  const first = nodeIndexAt(model, start);
  const last = nodeIndexAt(model, Math.max(start, end - 1));
  const out: Range[] = [];
  let from = -1;
  const close = (upTo: number): void => {
    if (from < 0) return;
    const r = rangeFromOffsets(model, from, upTo);
    if (r) out.push(r);
    from = -1;
  };
  for (let i = first; i <= last; i++) {
    const node = model.nodes[i]!;
    const nodeStart = model.starts[i]!;
    if (!nodeVisible(i)) {
      close(nodeStart);
      continue;
    }
    if (from >= 0 && i > first && node.getRootNode() !== model.nodes[i - 1]!.getRootNode()) close(nodeStart);
    if (from < 0) from = Math.max(start, nodeStart);
    if (i === last) close(Math.min(end, nodeStart + node.length));
  }
  return out;
}
