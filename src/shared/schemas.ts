/**
 * Runtime schemas (valibot) for the annotation record and its parts, with the size limits that
 * every way in (messages, restore, import) shares. The TypeScript model stays in annotation.ts;
 * the checks at the bottom keep the two in step.
 */
import * as v from 'valibot';
import { HIGHLIGHT_COLOURS, type Annotation, type PageRecord } from './annotation';

export const LIMITS = {
  note: 100_000,
  quote: 20_000,
  /** Prefix and suffix are context (Hypothesis keeps 32 characters); more is a mistake or abuse. */
  context: 1_000,
  tags: 50,
  tag: 100,
  title: 1_000,
  /** A page's `document.title` larger than this is refused, not truncated. */
  titleInput: 100_000,
  url: 65_536,
  pointId: 100,
  query: 1_000,
  ids: 10_000,
  restore: 10_000,
  /** Import text must be shorter than 50 MB (counted in UTF-16 code units). */
  importChars: 50_000_000,
  position: 2 ** 31 - 1,
} as const;

const tooLong = (what: string, max: number) => (issue: v.BaseIssue<unknown>) =>
  `${what} is too long (${typeof issue.input === 'string' || Array.isArray(issue.input) ? issue.input.length : '?'} > ${max})`;

export const boundedString = (what: string, max: number) =>
  v.pipe(v.string(), v.maxLength(max, tooLong(what, max)));

/** HTML tags, comments or script URLs: notes are Markdown text and are never rendered as HTML. */
const MARKUP =
  /<\/?[a-z][a-z0-9-]*(?:\s[^>]*)?\/?>|<!--|<!\[CDATA\[|\b(?:javascript|vbscript):|data:text\/html/i;

export function findMarkup(text: string): string | null {
  const m = MARKUP.exec(text);
  return m ? m[0].slice(0, 40) : null;
}

export const noteSchema = v.pipe(
  boundedString('note', LIMITS.note),
  v.check(
    (s) => findMarkup(s) === null,
    (issue) =>
      `note contains HTML markup or a script URL (${findMarkup(String(issue.input))}); notes are Markdown text`,
  ),
);

/** Trims, collapses inner whitespace and drops empty and duplicate (case-insensitive) tags. */
export function cleanTags(tags: readonly string[]): string[] {
  const seen = new Set<string>();
  const out: string[] = [];
  for (const raw of tags) {
    const tag = raw.replace(/\s+/g, ' ').trim();
    const key = tag.toLowerCase();
    if (tag === '' || seen.has(key)) continue;
    seen.add(key);
    out.push(tag);
  }
  return out;
}

export const tagSchema = v.pipe(
  boundedString('tag', LIMITS.tag),
  v.check((s) => !/[\n\r\t]/.test(s), 'a tag is one line of text'),
);
export const tagsSchema = v.pipe(
  v.array(tagSchema),
  v.maxLength(LIMITS.tags, tooLong('tags', LIMITS.tags)),
  v.transform((tags: string[]) => cleanTags(tags)),
);

export const colourSchema = v.picklist(
  HIGHLIGHT_COLOURS,
  `color must be one of ${HIGHLIGHT_COLOURS.join(', ')}`,
);
export const pointIdSchema = v.pipe(
  boundedString('pointId', LIMITS.pointId),
  v.regex(/^[a-z0-9][a-z0-9-]*$/i, 'pointId must be letters, digits and dashes'),
);
export const idSchema = v.pipe(v.string(), v.uuid('id must be a UUID'));
export const timestampSchema = v.pipe(
  v.string(),
  v.maxLength(40),
  v.isoTimestamp('must be an ISO 8601 timestamp'),
);

const position = v.pipe(v.number(), v.integer(), v.minValue(0), v.maxValue(LIMITS.position));

export const textQuoteSelectorSchema = v.strictObject({
  type: v.literal('TextQuoteSelector'),
  exact: v.pipe(boundedString('quote', LIMITS.quote), v.minLength(1, 'the quote is empty')),
  prefix: boundedString('prefix', LIMITS.context),
  suffix: boundedString('suffix', LIMITS.context),
});

export const textPositionSelectorSchema = v.pipe(
  v.strictObject({ type: v.literal('TextPositionSelector'), start: position, end: position }),
  v.check((s) => s.end >= s.start, 'TextPositionSelector end must not be before start'),
);

export const targetSchema = v.strictObject({
  selector: v.tuple([textQuoteSelectorSchema, textPositionSelectorSchema]),
});

export const titleSchema = boundedString('title', LIMITS.title);

/** A page title as the content script reads it: refused when absurd, otherwise cut to LIMITS.title. */
export const titleInputSchema = v.pipe(
  boundedString('title', LIMITS.titleInput),
  v.transform((s) => s.replace(/\s+/g, ' ').trim().slice(0, LIMITS.title)),
);

/** The pages a content script runs in (see background/sender.ts): the only URLs an annotation may have. */
export const WEB_PROTOCOLS: readonly string[] = ['http:', 'https:', 'file:'];

export function isWebUrl(url: string): boolean {
  try {
    return WEB_PROTOCOLS.includes(new URL(url).protocol);
  } catch {
    return false;
  }
}

/** A page's URL: never javascript:, data: or other schemes, which the popup and review page link to. */
export const urlSchema = v.pipe(
  boundedString('url', LIMITS.url),
  v.url('url must be an absolute URL'),
  v.check(isWebUrl, 'url must be an http, https or file URL'),
);

/** A whole stored annotation, as restored after an undo or read from an import. */
export const annotationSchema = v.strictObject({
  id: idSchema,
  url: urlSchema,
  title: titleSchema,
  target: targetSchema,
  color: colourSchema,
  note: noteSchema,
  tags: tagsSchema,
  pointId: v.optional(pointIdSchema),
  created: timestampSchema,
  modified: timestampSchema,
});

/** What the content script may change on an annotation of its page. */
export const annotationPatchSchema = v.strictObject({
  color: v.optional(colourSchema),
  note: v.optional(noteSchema),
  tags: v.optional(tagsSchema),
  target: v.optional(targetSchema),
});
export type AnnotationPatch = v.InferOutput<typeof annotationPatchSchema>;

// Compile-time checks: the schema's output is exactly the model.
type Same<A, B> = [A] extends [B] ? ([B] extends [A] ? true : false) : false;
const _modelMatches: Same<v.InferOutput<typeof annotationSchema>, Annotation> = true;
void _modelMatches;
export type { Annotation, PageRecord };
