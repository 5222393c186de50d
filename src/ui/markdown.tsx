/**
 * A small, safe Markdown view for notes: paragraphs, "-"/"*" lists, "#" headings, **bold**,
 * *emphasis*, `code` and [links](https://...). Built as preact elements, never as HTML, so no
 * note can inject markup; links other than http(s) stay plain text.
 */
import type { ComponentChildren, JSX } from 'preact';

const INLINE = /(\*\*[^*\n]+\*\*|\*[^*\n]+\*|_[^_\n]+_|`[^`\n]+`|\[[^\]\n]+\]\([^)\s]+\))/;

export function inline(text: string): ComponentChildren[] {
  const out: ComponentChildren[] = [];
  text.split(INLINE).forEach((part, i) => {
    if (i % 2 === 0) {
      if (part) out.push(part);
      return;
    }
    if (part.startsWith('**')) out.push(<strong>{part.slice(2, -2)}</strong>);
    else if (part.startsWith('`')) out.push(<code>{part.slice(1, -1)}</code>);
    else if (part.startsWith('[')) {
      const m = /^\[([^\]]+)\]\(([^)\s]+)\)$/.exec(part)!;
      const href = m[2]!;
      out.push(
        /^https?:\/\//i.test(href) ? (
          <a href={href} target="_blank" rel="noopener noreferrer">
            {m[1]}
          </a>
        ) : (
          part
        ),
      );
    } else out.push(<em>{part.slice(1, -1)}</em>);
  });
  return out;
}

export function Markdown({ text }: { text: string }): JSX.Element {
  const blocks = text.replace(/\r\n?/g, '\n').split(/\n\s*\n/);
  return (
    <div class="md">
      {blocks.map((block) => {
        const lines = block.split('\n').filter((l) => l.trim() !== '');
        if (!lines.length) return null;
        if (lines.every((l) => /^\s*[-*]\s+/.test(l)))
          return (
            <ul>
              {lines.map((l) => (
                <li>{inline(l.replace(/^\s*[-*]\s+/, ''))}</li>
              ))}
            </ul>
          );
        const heading = /^#{1,6}\s+(.*)$/.exec(lines[0]!);
        if (heading && lines.length === 1)
          return (
            <p>
              <strong>{inline(heading[1]!)}</strong>
            </p>
          );
        return <p>{lines.flatMap((l, i) => (i ? [<br />, ...inline(l)] : inline(l)))}</p>;
      })}
    </div>
  );
}
