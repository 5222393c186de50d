import type { Frame, Page } from 'playwright-core';

/**
 * The scoring rule of ../shared/corpus/README.md, which the product is judged by:
 * - read every `annotator-point-<pointId>` highlight in `CSS.highlights` of every frame, keeping only the
 *   ranges a reader can see (client rects of non-zero size);
 * - split highlighted and expected text into words (NFKC, soft hyphens and zero-width characters removed,
 *   lower case, split on anything that is not a letter or a digit) and count the shared words as multisets;
 * - a point passes at recall ≥ 0.9 and precision ≥ 0.9; a page passes when every expected point passes and
 *   no other `annotator-point-*` highlight has a visible range.
 */
export const threshold = 0.9;
export const highlightPrefix = 'annotator-point-';

const invisibleChars = /[\u00AD\u180E\u200B-\u200D\u2060\uFEFF]/g;

export function words(text: string): string[] {
  return text
    .normalize('NFKC')
    .replace(invisibleChars, '')
    .toLowerCase()
    .split(/[^\p{L}\p{N}]+/u)
    .filter((w) => w.length > 0);
}

function counts(list: string[]): Map<string, number> {
  const map = new Map<string, number>();
  for (const w of list) map.set(w, (map.get(w) ?? 0) + 1);
  return map;
}

/** Words of `a` left over once the words of `b` are taken out (multiset difference), in `a`'s order. */
function minus(a: string[], b: string[]): string[] {
  const left = counts(b);
  return a.filter((w) => {
    const n = left.get(w) ?? 0;
    if (n > 0) left.set(w, n - 1);
    return n === 0;
  });
}

/** What one frame holds: its point highlights and its recognition passes. */
export interface FrameHighlights {
  url: string;
  /** How many `annotator:pass` marks the content script has made in this frame. */
  passes: number;
  lastPass?: { points: string[]; ms: number };
  highlights: { name: string; visible: string[]; hidden: number }[];
}

export interface PointScore {
  id: string;
  expectedWords: number;
  highlightedWords: number;
  shared: number;
  recall: number;
  precision: number;
  pass: boolean;
  visibleRanges: number;
  hiddenRanges: number;
  /** Expected words that were not highlighted (first few). */
  missing: string[];
  /** Highlighted words that are not in the expected text (first few). */
  extra: string[];
}

export interface UnexpectedHighlight {
  id: string;
  visibleRanges: number;
  words: number;
  sample: string;
}

export interface PageScore {
  pass: boolean;
  points: PointScore[];
  unexpected: UnexpectedHighlight[];
  frames: FrameHighlights[];
  /** Why the page could not be scored fairly (no recognition pass ever ran, …). */
  problems: string[];
}

const ratio = (shared: number, total: number): number => (total === 0 ? 0 : shared / total);

/** Pure scoring of collected highlights against the expected texts of one page. */
export function scoreHighlights(frames: FrameHighlights[], expect: Record<string, string>): PageScore {
  const visible = new Map<string, string[]>();
  const rangeCounts = new Map<string, { visible: number; hidden: number }>();
  for (const frame of frames) {
    for (const h of frame.highlights) {
      if (!h.name.startsWith(highlightPrefix)) continue;
      const id = h.name.slice(highlightPrefix.length);
      visible.set(id, [...(visible.get(id) ?? []), ...h.visible]);
      const c = rangeCounts.get(id) ?? { visible: 0, hidden: 0 };
      rangeCounts.set(id, { visible: c.visible + h.visible.length, hidden: c.hidden + h.hidden });
    }
  }
  const points = Object.entries(expect).map(([id, text]): PointScore => {
    const expected = words(text);
    const highlighted = (visible.get(id) ?? []).flatMap(words);
    const missing = minus(expected, highlighted);
    const shared = expected.length - missing.length;
    const recall = ratio(shared, expected.length);
    const precision = ratio(shared, highlighted.length);
    return {
      id,
      expectedWords: expected.length,
      highlightedWords: highlighted.length,
      shared,
      recall,
      precision,
      pass: recall >= threshold && precision >= threshold,
      visibleRanges: rangeCounts.get(id)?.visible ?? 0,
      hiddenRanges: rangeCounts.get(id)?.hidden ?? 0,
      missing: missing.slice(0, 12),
      extra: minus(highlighted, expected).slice(0, 12),
    };
  });
  const unexpected = [...visible.entries()]
    .filter(([id, texts]) => !(id in expect) && texts.length > 0)
    .map(([id, texts]) => ({
      id,
      visibleRanges: texts.length,
      words: texts.flatMap(words).length,
      sample: texts.join(' … ').replace(/\s+/g, ' ').slice(0, 160),
    }));
  const problems = frames[0] && frames[0].passes > 0 ? [] : ['no annotator:pass mark in the top frame'];
  return {
    pass: problems.length === 0 && unexpected.length === 0 && points.every((p) => p.pass),
    points,
    unexpected,
    frames,
    problems,
  };
}

/**
 * Runs in the page: the frame's point highlights, split into visible range texts and a hidden count.
 * Self-contained (it is serialised into each frame), so any driver can evaluate it with `highlightPrefix`.
 */
export function readFrame(prefix: string): FrameHighlights {
  const toRange = (r: AbstractRange): Range | undefined => {
    if (r instanceof Range) return r;
    try {
      const live = document.createRange();
      live.setStart(r.startContainer, r.startOffset);
      live.setEnd(r.endContainer, r.endOffset);
      return live;
    } catch {
      return undefined;
    }
  };
  const highlights: FrameHighlights['highlights'] = [];
  if (typeof CSS !== 'undefined' && 'highlights' in CSS) {
    CSS.highlights.forEach((highlight, name) => {
      if (!name.startsWith(prefix)) return;
      const entry = { name, visible: [] as string[], hidden: 0 };
      highlight.forEach((abstract) => {
        const range = toRange(abstract);
        const seen = range && [...range.getClientRects()].some((r) => r.width > 0 && r.height > 0);
        if (range && seen) entry.visible.push(range.toString());
        else entry.hidden += 1;
      });
      highlights.push(entry);
    });
  }
  const marks = performance.getEntriesByName('annotator:pass') as PerformanceMark[];
  const detail = marks.at(-1)?.detail as { points: string[]; ms: number } | undefined;
  return { url: location.href, passes: marks.length, highlights, ...(detail ? { lastPass: detail } : {}) };
}

async function readAllFrames(page: Page): Promise<FrameHighlights[]> {
  const frames: Frame[] = [page.mainFrame(), ...page.frames().filter((f) => f !== page.mainFrame())];
  const read = await Promise.all(
    frames.map((f) => f.evaluate(readFrame, highlightPrefix).catch(() => undefined)),
  );
  return read.filter((f): f is FrameHighlights => f !== undefined);
}

/** Frames a content script is expected to run in (all_frames, match_about_blank). */
const scripted = (f: FrameHighlights): boolean => /^(https?:|about:srcdoc)/.test(f.url);

const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

export interface ScoreOptions {
  /** How long to wait for the expected highlights (dynamic pages get their article seconds after load). */
  timeoutMs?: number;
  /** How long the recognition passes must stay unchanged before the final reading. */
  settleMs?: number;
}

/** Reads every frame of a page; the top frame first. */
export type FrameReader = () => Promise<FrameHighlights[]>;

/** Waits for the content script, then scores the page (see `scoreFrames`). */
export function scorePage(
  page: Page,
  expect: Record<string, string>,
  options: ScoreOptions = {},
): Promise<PageScore> {
  return scoreFrames(() => readAllFrames(page), expect, options);
}

/**
 * Waits for the content script, then scores what `read` returns. Positive pages: until every expected
 * point passes (or the timeout). Negative pages: until a recognition pass has run in every frame. Either
 * way the final reading is taken once no new recognition pass has happened for `settleMs`, so late extra
 * highlights count.
 */
export async function scoreFrames(
  read: FrameReader,
  expect: Record<string, string>,
  options: ScoreOptions = {},
): Promise<PageScore> {
  const { timeoutMs = 15_000, settleMs = 750 } = options;
  const deadline = Date.now() + timeoutMs;
  let frames = await read();
  for (;;) {
    const everyFrameRan = frames.filter(scripted).every((f) => f.passes > 0) && (frames[0]?.passes ?? 0) > 0;
    if (everyFrameRan && scoreHighlights(frames, expect).pass) break;
    if (everyFrameRan && Object.keys(expect).length === 0) break;
    if (Date.now() > deadline) break;
    await sleep(100);
    frames = await read();
  }
  const settleDeadline = Date.now() + Math.max(settleMs * 4, 3000);
  let passes = frames.reduce((n, f) => n + f.passes, 0);
  let quietSince = Date.now();
  while (Date.now() - quietSince < settleMs && Date.now() < settleDeadline) {
    await sleep(100);
    frames = await read();
    const now = frames.reduce((n, f) => n + f.passes, 0);
    if (now !== passes) [passes, quietSince] = [now, Date.now()];
  }
  return scoreHighlights(frames, expect);
}

/** One line per page for the summary printed after a run. */
export function summaryLine(label: string, score: PageScore): string {
  const failed = score.points.filter((p) => !p.pass).map((p) => p.id);
  const least = (key: 'recall' | 'precision'): string =>
    score.points.length ? Math.min(...score.points.map((p) => p[key])).toFixed(2) : '-';
  return (
    `${score.pass ? 'PASS' : 'FAIL'} ${label}: ${score.points.length} point(s), min recall ${least('recall')}` +
    `, min precision ${least('precision')}` +
    (failed.length ? ` (failing: ${failed.join(', ')})` : '') +
    (score.unexpected.length ? ` (unexpected: ${score.unexpected.map((u) => u.id).join(', ')})` : '')
  );
}

const pct = (x: number): string => `${(x * 100).toFixed(1)}%`;

/** A readable table of the per-point figures, for test failures and reports. */
export function formatScore(score: PageScore): string {
  const lines = [`page ${score.pass ? 'PASS' : 'FAIL'}`];
  for (const p of score.problems) lines.push(`  problem: ${p}`);
  for (const p of score.points) {
    lines.push(
      `  ${p.pass ? 'ok  ' : 'FAIL'} ${p.id.padEnd(20)} recall ${pct(p.recall).padStart(6)} precision ${pct(p.precision).padStart(6)}` +
        ` (${p.shared}/${p.expectedWords} expected, ${p.highlightedWords} highlighted, ranges ${p.visibleRanges}+${p.hiddenRanges} hidden)`,
    );
    if (!p.pass && p.missing.length) lines.push(`       missing: ${p.missing.join(' ')}`);
    if (!p.pass && p.extra.length) lines.push(`       extra:   ${p.extra.join(' ')}`);
  }
  for (const u of score.unexpected) {
    lines.push(`  UNEXPECTED ${u.id}: ${u.visibleRanges} visible range(s), ${u.words} words: "${u.sample}"`);
  }
  const shown = new Set([...score.points.map((p) => p.id), ...score.unexpected.map((u) => u.id)]);
  for (const f of score.frames) {
    for (const h of f.highlights.filter(
      (h) => h.hidden > 0 && !shown.has(h.name.slice(highlightPrefix.length)),
    )) {
      lines.push(`  note: ${h.name} has ${h.hidden} range(s) a reader cannot see (not scored)`);
    }
  }
  for (const f of score.frames) {
    const last = f.lastPass
      ? ` last pass: [${f.lastPass.points.join(', ')}] in ${f.lastPass.ms.toFixed(1)} ms`
      : '';
    lines.push(`  frame ${f.url.slice(0, 80)}: ${f.passes} pass mark(s)${last}`);
  }
  return lines.join('\n');
}
