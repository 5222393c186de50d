// @vitest-environment happy-dom
import { render } from 'preact';
import { describe, expect, it } from 'vitest';
import { Markdown } from '../../src/ui/markdown';

function view(text: string): HTMLElement {
  const root = document.createElement('div');
  render(<Markdown text={text} />, root);
  return root;
}

describe('the note Markdown view', () => {
  it('paragraphs, line breaks, lists, headings, bold, emphasis, code', () => {
    const root = view('# Title\n\nfirst **bold** and *em* and `code`\nsecond line\n\n- one\n- two');
    expect([...root.querySelectorAll('p')].map((p) => p.textContent)).toEqual([
      'Title',
      'first bold and em and codesecond line',
    ]);
    expect(root.querySelector('strong')?.textContent).toBe('Title');
    expect(root.querySelectorAll('p')[1]!.querySelector('strong')?.textContent).toBe('bold');
    expect(root.querySelector('em')?.textContent).toBe('em');
    expect(root.querySelector('code')?.textContent).toBe('code');
    expect(root.querySelectorAll('br')).toHaveLength(1);
    expect([...root.querySelectorAll('li')].map((li) => li.textContent)).toEqual(['one', 'two']);
  });

  it('links: http(s) only, opened apart from the page', () => {
    const root = view(
      '[site](https://example.org/a) and [bad](javascript:alert(1)) and [data](data:text/html,x)',
    );
    const links = [...root.querySelectorAll('a')];
    expect(links.map((a) => [a.textContent, a.getAttribute('href'), a.getAttribute('rel')])).toEqual([
      ['site', 'https://example.org/a', 'noopener noreferrer'],
    ]);
    expect(root.textContent).toContain('[bad](javascript:alert(1))');
  });

  it('markup in a note stays text', () => {
    const root = view('<img src=x onerror="alert(1)"> <script>alert(2)</script> <b>not bold</b>');
    expect(root.querySelector('img, script, b')).toBeNull();
    expect(root.textContent).toBe('<img src=x onerror="alert(1)"> <script>alert(2)</script> <b>not bold</b>');
  });
});
