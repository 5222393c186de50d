/**
 * Export to a file: the background writes it once and the page reads it in slices (progress), then
 * saves it through a Blob URL and an <a download>.
 */
import type { ExportFormat, SearchRequest } from '../shared/messaging/protocol';
import { callBackground } from './background';

export interface ExportProgress {
  /** Annotations in the file (known once the background has written it). */
  count: number | null;
  /** 0..1 of the text transferred. */
  fraction: number;
}

export interface ExportScope {
  query?: SearchRequest;
  ids?: string[];
}

/** Exports and starts the download; answers the file name and count, or throws with a message. */
export async function exportToFile(
  format: ExportFormat,
  scope: ExportScope,
  onProgress: (p: ExportProgress) => void,
): Promise<{ filename: string; count: number }> {
  onProgress({ count: null, fraction: 0 });
  const begun = await callBackground('exportBegin', { format, ...scope });
  if (!begun.ok) throw new Error(begun.error);
  const { token, filename, mimeType, count, length } = begun.value;
  onProgress({ count, fraction: 0 });
  // The worker hands the file out at exports/<token> in one response; messages in
  // slices are the fallback (a worker restarted in between has lost the file either way).
  let blob: Blob | null = null;
  try {
    const response = await fetch(`/exports/${encodeURIComponent(token)}`);
    // blob() keeps the bytes out of this page's heap (an arrayBuffer() would copy tens of MB twice).
    if (response.ok) blob = (await response.blob()).slice(0, undefined, mimeType);
  } catch {
    blob = null;
  }
  if (!blob) {
    const parts: string[] = [];
    let read = 0;
    for (let done = false; !done;) {
      onProgress({ count, fraction: length === 0 ? 1 : read / length });
      const slice = await callBackground('exportChunk', { token, offset: read });
      if (!slice.ok) throw new Error(slice.error);
      parts.push(slice.value.text);
      read += slice.value.text.length;
      done = slice.value.done;
    }
    blob = new Blob(parts, { type: mimeType });
  }
  onProgress({ count, fraction: 1 });
  saveFile(blob, filename);
  return { filename, count };
}

export function saveFile(blob: Blob, filename: string): void {
  const url = URL.createObjectURL(blob);
  const a = document.createElement('a');
  a.href = url;
  a.download = filename;
  a.style.display = 'none';
  document.body.append(a);
  a.click();
  a.remove();
  // The download has taken its copy once the click is handled.
  setTimeout(() => URL.revokeObjectURL(url), 60_000);
}
