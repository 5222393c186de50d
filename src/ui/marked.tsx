/** Text with the words a search matched wrapped in <mark>, built as elements (never as HTML). */
import type { JSX } from 'preact';
import { markTerms } from '../shared/search-tokens';

export function Marked({ text, terms }: { text: string; terms: readonly string[] }): JSX.Element {
  if (terms.length === 0) return <>{text}</>;
  return <>{markTerms(text, terms).map((run) => (run.match ? <mark>{run.text}</mark> : run.text))}</>;
}
