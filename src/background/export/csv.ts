/** CSV export: RFC 4180 (CRLF, quoted cells), one row per annotation, safe against formula injection. */
import type { Annotation } from '../../shared/annotation';

export const CSV_COLUMNS = [
  'id',
  'url',
  'title',
  'quote',
  'prefix',
  'suffix',
  'start',
  'end',
  'note',
  'tags',
  'color',
  'pointId',
  'created',
  'modified',
] as const;

/**
 * Spreadsheets run a cell starting with = + - @ (or tab / CR before them) as a formula: such cells
 * get a leading apostrophe (OWASP's advice), then RFC 4180 quoting when needed.
 */
export function csvCell(value: string | number): string {
  let text = String(value);
  if (typeof value === 'string' && /^[=+\-@\t\r]/.test(text)) text = `'${text}`;
  return /[",\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

export function toCsv(annotations: readonly Annotation[]): string {
  const rows = [CSV_COLUMNS.join(',')];
  for (const a of annotations) {
    const [quote, position] = a.target.selector;
    const cells: (string | number)[] = [
      a.id,
      a.url,
      a.title,
      quote.exact,
      quote.prefix,
      quote.suffix,
      position.start,
      position.end,
      a.note,
      a.tags.join('; '),
      a.color,
      a.pointId ?? '',
      a.created,
      a.modified,
    ];
    rows.push(cells.map(csvCell).join(','));
  }
  return `${rows.join('\r\n')}\r\n`;
}
