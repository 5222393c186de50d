/**
 * The string that selectors are matched against, derived once per text model, and the way between
 * its offsets and the model's raw offsets (and DOM boundary points).
 *
 * Two spaces:
 * - `normalized` (what the extension stores): `normalizeWithMap(model.text)`, so matching ignores
 *   case, quote/dash style, invisible marks and whitespace/markup differences.
 * - `raw`: the model text as it is (identity map); the peer suites' textContent semantics.
 */
import { isSpace } from '../shared/fold';
import { normalizeText, normalizeWithMap } from '../shared/normalize';
import { nodeIndexAt, type TextModel } from './text-model';

export type PositionSpace = 'normalized' | 'raw';

export interface SearchText {
  space: PositionSpace;
  /** The model's text. */
  raw: string;
  /** The text selectors are matched in. */
  text: string;
  /** `map[i]` = raw offset of `text[i]`; `map[text.length]` = `raw.length`. */
  map: Int32Array;
}

const cache: Record<PositionSpace, WeakMap<TextModel, SearchText>> = {
  normalized: new WeakMap(),
  raw: new WeakMap(),
};

/** The search text of a model, computed once per model and space (a model is immutable). */
export function searchTextOf(model: TextModel, space: PositionSpace = 'normalized'): SearchText {
  let st = cache[space].get(model);
  if (!st) {
    st = makeSearchText(model.text, space);
    cache[space].set(model, st);
  }
  return st;
}

/**
 * Hands over the normalised search text of a model computed elsewhere (e.g. in slices with
 * `Normalizer`), so that the next `searchTextOf(model)` does not compute it again in one go.
 */
export function provideSearchText(model: TextModel, text: string, map: Int32Array): void {
  cache.normalized.set(model, { space: 'normalized', raw: model.text, text, map });
}

export function makeSearchText(raw: string, space: PositionSpace): SearchText {
  if (space === 'normalized') {
    const { text, map } = normalizeWithMap(raw);
    return { space, raw, text, map };
  }
  const map = new Int32Array(raw.length + 1);
  for (let i = 0; i <= raw.length; i++) map[i] = i;
  return { space, raw, text: raw, map };
}

/** Brings a stored quote into the search space (normalised text is trimmed at both ends). */
export function foldQuote(space: PositionSpace, s: string): string {
  return space === 'raw' ? s : normalizeText(s);
}

/**
 * Brings stored context into the search space. Normalising trims, but the space between the
 * context and the quote is part of the context: it is kept as one space.
 */
export function foldContext(space: PositionSpace, s: string, side: 'prefix' | 'suffix'): string {
  if (space === 'raw' || !s) return s;
  const folded = normalizeText(s);
  if (side === 'prefix') return isSpace(s.charCodeAt(s.length - 1)) ? folded + ' ' : folded;
  return isSpace(s.charCodeAt(0)) ? ' ' + folded : folded;
}

/** The first search offset whose raw offset is at or after `rawOffset`. */
export function toSearchOffset(st: SearchText, rawOffset: number): number {
  if (st.space === 'raw') return rawOffset;
  const map = st.map;
  let lo = 0;
  let hi = map.length - 1;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (map[mid]! < rawOffset) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/** Raw offset where search character `i` begins. */
export function rawStartOf(st: SearchText, i: number): number {
  return st.map[i]!;
}

/** Raw offset just after search characters `[.., end)`: after the raw character behind `end - 1`. */
export function rawEndOf(st: SearchText, end: number): number {
  if (st.space === 'raw' || end === 0) return end === 0 ? st.map[0]! : end;
  const at = st.map[end - 1]!;
  const c = st.raw.charCodeAt(at);
  return at + (c >= 0xd800 && c <= 0xdbff && at + 1 < st.raw.length ? 2 : 1);
}

const nodeIndexCache = new WeakMap<TextModel, Map<Text, number>>();

function nodeIndex(model: TextModel): Map<Text, number> {
  let index = nodeIndexCache.get(model);
  if (!index) {
    index = new Map();
    model.nodes.forEach((n, i) => index!.set(n, i));
    nodeIndexCache.set(model, index);
  }
  return index;
}

/** The next node in composed pre-order (into open shadow roots, out of them to the host's next). */
function nextComposed(node: Node, skipChildren: boolean): Node | null {
  if (!skipChildren) {
    const el = node as Element;
    const first = el.shadowRoot ? el.shadowRoot.firstChild : node.firstChild;
    if (first) return first;
  }
  let n: Node | null = node;
  while (n) {
    if (n.nextSibling) return n.nextSibling;
    const parent: Node | null = n.parentNode;
    n =
      parent && parent.nodeType === 11 && (parent as ShadowRoot).host ? (parent as ShadowRoot).host : parent;
  }
  return null;
}

/**
 * The model offset of a DOM boundary point, or -1 when it cannot be placed. Unlike a
 * `Range.comparePoint` scan this is O(1) for text nodes and works inside shadow roots: a
 * boundary between children resolves to the first model text node at or after it.
 */
export function boundaryOffset(model: TextModel, node: Node, offset: number): number {
  const index = nodeIndex(model);
  if (node.nodeType === 3) {
    const i = index.get(node as Text);
    if (i !== undefined) return model.starts[i]! + Math.min(offset, (node as Text).length);
    // A text node the model skipped (empty, or hidden): continue after it.
    return scanFrom(model, index, nextComposed(node, true));
  }
  const child = node.childNodes[offset];
  return scanFrom(model, index, child ?? nextComposed(node, true));
}

function scanFrom(model: TextModel, index: Map<Text, number>, start: Node | null): number {
  for (let n = start, steps = 0; n && steps < 100_000; n = nextComposed(n, false), steps++) {
    if (n.nodeType === 3) {
      const i = index.get(n as Text);
      if (i !== undefined) return model.starts[i]!;
    }
  }
  return model.text.length;
}

/** A DOM range over raw model offsets `[start, end]`; a collapsed range when they are equal. */
export function rangeAt(model: TextModel, start: number, end: number): Range | null {
  if (!model.nodes.length || end < start) return null;
  const point = (offset: number, isEnd: boolean): [Text, number] => {
    // An end falls in the node holding the character before it; a start in the one holding it.
    const i = nodeIndexAt(model, isEnd && offset > 0 ? offset - 1 : offset);
    const node = model.nodes[i]!;
    return [node, Math.min(node.length, Math.max(0, offset - model.starts[i]!))];
  };
  const [sn, so] = point(start, false);
  const [en, eo] = start === end ? [sn, so] : point(end, true);
  const range = sn.ownerDocument.createRange();
  range.setStart(sn, so);
  range.setEnd(en, eo);
  return range;
}
