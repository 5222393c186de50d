/**
 * Export (Markdown, W3C JSON-LD, CSV; everything or a scope such as the current search results)
 * and import of a JSON file, with progress and a clear report.
 */
import type { JSX } from 'preact';
import { useState } from 'preact/hooks';
import { EXPORT_FORMATS, type ExportFormat, type ImportReport } from '../shared/messaging/protocol';
import { callBackground } from './background';
import { exportToFile, type ExportProgress, type ExportScope } from './download';

const FORMAT_LABELS: Record<ExportFormat, string> = {
  markdown: 'Markdown',
  jsonld: 'JSON-LD (W3C)',
  csv: 'CSV',
};

/** Import text must stay under the background's limit (50 MB); larger files are refused here. */
const MAX_IMPORT_BYTES = 50_000_000;

export const plural = (n: number, one: string, many = `${one}s`) =>
  `${n.toLocaleString('en')} ${n === 1 ? one : many}`;

export function ExportPanel(props: {
  /** Extra scopes besides everything, e.g. "These results" or "Selected". */
  scopes?: { label: string; scope: ExportScope; count: number }[];
}): JSX.Element {
  const [format, setFormat] = useState<ExportFormat>('markdown');
  const [scopeIndex, setScopeIndex] = useState(-1);
  const [progress, setProgress] = useState<ExportProgress | null>(null);
  const [message, setMessage] = useState<{ text: string; error: boolean } | null>(null);
  const scopes = props.scopes ?? [];
  const chosen = scopes[scopeIndex];

  const run = async () => {
    setMessage(null);
    try {
      const { filename, count } = await exportToFile(format, chosen?.scope ?? {}, setProgress);
      setMessage({ text: `Exported ${plural(count, 'annotation')} to ${filename}.`, error: false });
    } catch (error) {
      setMessage({
        text: `Export failed: ${error instanceof Error ? error.message : String(error)}`,
        error: true,
      });
    } finally {
      setProgress(null);
    }
  };

  return (
    <section class="panel" aria-label="Export">
      <div class="row">
        <select
          aria-label="Export format"
          value={format}
          onChange={(e) => setFormat((e.currentTarget as HTMLSelectElement).value as ExportFormat)}
        >
          {EXPORT_FORMATS.map((f) => (
            <option value={f}>{FORMAT_LABELS[f]}</option>
          ))}
        </select>
        {scopes.length > 0 && (
          <select
            aria-label="What to export"
            value={String(scopeIndex)}
            onChange={(e) => setScopeIndex(Number((e.currentTarget as HTMLSelectElement).value))}
          >
            <option value="-1">Everything</option>
            {scopes.map((s, i) => (
              <option value={String(i)} disabled={s.count === 0}>
                {s.label} ({s.count.toLocaleString('en')})
              </option>
            ))}
          </select>
        )}
        <button type="button" onClick={() => void run()} disabled={progress !== null}>
          Export
        </button>
      </div>
      {progress && (
        <p role="status" class="progress">
          {progress.count === null
            ? 'Preparing the export…'
            : `Exporting ${plural(progress.count, 'annotation')}… ${Math.round(progress.fraction * 100)}%`}
          <progress max={1} value={progress.count === null ? undefined : progress.fraction} />
        </p>
      )}
      {message && (
        <p role={message.error ? 'alert' : 'status'} class={message.error ? 'error' : 'done'}>
          {message.text}
        </p>
      )}
    </section>
  );
}

export function describeImport(r: ImportReport): string {
  const parts = [
    `${r.added.toLocaleString('en')} added`,
    `${r.updated.toLocaleString('en')} updated`,
    `${r.unchanged.toLocaleString('en')} unchanged`,
    `${r.skipped.length.toLocaleString('en')} skipped`,
  ];
  return `Imported: ${parts.join(', ')}.`;
}

export function ImportPanel(props: { onImported?: () => void }): JSX.Element {
  const [busy, setBusy] = useState<string | null>(null);
  const [report, setReport] = useState<ImportReport | null>(null);
  const [error, setError] = useState<string | null>(null);

  const importFile = async (file: File) => {
    setReport(null);
    setError(null);
    if (file.size >= MAX_IMPORT_BYTES) {
      setError(`${file.name} is too large: imports must be smaller than 50 MB. Nothing was imported.`);
      return;
    }
    setBusy(`Importing ${file.name}…`);
    try {
      const answer = await callBackground('importAnnotations', { text: await file.text() });
      if (answer.ok) {
        setReport(answer.value);
        props.onImported?.();
      } else setError(answer.error.replace(/^importAnnotations failed: /, ''));
    } finally {
      setBusy(null);
    }
  };

  return (
    <section class="panel" aria-label="Import">
      <label class="file">
        Import a JSON file (our export or W3C Web Annotations)
        <input
          type="file"
          accept=".json,.jsonld,application/json,application/ld+json"
          disabled={busy !== null}
          onChange={(e) => {
            const input = e.currentTarget as HTMLInputElement;
            const file = input.files?.[0];
            if (file) void importFile(file).finally(() => (input.value = ''));
          }}
        />
      </label>
      {busy && <p role="status">{busy}</p>}
      {error && (
        <p role="alert" class="error">
          {error}
        </p>
      )}
      {report && (
        <div role="status" class="done">
          <p>{describeImport(report)}</p>
          {report.skipped.length > 0 && (
            <ul class="skipped" aria-label="Skipped records">
              {report.skipped.slice(0, 20).map((s) => (
                <li>
                  Record {s.index + 1}: {s.reason}
                </li>
              ))}
              {report.skipped.length > 20 && <li>and {report.skipped.length - 20} more</li>}
            </ul>
          )}
        </div>
      )}
    </section>
  );
}
