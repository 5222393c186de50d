// @vitest-environment jsdom
import { describe, expect, test } from 'vitest';
import {
  buildTextModel,
  nodeIndexAt,
  rangeFromOffsets,
  TextModelBuilder,
} from '../../src/anchoring/text-model';

function modelOf(html: string, exclude?: (el: Element) => boolean) {
  document.body.innerHTML = html;
  return buildTextModel(document.body, exclude ? { exclude } : {});
}

describe('buildTextModel', () => {
  test.each([
    [
      'inline markup joins words of one block',
      '<p>Jointly <b>promote</b> the <a href="#">industry</a>.</p>',
      'Jointly promote the industry.\n',
    ],
    [
      'blocks are separated by one line break',
      '<p>one</p><p>two</p><div><p>three</p></div>',
      'one\ntwo\nthree\n',
    ],
    ['br breaks a line', '<p>one<br>two</p>', 'one\ntwo\n'],
    ['list items are lines', '<ol><li>first</li><li>second</li></ol>', 'first\nsecond\n'],
    [
      'script, style, template, noscript are left out',
      '<p>a</p><script>var x = "b"</script><style>p{}</style><template><p>c</p></template><noscript>d</noscript><p>e</p>',
      'a\ne\n',
    ],
    ['the hidden attribute hides a subtree', '<p>a</p><div hidden><p>secret</p></div><p>b</p>', 'a\nb\n'],
    [
      'form fields are not page text',
      '<p>a</p><textarea>typed</textarea><select><option>x</option></select>',
      'a\n',
    ],
  ])('%s', (_name, html, expected) => {
    expect(modelOf(html).text).toBe(expected);
  });

  test('excluded elements (our own UI) are left out', () => {
    const model = modelOf(
      '<p>page</p><forum-annotator-ui>label</forum-annotator-ui>',
      (el) => el.localName === 'forum-annotator-ui',
    );
    expect(model.text).toBe('page\n');
  });

  test('open shadow roots are read where the host is, slotted light DOM where the slot is', () => {
    document.body.innerHTML = '<p>before</p><div id="host"><span>slotted</span></div><p>after</p>';
    const host = document.getElementById('host')!;
    const shadow = host.attachShadow({ mode: 'open' });
    shadow.innerHTML = '<p>inside <slot></slot> shadow</p>';
    expect(buildTextModel(document.body).text).toBe('before\ninside slotted shadow\nafter\n');
  });

  test('tells of each open shadow root it reads, nested ones too, and not of excluded hosts', () => {
    document.body.innerHTML = '<div id="outer"></div><forum-annotator-ui></forum-annotator-ui>';
    const outer = document.getElementById('outer')!.attachShadow({ mode: 'open' });
    outer.innerHTML = '<p>outer</p><div id="inner"></div>';
    const inner = outer.getElementById('inner')!.attachShadow({ mode: 'open' });
    inner.innerHTML = '<p>inner</p>';
    document.querySelector('forum-annotator-ui')!.attachShadow({ mode: 'open' }).innerHTML = '<p>ours</p>';
    const seen: ShadowRoot[] = [];
    const model = buildTextModel(document.body, {
      exclude: (el) => el.localName === 'forum-annotator-ui',
      onShadowRoot: (root) => seen.push(root),
    });
    expect(model.text).toBe('outer\ninner\n');
    expect(seen).toEqual([outer, inner]);
  });

  test('each text node is found again from an offset, and ranges cover the right text', () => {
    const model = modelOf('<p>alpha <i>beta</i> gamma</p><p>delta</p>');
    const at = model.text.indexOf('beta');
    expect(model.nodes[nodeIndexAt(model, at)]!.data).toBe('beta');
    expect(rangeFromOffsets(model, at, model.text.indexOf('delta') + 5)!.toString()).toBe('beta gammadelta');
    expect(rangeFromOffsets(model, 3, 3)).toBeNull();
  });

  test('building in slices with a past deadline gives the same model as one call', () => {
    document.body.innerHTML = Array.from({ length: 3000 }, (_, k) => `<p>para <b>${k}</b></p>`).join('');
    const whole = buildTextModel(document.body);
    const builder = new TextModelBuilder([document.body]);
    let steps = 0;
    while (!builder.step(0)) steps++;
    const sliced = builder.result();
    expect(steps).toBeGreaterThan(1);
    expect(sliced.text).toBe(whole.text);
    expect(sliced.starts).toEqual(whole.starts);
  });
});
