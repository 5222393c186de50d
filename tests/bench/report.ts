/** Small helpers to print benchmark figures as aligned tables. */

export function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 ? s[m]! : (s[m - 1]! + s[m]!) / 2;
}

export function percentile(xs: number[], p: number): number {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.max(0, Math.ceil((p / 100) * s.length) - 1))]!;
}

export const ms = (x: number): string => (x < 10 ? x.toFixed(2) : x.toFixed(1));

export function table(title: string, header: string[], rows: string[][]): string {
  const widths = header.map((h, k) => Math.max(h.length, ...rows.map((r) => r[k]!.length)));
  const line = (cells: string[]): string =>
    '| ' + cells.map((c, k) => c.padEnd(widths[k]!)).join(' | ') + ' |';
  return [
    '',
    `## ${title}`,
    line(header),
    '|' + widths.map((w) => '-'.repeat(w + 2)).join('|') + '|',
    ...rows.map(line),
  ].join('\n');
}

export const verdict = (ok: boolean): string => (ok ? 'met' : 'NOT MET');
