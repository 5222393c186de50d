/** Markdown export: a section per page (title and link), each highlight as quote, note, tags, passage link. */
import type { Annotation } from '../../shared/annotation';
import { passageLink } from '../../shared/text-fragment';
import { piecesWriter, writeAll, type ExportWriter, type Piece } from './writer';

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

/** What a link destination in angle brackets cannot hold as it is. */
const NOT_IN_DESTINATION = /[<>\s]/;
const NOT_IN_DESTINATION_ALL = new RegExp(NOT_IN_DESTINATION.source, 'g');

/** A link destination in angle brackets, so parentheses and spaces in URLs stay inside it. */
const destination = (url: string) =>
  `<${NOT_IN_DESTINATION.test(url) ? url.replace(NOT_IN_DESTINATION_ALL, encodeURIComponent) : url}>`;

function quoteBlock(text: string): string {
  const trimmed = text.trim();
  // Most quotes are one line: an export formats 100,000 of them.
  if (!trimmed.includes('\n')) return `> ${escapeMarkdown(trimmed)}`.trimEnd();
  return trimmed
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

interface MarkdownPiece extends Piece {
  url: string;
  title: string;
  start: number;
}

export const markdownWriter = (): ExportWriter =>
  piecesWriter<MarkdownPiece>(
    (a) => ({
      id: a.id,
      modified: a.modified,
      url: a.url,
      title: a.title,
      start: a.target.selector[1].start,
      text: annotationBlock(a),
    }),
    (pieces, exportedAt) => {
      // Pages in the order of their newest annotation, titled as that one saw the page.
      const pages = new Map<string, MarkdownPiece[]>();
      for (const p of pieces) {
        const list = pages.get(p.url);
        if (list) list.push(p);
        else pages.set(p.url, [p]);
      }
      const out = [
        '# Forum Annotator export',
        '',
        `Exported ${exportedAt}: ${pieces.length} annotation${pieces.length === 1 ? '' : 's'} on ${pages.size} page${pages.size === 1 ? '' : 's'}.`,
        '',
      ];
      for (const [url, list] of pages) {
        out.push(
          `## ${escapeMarkdown(list[0]!.title.trim() || url)}`,
          '',
          `[${escapeMarkdown(url)}](${destination(url)})`,
          '',
        );
        // Within a page, in reading order.
        for (const p of list.sort((a, b) => a.start - b.start)) out.push(p.text);
      }
      return out.join('\n');
    },
  );

/** The Markdown file of `annotations`: pages newest first, each page's highlights in reading order. */
export const toMarkdown = (annotations: readonly Annotation[], exportedAt: string): string =>
  writeAll(markdownWriter(), annotations, exportedAt);
