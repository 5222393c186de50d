// @vitest-environment jsdom
import { test } from 'vitest';
import packJson from '../../assets/packs/forum-article.json';
import { findPoints } from '../../src/content/find-points';
import { indexPack } from '../../src/recognition/pack-index';
import type { ArticlePack } from '../../src/shared/pack';
import { generatePages, type GeneratedPage } from '../e2e/support/generated';
import { highlightPrefix, scoreHighlights } from '../e2e/support/score';
import { table } from './report';

/**
 * Recognition accuracy over many draws of our hard pages (tests/pages/generate.mjs), each scored
 * by the corpus's rule: the e2e sweep (tests/e2e/sweep.test.ts) drives Chromium over a draw in
 * about a minute; this runs the same recognition (`findPoints`) in jsdom, 120 draws in about as
 * long, so that a change to the thresholds is judged on thousands of pages, not on the one draw
 * that is committed. jsdom lays out nothing: pages whose recognition depends on the browser (frames, shadow
 * roots, late or streamed text, text hidden or revealed by style) are left to the e2e tests.
 * `BENCH_DRAWS=1-40` (or `BENCH_DRAWS=7`) sets the draws.
 */

const BROWSER_ONLY = new Set(['frame', 'shadow-dom', 'dynamic', 'late', 'invisible', 'css-only']);

function drawsFromEnv(): string[] {
  const spec = process.env.BENCH_DRAWS ?? '1-120';
  const m = /^(\d+)(?:-(\d+))?$/.exec(spec);
  if (!m) throw new Error(`BENCH_DRAWS must be a draw or a range such as 1-40, not "${spec}"`);
  const from = Number(m[1]);
  const to = Number(m[2] ?? m[1]);
  return Array.from({ length: Math.max(0, to - from + 1) }, (_, k) => String(from + k));
}

/** Whether the page passes as the corpus scores it, and why not. */
async function judge(index: ReturnType<typeof indexPack>, p: GeneratedPage): Promise<string | null> {
  const doc = new DOMParser().parseFromString(p.html, 'text/html');
  const { found } = await findPoints(index, [doc.body], new AbortController().signal);
  const highlights = found.map((f) => ({
    name: `${highlightPrefix}${f.point.point.id}`,
    visible: f.ranges.map((r) => r.toString()),
    hidden: 0,
  }));
  const score = scoreHighlights([{ url: p.file, passes: 1, highlights }], p.expect);
  if (score.pass) return null;
  const missed = score.points.filter((s) => !s.pass).map((s) => s.id);
  return [...missed.map((id) => `missed ${id}`), ...score.unexpected.map((u) => `lit ${u.id}`)].join(', ');
}

test('recognition over many draws of the hard pages, scored as the corpus is', async () => {
  const index = indexPack(packJson as ArticlePack);
  const draws = drawsFromEnv();
  const byFile = new Map<string, { kind: string; pages: number; failed: string[] }>();
  for (const draw of draws) {
    for (const p of generatePages(draw)) {
      if (p.tags.some((t) => BROWSER_ONLY.has(t))) continue;
      const row = byFile.get(p.file) ?? { kind: p.kind, pages: 0, failed: [] };
      byFile.set(p.file, row);
      row.pages++;
      const why = await judge(index, p);
      if (why) row.failed.push(`draw ${draw}: ${why}`);
    }
  }
  const rows = [...byFile.entries()].map(([file, r]) => [
    file,
    r.kind,
    `${r.pages - r.failed.length}/${r.pages}`,
    r.failed.slice(0, 3).join('; ') + (r.failed.length > 3 ? '; …' : ''),
  ]);
  const total = (kind: string) => {
    const rs = [...byFile.values()].filter((r) => r.kind === kind);
    const pages = rs.reduce((n, r) => n + r.pages, 0);
    return `${pages - rs.reduce((n, r) => n + r.failed.length, 0)}/${pages}`;
  };
  rows.push(
    ['all positive pages', 'positive', total('positive'), ''],
    ['all negative pages', 'negative', total('negative'), ''],
  );
  const span = `draws ${draws[0]}-${draws[draws.length - 1]}`;
  const title = `Recognition over ${span} of the hard pages (jsdom; pages that need a browser left out)`;
  console.log(table(title, ['page', 'kind', 'passed', 'failures (first three)'], rows));
}, 600_000);
