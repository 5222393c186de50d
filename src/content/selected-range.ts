/**
 * The reader's selection as one live range, in the tree where it was made.
 *
 * A selection made inside a shadow tree is seen from the document at its host, collapsed:
 * Chromium's `getRangeAt` returns no node of a tree the document cannot see (its `toString` still
 * gives the text). `Selection.getComposedRanges` (Chromium 137, Firefox 142) returns where it
 * really is, for the open shadow roots it is given.
 */
export function selectedRange(sel: Selection | null, shadowRoots: Iterable<ShadowRoot>): Range | null {
  if (!sel || sel.rangeCount === 0) return null;
  const plain = sel.getRangeAt(0);
  if (!plain.collapsed) return plain;
  if (sel.type !== 'Range' || typeof sel.getComposedRanges !== 'function') return null;
  const roots = [...shadowRoots].filter((r) => r.host.isConnected);
  if (!roots.length) return null;
  let composed: StaticRange | undefined;
  try {
    [composed] = sel.getComposedRanges({ shadowRoots: roots });
  } catch {
    // A browser with the older form (shadow roots as arguments) or none: no range we can use.
    return null;
  }
  if (!composed || composed.collapsed) return null;
  const range = document.createRange();
  const root = composed.startContainer.getRootNode();
  range.setStart(composed.startContainer, composed.startOffset);
  // A live range stays in one tree: a selection that runs out of the shadow tree keeps its part
  // in the tree it started in.
  if (composed.endContainer.getRootNode() === root) range.setEnd(composed.endContainer, composed.endOffset);
  else range.setEnd(root, root.childNodes.length);
  return range.collapsed ? null : range;
}
