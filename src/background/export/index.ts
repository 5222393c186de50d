/** One entry point for the three export formats. */
import type { Annotation } from '../../shared/annotation';
import type { ExportFile, ExportFormat } from '../../shared/messaging/protocol';
import { toCsv } from './csv';
import { toJsonLd } from './jsonld';
import { toMarkdown } from './markdown';

const FORMATS: Record<
  ExportFormat,
  { extension: string; mimeType: string; write: (a: readonly Annotation[], at: string) => string }
> = {
  markdown: { extension: 'md', mimeType: 'text/markdown;charset=utf-8', write: toMarkdown },
  jsonld: { extension: 'jsonld', mimeType: 'application/ld+json;charset=utf-8', write: toJsonLd },
  csv: { extension: 'csv', mimeType: 'text/csv;charset=utf-8', write: (a) => toCsv(a) },
};

export function exportAnnotations(
  annotations: readonly Annotation[],
  format: ExportFormat,
  exportedAt: string,
): ExportFile {
  const { extension, mimeType, write } = FORMATS[format];
  return {
    filename: `forum-annotator-${exportedAt.slice(0, 10)}.${extension}`,
    mimeType,
    text: write(annotations, exportedAt),
    count: annotations.length,
  };
}
