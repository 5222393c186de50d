/** Tag suggestions: known tags not yet on the annotation, those starting with the text first. */
export function suggestTags(
  known: readonly string[],
  chosen: readonly string[],
  text: string,
  max = 6,
): string[] {
  const q = text.trim().toLowerCase();
  if (!q) return [];
  const taken = new Set(chosen.map((t) => t.toLowerCase()));
  const starts: string[] = [];
  const contains: string[] = [];
  for (const tag of known) {
    const k = tag.toLowerCase();
    if (taken.has(k) || k === q) continue;
    if (k.startsWith(q)) starts.push(tag);
    else if (k.includes(q)) contains.push(tag);
  }
  return [...starts, ...contains].slice(0, max);
}
