/**
 * The translations: `_locales/en` and `_locales/zh_CN` have the same messages with the same
 * placeholders; every message the code asks for exists in both; no UI source file keeps a
 * user-visible string literal (JSX text, aria-label, placeholder, title, textContent) of its own.
 */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import manifest from '../../manifest.json' with { type: 'json' };
import pack from '../../assets/packs/forum-article.json' with { type: 'json' };
import { HIGHLIGHT_COLOURS } from '../../src/shared/annotation';
import { EXPORT_FORMATS } from '../../src/shared/messaging/protocol';
import { localized } from '../../src/shared/pack';

interface Message {
  message: string;
  description?: string;
  placeholders?: Record<string, { content: string }>;
}

const root = path.resolve(import.meta.dirname, '../..');
const localesDir = path.join(root, 'assets/public/_locales');
const LOCALES = ['en', 'zh_CN'];
const read = (locale: string): Record<string, Message> =>
  JSON.parse(readFileSync(path.join(localesDir, locale, 'messages.json'), 'utf8'));
const messages = Object.fromEntries(LOCALES.map((l) => [l, read(l)])) as Record<
  string,
  Record<string, Message>
>;
const en = messages.en!;

function files(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const full = path.join(dir, name);
    return statSync(full).isDirectory() ? files(full) : /\.tsx?$/.test(name) ? [full] : [];
  });
}
const sources = files(path.join(root, 'src')).map((file) => ({
  file: path.relative(root, file),
  text: readFileSync(file, 'utf8'),
}));

/** Message names the code asks for: t('x'), tn('x') (x_one, x_other), t(c ? 'x' : 'y'), prefixes. */
function usedKeys(): Set<string> {
  const keys = new Set<string>();
  for (const { text } of sources) {
    for (const m of text.matchAll(/\bt\(\s*'([a-z0-9_]+)'/g)) keys.add(m[1]!);
    for (const m of text.matchAll(/\btn\(\s*'([a-z0-9_]+)'/g)) keys.add(`${m[1]}_one`).add(`${m[1]}_other`);
    // A page's title: mountPage(<App />, 'title_key').
    for (const m of text.matchAll(/\bmountPage\([^;]*?,\s*'([a-z0-9_]+)'\s*\)/g)) keys.add(m[1]!);
    for (const m of text.matchAll(/\bt\([^,()]*\?\s*'([a-z0-9_]+)'\s*:\s*'([a-z0-9_]+)'/g))
      keys.add(m[1]!).add(m[2]!);
  }
  // Names built from data: colour_<colour> (src/ui/colour-name.ts), format_<format> (export panel).
  for (const c of HIGHLIGHT_COLOURS) keys.add(`colour_${c}`);
  for (const f of EXPORT_FORMATS) keys.add(`format_${f}`);
  // __MSG_<name>__ in manifest.json.
  for (const m of JSON.stringify(manifest).matchAll(/__MSG_([A-Za-z0-9_]+)__/g)) keys.add(m[1]!);
  return keys;
}

const placeholderNames = (text: string) =>
  [...text.matchAll(/\$([A-Za-z0-9_]+)\$/g)].map((m) => m[1]!.toLowerCase());

describe('messages.json', () => {
  it.each(LOCALES)('%s: names are valid and distinct without case; every $NAME$ is declared', (locale) => {
    const seen = new Set<string>();
    for (const [key, value] of Object.entries(messages[locale]!)) {
      expect(key).toMatch(/^[A-Za-z0-9_@]+$/);
      expect(seen.has(key.toLowerCase()), `${key} twice`).toBe(false);
      seen.add(key.toLowerCase());
      expect(value.message.trim(), `${locale}/${key} is empty`).not.toBe('');
      const declared = Object.keys(value.placeholders ?? {});
      for (const name of placeholderNames(value.message))
        expect(declared, `${locale}/${key}`).toContain(name);
      for (const name of declared)
        expect(placeholderNames(value.message), `${locale}/${key}`).toContain(name);
    }
  });

  it('en and zh_CN have the same names and the same placeholders', () => {
    const zh = messages.zh_CN!;
    expect(Object.keys(zh).sort()).toEqual(Object.keys(en).sort());
    for (const key of Object.keys(en)) {
      expect(zh[key]!.placeholders ?? {}, key).toEqual(en[key]!.placeholders ?? {});
    }
  });

  it('zh_CN is translated: the Chinese text differs from the English where words are concerned', () => {
    const zh = messages.zh_CN!;
    const same = Object.keys(en).filter(
      (k) => /[a-z]{3}/i.test(en[k]!.message) && zh[k]!.message === en[k]!.message,
    );
    // Names of file formats and the example site name stay as they are.
    expect(same.sort()).toEqual(['format_csv', 'format_markdown', 'options_site_placeholder']);
  });

  it('every message the code or the manifest asks for exists in both, and none is left unused', () => {
    const used = usedKeys();
    for (const locale of LOCALES) {
      const missing = [...used].filter((k) => !(k in messages[locale]!));
      expect(missing, `missing in ${locale}`).toEqual([]);
    }
    const unused = Object.keys(en).filter((k) => !used.has(k));
    expect(unused).toEqual([]);
  });

  it('the manifest is localized: default_locale en, name, description, action title and commands', () => {
    expect(manifest.default_locale).toBe('en');
    expect(manifest.name).toMatch(/^__MSG_\w+__$/);
    expect(manifest.description).toMatch(/^__MSG_\w+__$/);
    expect(manifest.action.default_title).toMatch(/^__MSG_\w+__$/);
    for (const command of Object.values(manifest.commands))
      expect(command.description).toMatch(/^__MSG_\w+__$/);
  });
});

describe('no user-visible string literals in UI code', () => {
  const ui = sources.filter(({ file }) => /^src\/(popup|review|options|editor|ui|content)\//.test(file));
  /** Patterns of text a reader would see, written straight into the code. */
  const LITERALS: [string, RegExp][] = [
    ['JSX text', /(?<![=-])>\s*[A-Za-z][a-z]+(?:\s+[A-Za-z]+)*[.…!?]?\s*<\/?[a-z]/],
    ['JSX text line', /^\s+[A-Z][a-z]+(?: [a-z]+)+[.…]?\s*$/],
    ['attribute', /\b(?:aria-label|placeholder|title|alt)="[^"]*[A-Za-z]{2}/],
    ['attribute expression', /\b(?:aria-label|placeholder|title|alt)=\{\s*[`'"][^`'"]*[A-Za-z]{2}/],
    ['DOM text', /\b(?:textContent|title|innerText)\s*=\s*[`'"][^`'"]*[A-Za-z]{2}/],
    ['DOM attribute', /setAttribute\('(?:aria-label|title|placeholder)',\s*[`'"]/],
    ['button label', /\bbutton\(\s*'[A-Za-z]/],
  ];

  it.each(ui.map((s) => [s.file, s.text]))('%s', (_file, text) => {
    const found: string[] = [];
    text.split('\n').forEach((line, i) => {
      if (/^\s*(\/\/|\*|\/\*)/.test(line)) return;
      for (const [kind, pattern] of LITERALS)
        if (pattern.test(line)) found.push(`${i + 1} (${kind}): ${line.trim()}`);
    });
    expect(found).toEqual([]);
  });
});

describe('Chinese point labels', () => {
  it('every section and point of the article pack has a zh-CN title and label', () => {
    for (const section of pack.sections) {
      expect(section.labels?.['zh-CN'], section.id).toMatch(/\p{Script=Han}/u);
      expect(section.titles?.['zh-CN'], section.id).toMatch(/\p{Script=Han}/u);
      for (const point of section.points)
        expect(point.titles?.['zh-CN'], point.id).toMatch(/\p{Script=Han}/u);
    }
  });

  it.each([
    ['zh-CN', '倡议'],
    ['zh_CN', '倡议'],
    ['zh', '倡议'],
    ['zh-Hans-CN', '倡议'],
    ['en-US', 'Proposal'],
    ['en', 'Proposal'],
    ['fr', 'Proposal'],
  ])('localized(…, %s)', (language, want) => {
    expect(localized('Proposal', { 'zh-CN': '倡议' }, language)).toBe(want);
  });

  it('no translations: the pack text', () => {
    expect(localized('Proposal', undefined, 'zh-CN')).toBe('Proposal');
  });
});
