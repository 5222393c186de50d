import { alignSeeds, type PageLayout } from './align';
import { CandidateScanner, type Candidate } from './candidates';
import type { IndexedPoint, PackIndex } from './pack-index';
import type { WordSeq } from './words';

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
}

/** Aligns each candidate and keeps the confident matches, one point per stretch of page. */
export function confirmCandidates(
  index: PackIndex,
  words: WordSeq,
  scanner: CandidateScanner,
  options: RecognizeOptions = {},
): PointMatch[] {
  const found: PointMatch[] = [];
  for (const c of scanner.candidates(words, THRESHOLDS.candidateShare, options.visible)) {
    const match = confirmCandidate(index, words, c, options);
    if (match) found.push(match);
  }
  return dropOverlaps(found);
}

/** Aligns one candidate: its match if confident, else null (callers may slice between candidates). */
export function confirmCandidate(
  index: PackIndex,
  words: WordSeq,
  c: Candidate,
  options: RecognizeOptions = {},
): PointMatch | null {
  const ip = index.points[c.point]!;
  const n = ip.words.length;
  const a = alignSeeds(n, c.seeds, words.length, options.layout);
  const match: PointMatch = {
    pointIndex: c.point,
    point: ip,
    segments: a.segments,
    recall: (a.matches + a.substituted) / n,
    precision: a.spanWords ? (a.matches + a.substituted) / a.spanWords : 0,
    runs: a.runWords / n,
    edges: a.edgeMissing / n,
    gap: a.longestGap / n,
  };
  const confident =
    match.recall >= THRESHOLDS.recall &&
    match.precision >= THRESHOLDS.precision &&
    match.runs >= THRESHOLDS.runs &&
    match.edges <= THRESHOLDS.edges &&
    match.gap <= THRESHOLDS.gap;
  return confident ? match : null;
}

/** Two points cannot own the same words: where matches overlap, the better one wins. */
export function dropOverlaps(matches: PointMatch[]): PointMatch[] {
  const byQuality = [...matches].sort((a, b) => b.recall + b.precision - (a.recall + a.precision));
  const kept: PointMatch[] = [];
  const bounds = (m: PointMatch): [number, number] => [
    m.segments[0]![0],
    m.segments[m.segments.length - 1]![1],
  ];
  for (const m of byQuality) {
    const [lo, hi] = bounds(m);
    if (
      !kept.some((k) => {
        const [klo, khi] = bounds(k);
        return lo <= khi && klo <= hi;
      })
    ) {
      kept.push(m);
    }
  }
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
