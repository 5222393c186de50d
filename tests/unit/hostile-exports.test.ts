/**
 * Markup, script and formulas in user data, through every export. Page titles, quotes, context and
 * tags may hold anything a page or a reader typed; notes are Markdown text, refused with markup at
 * every way in. Exports keep the data exactly (JSON-LD), escape it (Markdown) or defuse it (CSV).
 */
import { beforeEach, describe, expect, it } from 'vitest';
import type {
  ContentToBackground,
  ExportFormat,
  PopupToBackground,
} from '../../src/shared/messaging/protocol';
import type { Caller } from '../../src/shared/messaging/rpc';
import { freshBackbone, sample } from './support/backbone';
import { routedBackbone } from './support/routed';

/** Each sets a flag if it ever runs, as the e2e tests check in the extension pages. */
export const PAYLOADS = [
  '<img src=x onerror="window.__pwned=1">',
  '<script>window.__pwned=1</script>',
  '"><svg onload=window.__pwned=1>',
  'javascript:window.__pwned=1',
  "'-alert(1)-'",
  '{{constructor.constructor("window.__pwned=1")()}}',
];
/** Cells a spreadsheet would run as formulas. */
export const FORMULAS = [
  '=HYPERLINK("http://evil.example","x")',
  '+1+cmd',
  '-2+3',
  '@SUM(A1)',
  '\t=1+1',
  '\r=1+1',
];

const PAGE = 'https://news.example.org/story';

let popup: Caller<typeof PopupToBackground>;
let content: Caller<typeof ContentToBackground>;
let backbone: Awaited<ReturnType<typeof freshBackbone>>;

beforeEach(async () => {
  ({ backbone, content, popup } = await routedBackbone(PAGE));
  const records = [...PAYLOADS, ...FORMULAS].map((p, i) =>
    sample({
      url: `https://site${i}.example/a`,
      title: p,
      quote: p,
      prefix: p,
      suffix: p,
      tags: [p.replace(/[\t\r\n]/g, ' ').trim(), 'plain'],
      note: FORMULAS.includes(p) ? p : `A note about ${i}`,
    }),
  );
  await backbone.annotations.putMany(records);
});

async function exported(format: ExportFormat): Promise<string> {
  const res = await popup('exportAll', { format });
  if (!res.ok) throw new Error(res.error);
  return res.value.text;
}

/** RFC 4180: quoted cells with doubled quotes, CRLF rows. */
function parseCsv(text: string): string[][] {
  const rows: string[][] = [];
  let row: string[] = [];
  let cell = '';
  let quoted = false;
  for (let i = 0; i < text.length; i++) {
    const c = text[i]!;
    if (quoted && c === '"' && text[i + 1] === '"') {
      cell += '"';
      i++;
    } else if (quoted && c === '"') quoted = false;
    else if (quoted || (c !== '"' && c !== ',' && !(c === '\r' && text[i + 1] === '\n'))) cell += c;
    else if (c === '"') quoted = true;
    else if (c === ',') {
      row.push(cell);
      cell = '';
    } else {
      row.push(cell);
      rows.push(row);
      row = [];
      cell = '';
      i++;
    }
  }
  return rows;
}

describe('exports of hostile user data', () => {
  it('CSV: no cell starts a formula; every text reads back exactly after the defusing apostrophe', async () => {
    const rows = parseCsv(await exported('csv'));
    const [header, ...body] = rows;
    expect(body).toHaveLength(PAYLOADS.length + FORMULAS.length);
    for (const row of body) {
      expect(row).toHaveLength(header!.length);
      for (const cell of row) expect(cell).not.toMatch(/^[=+\-@\t\r]/);
    }
    const col = (name: string) => header!.indexOf(name);
    const defused = (p: string) => (/^[=+\-@\t\r]/.test(p) ? `'${p}` : p);
    const titles = body.map((r) => r[col('title')]!);
    expect(titles.sort()).toEqual([...PAYLOADS, ...FORMULAS].map(defused).sort());
    const notes = body.map((r) => r[col('note')]!).filter((n) => n.startsWith("'"));
    expect(notes.sort()).toEqual(FORMULAS.map(defused).sort());
  });

  it('Markdown: titles, quotes and tags are escaped, so no tag or link from them survives', async () => {
    const md = await exported('markdown');
    // Unescaped `<` only opens our own link destinations (`](<https://...>)`).
    for (const m of md.matchAll(/(?<!\\)</g))
      expect(md.slice(m.index - 2, m.index + 9)).toMatch(/^\]\(<https:\/\//);
    expect(md).not.toMatch(/(?<!\\)<(img|script|svg)/i);
    expect(md).not.toMatch(/\]\(\s*<?javascript:/i);
    expect(md).toContain('\\<img src=x onerror="window.\\_\\_pwned=1"\\>');
  });

  it('JSON-LD: valid JSON that keeps every string exactly, and imports back to the same records', async () => {
    const text = await exported('jsonld');
    const doc = JSON.parse(text) as { items?: unknown[] };
    const titles = JSON.stringify(doc);
    for (const p of PAYLOADS) expect(titles).toContain(JSON.stringify(p).slice(1, -1));
    const before = await backbone.annotations.all();
    await backbone.annotations.clear();
    expect(await popup('importAnnotations', { text })).toMatchObject({ ok: true });
    expect(await backbone.annotations.all()).toEqual(before);
  });
});

describe('notes with markup are refused at every way in', () => {
  const MARKUP_NOTES = [
    '<img src=x onerror=alert(1)>',
    '<script>alert(1)</script>',
    '"><svg onload=alert(1)>',
    '[click](javascript:alert(1))',
    '[click](JaVaScRiPt:alert(1))',
    '<a href="data:text/html,<script>alert(1)</script>">x</a>',
    '<!-- hidden -->',
  ];

  it.each(MARKUP_NOTES)('%j', async (note) => {
    const [stored] = await backbone.annotations.all();
    const before = JSON.stringify(await backbone.annotations.all());
    const target = sample().target;
    const answers = [
      await content('createAnnotation', { title: 't', target, color: 'yellow', note }),
      await popup('updateAnnotation', { id: stored!.id, patch: { note } }),
      await popup('restoreAnnotations', { annotations: [sample({ note })] }),
      await popup('importAnnotations', {
        text: JSON.stringify([
          {
            '@context': 'http://www.w3.org/ns/anno.jsonld',
            type: 'Annotation',
            body: { type: 'TextualBody', value: note },
            target: { source: PAGE, selector: { type: 'TextQuoteSelector', exact: 'x' } },
          },
        ]),
      }),
    ];
    for (const a of answers)
      expect(a).toMatchObject({ ok: false, error: expect.stringMatching(/markup|script URL/) as unknown });
    expect(JSON.stringify(await backbone.annotations.all())).toBe(before);
  });
});

describe('page URLs are web pages only', () => {
  const BAD = [
    'javascript:window.__pwned=1',
    'data:text/html,<script>window.__pwned=1</script>',
    'vbscript:msgbox(1)',
  ];

  it.each(BAD)('restoring a record on %j is refused, nothing written', async (url) => {
    const before = JSON.stringify(await backbone.annotations.all());
    const answer = await popup('restoreAnnotations', { annotations: [sample({ url })] });
    expect(answer).toMatchObject({
      ok: false,
      error: expect.stringMatching(/url must be an http, https or file URL/) as unknown,
    });
    expect(JSON.stringify(await backbone.annotations.all())).toBe(before);
  });

  it('an import skips records whose source is not a web page, with the reason', async () => {
    const item = (source: string) => ({
      '@context': 'http://www.w3.org/ns/anno.jsonld',
      type: 'Annotation',
      target: { source, selector: { type: 'TextQuoteSelector', exact: 'x' } },
    });
    const answer = await popup('importAnnotations', {
      text: JSON.stringify([...BAD.map(item), item('https://fine.example/page')]),
    });
    expect(answer).toMatchObject({ ok: true, value: { added: 1 } });
    const skipped = answer.ok ? answer.value.skipped : [];
    expect(skipped.map((s) => s.reason)).toEqual(
      BAD.map(() => 'target is not a web page (an http, https or file URL)'),
    );
    expect((await backbone.annotations.all()).some((a) => !/^https:/.test(a.url))).toBe(false);
  });
});
