import { useLayoutEffect, useRef } from 'preact/hooks';

/**
 * Keeps a keyboard reader's place in a list whose rows they remove: once a removed row has gone,
 * the focus moves to the first button of the row that took its place (or the new last row), and
 * to `onNone` when no row is left. The removed row's button held the focus; without this it falls
 * to the body and the reader starts again from the top of the page. The first button, not the one
 * pressed: a second Enter must not remove another row.
 *
 * A layout effect, so the focus moves as the row goes: preact runs plain effects a frame later,
 * and a CI run saw the list updated while the focus was still on the body.
 */
export function useFocusAfterRemoval(rows: readonly unknown[], onNone: () => void) {
  const list = useRef<HTMLUListElement>(null);
  /** The place of the removed row, until the rows come without it. */
  const removedAt = useRef<number | null>(null);
  useLayoutEffect(() => {
    const at = removedAt.current;
    if (at === null) return;
    removedAt.current = null;
    const next = list.current?.children[Math.min(at, rows.length - 1)]?.querySelector('button');
    if (next) next.focus();
    else onNone();
  }, [rows]);
  return {
    list,
    /** Call as the row at `index` is removed (before the rows without it are rendered). */
    removing: (index: number): void => {
      removedAt.current = Math.max(0, index);
    },
  };
}
