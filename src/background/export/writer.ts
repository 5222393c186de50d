/**
 * Export files written one annotation at a time, in any order: an export of everything formats
 * each batch of records while the database reads the next, and keeps only the formatted text.
 * `finish` puts the pieces in the file's order, newest first (as the popup lists them).
 */
import { newestFirst, type Annotation } from '../../shared/annotation';

/** One formatted annotation and what orders it in the file. */
export interface Piece {
  id: string;
  modified: string;
  text: string;
}

export interface ExportWriter {
  add(annotation: Annotation): void;
  /** Annotations added so far. */
  readonly count: number;
  finish(exportedAt: string): string;
}

/** A writer whose file is a head, one piece per annotation newest first, and a tail. */
export function piecesWriter<P extends Piece>(
  format: (annotation: Annotation) => P,
  assemble: (pieces: readonly P[], exportedAt: string) => string,
): ExportWriter {
  const pieces: P[] = [];
  return {
    add: (annotation) => void pieces.push(format(annotation)),
    get count() {
      return pieces.length;
    },
    finish: (exportedAt) => assemble(pieces.sort(newestFirst), exportedAt),
  };
}

/** Runs a writer over annotations already in memory. */
export function writeAll(
  writer: ExportWriter,
  annotations: readonly Annotation[],
  exportedAt: string,
): string {
  for (const a of annotations) writer.add(a);
  return writer.finish(exportedAt);
}
