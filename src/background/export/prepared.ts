/**
 * Exports written by the background and waiting to be read, by token: in slices over messaging
 * (exportChunk), or as one Blob posted to the page that asks the service worker for it (see
 * handOver), instead of copying tens of megabytes through runtime messages.
 */
import * as v from 'valibot';

export interface PreparedExport {
  text: string;
  mimeType: string;
  filename: string;
  expires: number;
}

/** A prepared export not read within this time is dropped. */
const TTL_MS = 5 * 60_000;

/** What a page posts to the service worker, with a MessagePort for the answer. */
const HandOverRequest = v.strictObject({ exportFile: v.pipe(v.string(), v.maxLength(100)) });

/** The answer on that port. */
export type HandOver = { blob: Blob } | { error: string };

export function createPreparedExports(now: () => number = Date.now) {
  const files = new Map<string, PreparedExport>();
  const dropExpired = () => {
    const t = now();
    for (const [token, f] of files) if (f.expires < t) files.delete(token);
  };
  return {
    put(token: string, file: Omit<PreparedExport, 'expires'>): void {
      dropExpired();
      files.set(token, { ...file, expires: now() + TTL_MS });
    },
    get(token: string): PreparedExport | undefined {
      dropExpired();
      return files.get(token);
    },
    drop(token: string): void {
      files.delete(token);
    },
    /**
     * The file a page asked for with `{ exportFile: token }`, once: as a Blob, which a
     * MessagePort passes by handle. 70 MB reached the page in 0.3-0.4 s this way (the time to make
     * the Blob), against 0.6-0.8 s as a fetch response, whose body is copied into the page's own
     * Blob through a data pipe.
     */
    handOver(request: unknown): HandOver {
      const parsed = v.safeParse(HandOverRequest, request);
      if (!parsed.success) return { error: 'not an export request' };
      const file = this.get(parsed.output.exportFile);
      if (!file) return { error: 'This export has expired: export again.' };
      this.drop(parsed.output.exportFile);
      return { blob: new Blob([file.text], { type: file.mimeType }) };
    },
  };
}
export type PreparedExports = ReturnType<typeof createPreparedExports>;

/** One set per worker: the handlers put files in, the fetch handler hands them out. */
export const preparedExports = createPreparedExports();
