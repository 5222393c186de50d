import { alignSeeds, type PageLayout } from './align';
import { CandidateScanner, type Candidate } from './candidates';
import type { IndexedPoint, PackIndex } from './pack-index';
import { nearWords } from './near-words';
import { foldedWord, tokenize, type WordSeq } from './words';

const wordTexts = new WeakMap<IndexedPoint, string[]>();

/** The point's words as letters, made the first time a match needs them (most pages never do). */
function pointWordTexts(ip: IndexedPoint): string[] {
  let texts = wordTexts.get(ip);
  if (!texts) {
    const text = ip.point.text;
    const seq = tokenize(text);
    texts = Array.from({ length: seq.length }, (_, k) => foldedWord(text, seq.starts[k]!, seq.ends[k]!));
    wordTexts.set(ip, texts);
  }
  return texts;
}

/** A point found on the page: where, and how sure. */
export interface PointMatch {
  pointIndex: number;
  point: IndexedPoint;
  /** Inclusive page word index ranges to highlight. */
  segments: Array<[number, number]>;
  /** Share of the point's words found in order, equal or changed in place. */
  recall: number;
  /** Share of the highlighted page words that are the point's words, equal or changed in place. */
  precision: number;
  /** Share of the point's words found in runs of three or more. */
  runs: number;
  /** Share of the point missing before the first and after the last word found. */
  edges: number;
  /** The longest stretch of the point missing inside the match, as a share of the point. */
  gap: number;
  /** The page quotes the point from inside it (see Alignment.quoted). */
  quoted: boolean;
}

/**
 * Acceptance thresholds. A paragraph that only starts like a point, a page that quotes a phrase,
 * or one that shares the vocabulary aligns few words and, above all, few runs of words; a
 * republished copy with typos and light rewording keeps most of both.
 */
export const THRESHOLDS = {
  candidateShare: 0.2,
  recall: 0.6,
  precision: 0.65,
  runs: 0.4,
  /** A page that quotes one sentence of a point covers it well inside but misses the rest. */
  edges: 0.2,
  gap: 0.25,
};

export interface RecognizeOptions {
  /** Whether a page word can be seen by a reader; hidden words never take part in a match. */
  visible?: (wordIndex: number) => boolean;
  /** What the page's structure says about its words (blocks, separate elements). */
  layout?: PageLayout;
  /**
   * The letters of page word j (see `foldedWord`): with it, a word a typo changed inside a match
   * counts as found, not only as changed.
   */
  wordText?: (j: number) => string;
}

/** Aligns each candidate and keeps the confident matches, one point per stretch of page. */
export function confirmCandidates(
  index: PackIndex,
  words: WordSeq,
  scanner: CandidateScanner,
  options: RecognizeOptions = {},
): PointMatch[] {
  const confident: PointMatch[] = [];
  const present: PointMatch[] = [];
  for (const c of scanner.candidates(words, THRESHOLDS.candidateShare, options.visible)) {
    const match = alignCandidate(index, words, c, options);
    if (isConfident(match)) confident.push(match);
    else if (holdsMost(match)) present.push(match);
  }
  return dropOverlaps(confident, present);
}

/** Aligns one candidate, confident or not (callers may slice between candidates). */
export function alignCandidate(
  index: PackIndex,
  words: WordSeq,
  c: Candidate,
  options: RecognizeOptions = {},
): PointMatch {
  const ip = index.points[c.point]!;
  const n = ip.words.length;
  const { wordText } = options;
  const near = wordText
    ? (i: number, j: number) => nearWords(pointWordTexts(ip)[i]!, wordText(j))
    : undefined;
  const a = alignSeeds(n, c.seeds, words.length, options.layout, near);
  return {
    pointIndex: c.point,
    point: ip,
    segments: a.segments,
    recall: (a.matches + a.substituted) / n,
    precision: a.spanWords ? (a.matches + a.substituted) / a.spanWords : 0,
    runs: a.runWords / n,
    edges: a.edgeMissing / n,
    gap: a.longestGap / n,
    quoted: a.quoted,
  };
}

/** Whether an alignment is the point, on every measure. */
export function isConfident(m: PointMatch): boolean {
  return (
    m.recall >= THRESHOLDS.recall &&
    m.precision >= THRESHOLDS.precision &&
    m.runs >= THRESHOLDS.runs &&
    m.edges <= THRESHOLDS.edges &&
    m.gap <= THRESHOLDS.gap &&
    !m.quoted
  );
}

/**
 * Whether an alignment that is not confident still finds most of its point's words, in runs: the
 * point's text is on the page, spread too thin among other words to be shown (see dropOverlaps).
 */
export function holdsMost(m: PointMatch): boolean {
  return m.segments.length > 0 && m.recall >= THRESHOLDS.recall && m.runs >= THRESHOLDS.runs;
}

/**
 * Matches of two points sharing more than this share of the shorter one's stretch run through each
 * other's text.
 */
const DEEP_OVERLAP = 0.3;

/**
 * Two points cannot own the same words. Where matches overlap at their edges (a tail taken a few
 * words too far), the better one wins. Where a match runs through another point's text (sentences
 * of two points taken in turn, each taken for an ad inside the other), the page is a mash-up of the
 * points, not the article, whose points follow one another: neither is kept. `present`: alignments
 * not confident themselves but holding most of their point (see holdsMost), whose text a confident
 * match may run through.
 */
export function dropOverlaps(matches: PointMatch[], present: readonly PointMatch[] = []): PointMatch[] {
  const bounds = (m: PointMatch): [number, number] => [
    m.segments[0]![0],
    m.segments[m.segments.length - 1]![1],
  ];
  const shared = (a: PointMatch, b: PointMatch): number => {
    const [alo, ahi] = bounds(a);
    const [blo, bhi] = bounds(b);
    return Math.min(ahi, bhi) - Math.max(alo, blo) + 1;
  };
  const span = (m: PointMatch): number => bounds(m)[1] - bounds(m)[0] + 1;
  const mashed = new Set<PointMatch>();
  const aligned = [...matches, ...present];
  for (const a of matches) {
    for (const b of aligned) {
      if (
        a !== b &&
        a.pointIndex !== b.pointIndex &&
        shared(a, b) > DEEP_OVERLAP * Math.min(span(a), span(b))
      ) {
        mashed.add(a);
      }
    }
  }
  const byQuality = matches
    .filter((m) => !mashed.has(m))
    .sort((a, b) => b.recall + b.precision - (a.recall + a.precision));
  const kept: PointMatch[] = [];
  for (const m of byQuality) if (!kept.some((k) => shared(m, k) > 0)) kept.push(m);
  return kept.sort((a, b) => a.pointIndex - b.pointIndex);
}

/** One-shot recognition of a whole text, for tests and small inputs. */
export function recognizeWords(
  index: PackIndex,
  words: WordSeq,
  options: RecognizeOptions = {},
): PointMatch[] {
  const scanner = new CandidateScanner(index);
  scanner.scan(words, 0, words.length);
  return confirmCandidates(index, words, scanner, options);
}
