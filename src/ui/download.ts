/**
 * Export to a file: the background writes it once and hands it over as a Blob (or the page reads it
 * in slices, with progress), then the page saves it through a Blob URL and an <a download>.
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
  // The worker hands the file over as one Blob; messages in slices are the fallback (a worker
  // restarted in between has lost the file either way).
  let blob = await fileFromWorker(token).catch(() => null);
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

/** How long to wait for the worker's Blob before reading the file in slices instead. */
const HAND_OVER_MS = 30_000;

/**
 * The prepared file, as a Blob posted by the service worker (see preparedExports.handOver); null
 * where there is no worker (Firefox runs the background as a page) or it has not the file.
 */
async function fileFromWorker(token: string): Promise<Blob | null> {
  const worker = (await navigator.serviceWorker?.getRegistration())?.active;
  if (!worker) return null;
  const channel = new MessageChannel();
  let timer: ReturnType<typeof setTimeout> | undefined;
  const answer = new Promise<unknown>((resolve) => {
    channel.port1.onmessage = (event) => resolve(event.data);
    timer = setTimeout(() => resolve(null), HAND_OVER_MS);
  });
  worker.postMessage({ exportFile: token }, [channel.port2]);
  const data = await answer;
  clearTimeout(timer);
  channel.port1.close();
  return data !== null && typeof data === 'object' && 'blob' in data && data.blob instanceof Blob
    ? data.blob
    : null;
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
