/**
 * Split points for reading a table in key ranges of about equal size, several at once: the
 * database reads the next ranges while the worker handles the one that arrived. Primary-key pages
 * (`above(last).limit(n)`) cannot be asked for ahead, since each starts where the one before ended.
 */

/**
 * Every `perRange`-th key of a sample taken evenly over the table (sorted here, as IndexedDB
 * orders string keys: by UTF-16 code unit). The ranges between them hold about `perRange` sample
 * keys each, whatever the keys look like: random UUIDs, counters, or ids that share a prefix.
 */
export function splitPoints(sample: readonly string[], perRange: number): string[] {
  const sorted = [...new Set(sample)].sort();
  const points: string[] = [];
  for (let i = Math.max(1, perRange); i < sorted.length; i += Math.max(1, perRange)) points.push(sorted[i]!);
  return points;
}
