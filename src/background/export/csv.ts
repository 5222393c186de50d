/** CSV export: RFC 4180 (CRLF, quoted cells), one row per annotation, safe against formula injection. */
import type { Annotation } from '../../shared/annotation';
import { piecesWriter, writeAll, type ExportWriter } from './writer';

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

function csvRow(a: Annotation): string {
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
  return cells.map(csvCell).join(',');
}

export const csvWriter = (): ExportWriter =>
  piecesWriter(
    (a) => ({ id: a.id, modified: a.modified, text: csvRow(a) }),
    (pieces) => `${[CSV_COLUMNS.join(','), ...pieces.map((p) => p.text)].join('\r\n')}\r\n`,
  );

/** The CSV file of `annotations`, newest first. */
export const toCsv = (annotations: readonly Annotation[]): string => writeAll(csvWriter(), annotations, '');
