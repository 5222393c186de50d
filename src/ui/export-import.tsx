/**
 * Export (Markdown, W3C JSON-LD, CSV; everything or a scope such as the current search results)
 * and import of a JSON file, with progress and a clear report.
 */
import type { JSX } from 'preact';
import { useState } from 'preact/hooks';
import { formatPercent, t, tn } from '../platform/i18n';
import { EXPORT_FORMATS, type ExportFormat, type ImportReport } from '../shared/messaging/protocol';
import { callBackground } from './background';
import { exportToFile, type ExportProgress, type ExportScope } from './download';

/** Messages `format_<format>`: "Markdown", "JSON-LD (W3C)", "CSV". */
const formatLabel = (format: ExportFormat) => t(`format_${format}`);

/** Import text must stay under the background's limit (50 MB); larger files are refused here. */
const MAX_IMPORT_BYTES = 50_000_000;

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
      setMessage({ text: t('export_done', tn('count_annotations', count), filename), error: false });
    } catch (error) {
      setMessage({
        text: t('export_failed', error instanceof Error ? error.message : String(error)),
        error: true,
      });
    } finally {
      setProgress(null);
    }
  };

  return (
    <section class="panel" aria-label={t('export')}>
      <div class="row">
        <select
          aria-label={t('export_format')}
          value={format}
          onChange={(e) => setFormat((e.currentTarget as HTMLSelectElement).value as ExportFormat)}
        >
          {EXPORT_FORMATS.map((f) => (
            <option value={f}>{formatLabel(f)}</option>
          ))}
        </select>
        {scopes.length > 0 && (
          <select
            aria-label={t('export_what')}
            value={String(scopeIndex)}
            onChange={(e) => setScopeIndex(Number((e.currentTarget as HTMLSelectElement).value))}
          >
            <option value="-1">{t('export_everything')}</option>
            {scopes.map((s, i) => (
              <option value={String(i)} disabled={s.count === 0}>
                {t('with_count', s.label, s.count)}
              </option>
            ))}
          </select>
        )}
        <button type="button" onClick={() => void run()} disabled={progress !== null}>
          {t('export')}
        </button>
      </div>
      {progress && (
        <p role="status" class="progress">
          {progress.count === null
            ? t('export_preparing')
            : t('export_progress', tn('count_annotations', progress.count), formatPercent(progress.fraction))}
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
  return t('import_report', r.added, r.updated, r.unchanged, r.skipped.length);
}

export function ImportPanel(props: { onImported?: () => void }): JSX.Element {
  const [busy, setBusy] = useState<string | null>(null);
  const [report, setReport] = useState<ImportReport | null>(null);
  const [error, setError] = useState<string | null>(null);

  const importFile = async (file: File) => {
    setReport(null);
    setError(null);
    if (file.size >= MAX_IMPORT_BYTES) {
      setError(t('import_too_large', file.name));
      return;
    }
    setBusy(t('importing', file.name));
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
    <section class="panel" aria-label={t('import')}>
      <label class="file">
        {t('import_file')}
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
            <ul class="skipped" aria-label={t('import_skipped')}>
              {report.skipped.slice(0, 20).map((s) => (
                <li>{t('import_skipped_record', s.index + 1, s.reason)}</li>
              ))}
              {report.skipped.length > 20 && <li>{t('import_skipped_more', report.skipped.length - 20)}</li>}
            </ul>
          )}
        </div>
      )}
    </section>
  );
}
