/** One entry point for the three export formats. */
import type { Annotation } from '../../shared/annotation';
import type { ExportFile, ExportFormat } from '../../shared/messaging/protocol';
import { csvWriter } from './csv';
import { jsonLdWriter } from './jsonld';
import { markdownWriter } from './markdown';
import { writeAll, type ExportWriter } from './writer';

const FORMATS: Record<ExportFormat, { extension: string; mimeType: string; writer: () => ExportWriter }> = {
  markdown: { extension: 'md', mimeType: 'text/markdown;charset=utf-8', writer: markdownWriter },
  jsonld: { extension: 'jsonld', mimeType: 'application/ld+json;charset=utf-8', writer: jsonLdWriter },
  csv: { extension: 'csv', mimeType: 'text/csv;charset=utf-8', writer: csvWriter },
};

const file = (format: ExportFormat, exportedAt: string, text: string, count: number): ExportFile => ({
  filename: `forum-annotator-${exportedAt.slice(0, 10)}.${FORMATS[format].extension}`,
  mimeType: FORMATS[format].mimeType,
  text,
  count,
});

export function exportAnnotations(
  annotations: readonly Annotation[],
  format: ExportFormat,
  exportedAt: string,
): ExportFile {
  return file(
    format,
    exportedAt,
    writeAll(FORMATS[format].writer(), annotations, exportedAt),
    annotations.length,
  );
}

/** Reads every record in batches, each handed over as soon as it is read. */
export interface BatchSource {
  forEachBatch(
    onBatch: (records: Annotation[]) => void,
    options?: { splits?: readonly string[] },
  ): Promise<void>;
}

/**
 * Everything stored: each batch is formatted while the next are being read (`splits`: the id key
 * ranges to read them in, see key-ranges.ts).
 */
export async function exportEverything(
  source: BatchSource,
  format: ExportFormat,
  exportedAt: string,
  splits: readonly string[] = [],
): Promise<ExportFile> {
  const writer = FORMATS[format].writer();
  await source.forEachBatch(
    (records) => {
      for (const a of records) writer.add(a);
    },
    { splits },
  );
  return file(format, exportedAt, writer.finish(exportedAt), writer.count);
}
