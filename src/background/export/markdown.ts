/** Markdown export: a section per page (title and link), each highlight as quote, note, tags, passage link. */
import type { Annotation } from '../../shared/annotation';
import { groupByPage } from '../search/search';
import { passageLink } from '../../shared/text-fragment';

/** Anything escapeMarkdown would change; most quotes and notes have none of it. */
const NEEDS_ESCAPE = /[\\`*_[\]<>#|~]|^[-+=\d]/m;

/** Escapes what would turn page text into Markdown formatting. */
export function escapeMarkdown(text: string): string {
  if (!NEEDS_ESCAPE.test(text)) return text;
  return text
    .replace(/[\\`*_[\]<>#|~]/g, '\\$&')
    .replace(/^([-+=])(?=\s|$)/gm, '\\$1')
    .replace(/^(\d+)([.)])(?=\s|$)/gm, '$1\\$2');
}

/** A link destination in angle brackets, so parentheses and spaces in URLs stay inside it. */
const destination = (url: string) => `<${url.replace(/[<>\s]/g, encodeURIComponent)}>`;

function quoteBlock(text: string): string {
  return text
    .trim()
    .split(/\r?\n/)
    .map((line) => `> ${escapeMarkdown(line)}`.trimEnd())
    .join('\n');
}

function annotationBlock(a: Annotation): string {
  const [quote] = a.target.selector;
  const lines = [quoteBlock(quote.exact), ''];
  if (a.note.trim() !== '') lines.push(a.note.trim(), '');
  if (a.tags.length > 0) lines.push(`Tags: ${a.tags.map(escapeMarkdown).join(', ')}`, '');
  const meta = [`[Open the passage](${destination(passageLink(a.url, quote))})`, a.color];
  if (a.pointId) meta.push(`point ${escapeMarkdown(a.pointId)}`);
  meta.push(a.modified.slice(0, 10));
  lines.push(meta.join(' · '), '');
  return lines.join('\n');
}

export function toMarkdown(annotations: readonly Annotation[], exportedAt: string): string {
  const groups = groupByPage(annotations);
  const out = [
    '# Forum Annotator export',
    '',
    `Exported ${exportedAt}: ${annotations.length} annotation${annotations.length === 1 ? '' : 's'} on ${groups.length} page${groups.length === 1 ? '' : 's'}.`,
    '',
  ];
  for (const group of groups) {
    out.push(
      `## ${escapeMarkdown(group.title.trim() || group.url)}`,
      '',
      `[${escapeMarkdown(group.url)}](${destination(group.url)})`,
      '',
    );
    // Within a page, in reading order.
    const ordered = [...group.annotations].sort(
      (a, b) => a.target.selector[1].start - b.target.selector[1].start,
    );
    for (const a of ordered) out.push(annotationBlock(a));
  }
  return out.join('\n');
}
