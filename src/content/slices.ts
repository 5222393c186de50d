/**
 * Cooperative scheduling: long work is cut into slices that end before a deadline, and the page
 * gets the main thread back between slices, so no task of ours approaches the 50 ms long-task mark.
 */
export const SLICE_MS = 30;

interface SchedulerLike {
  yield?: () => Promise<void>;
}

/** Gives the page a turn. `scheduler.yield` keeps our place in the queue where it exists (Chrome 129+). */
export function yieldToPage(): Promise<void> {
  const s = (globalThis as { scheduler?: SchedulerLike }).scheduler;
  if (s?.yield) return s.yield();
  // setTimeout(0) is clamped to 4 ms once nested; a message posts a task without the clamp.
  return new Promise((resolve) => {
    const channel = new MessageChannel();
    channel.port1.onmessage = () => {
      channel.port1.close();
      resolve();
    };
    channel.port2.postMessage(null);
  });
}

/** Tracks the longest slice of a piece of work, for the benchmark's "longest task". */
export class SliceClock {
  longest = 0;
  last = 0;
  /** Time spent working, without the page's turns between slices. */
  busy = 0;
  slices = 0;
  private sliceStart = performance.now();

  deadline(ms = SLICE_MS): number {
    this.sliceStart = performance.now();
    return this.sliceStart + ms;
  }

  end(): void {
    const d = performance.now() - this.sliceStart;
    this.last = d;
    this.longest = Math.max(this.longest, d);
    this.busy += d;
    this.slices++;
  }

  async pause(signal: AbortSignal): Promise<number> {
    this.end();
    await yieldToPage();
    if (signal.aborted) throw signal.reason;
    return this.deadline();
  }
}
