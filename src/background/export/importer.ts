/**
 * Import of our JSON-LD export and of W3C Web Annotation JSON from elsewhere.
 *
 * Policy: the whole file is checked before anything is written. A record that is malformed (broken
 * W3C structure, a string over its limit, markup in a note, our own record without its quote) makes
 * the whole import fail with the reasons, and nothing is written. A well-formed annotation that
 * simply is not about text (an image, a whole page without a TextQuoteSelector) is skipped with its
 * reason. What remains is written in one transaction: new ids added, stored ids replaced only by a
 * strictly newer `modified`, so importing the same file twice changes nothing.
 */
import * as v from 'valibot';
import {
  HIGHLIGHT_COLOURS,
  type TextPositionSelector,
  type TextQuoteSelector,
} from '../../shared/annotation';
import type { ImportReport } from '../../shared/messaging/protocol';
import { describeIssues } from '../../shared/messaging/rpc';
import { err, ok, type Result } from '../../shared/result';
import { LIMITS, annotationSchema, isWebUrl } from '../../shared/schemas';
import { normalizeUrl } from '../../shared/url';
import type { ImportCandidate, ImportCounts } from '../db/annotations-repo';
import { ANNO_CONTEXT } from './jsonld';

/** A record that stops the import, or one that is left out. */
type Verdict =
  | { kind: 'ok'; candidate: ImportCandidate }
  | { kind: 'skip'; reason: string }
  | { kind: 'invalid'; reason: string };

type Json = Record<string, unknown>;

const MAX_REPORTED = 10;
const isObject = (x: unknown): x is Json => typeof x === 'object' && x !== null && !Array.isArray(x);
const asArray = (x: unknown): unknown[] => (Array.isArray(x) ? x : x === undefined ? [] : [x]);
const isIri = (x: unknown) => typeof x === 'string' && /^[a-z][a-z0-9+.-]*:\S*$/i.test(x);
const hasType = (x: Json, type: string) => asArray(x.type).includes(type);
/** xsd:dateTime with a timezone, as the model requires. */
const DATE_TIME = /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(?:\.\d+)?(?:Z|[+-]\d\d:\d\d)$/;
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

function hasAnnoContext(x: Json): boolean {
  return asArray(x['@context']).some((c) => c === ANNO_CONTEXT);
}

/** A stable UUID (version-5 layout over SHA-1) for records whose id is not ours. */
async function uuidFrom(name: string): Promise<string> {
  const digest = new Uint8Array(
    await crypto.subtle.digest('SHA-1', new TextEncoder().encode(`forum-annotator:${name}`)),
  );
  digest[6] = (digest[6]! & 0x0f) | 0x50;
  digest[8] = (digest[8]! & 0x3f) | 0x80;
  const hex = [...digest.slice(0, 16)].map((b) => b.toString(16).padStart(2, '0')).join('');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20, 32)}`;
}

/** The structural rules of the W3C model that a record must meet; the first broken one, or null. */
function structuralFault(item: Json, needsContext: boolean): string | null {
  if (needsContext && item['@context'] === undefined) return 'no @context';
  if (item['@context'] !== undefined && !hasAnnoContext(item)) return `@context must include ${ANNO_CONTEXT}`;
  if (!hasType(item, 'Annotation')) return 'type must be "Annotation"';
  if (item.id !== undefined && !isIri(item.id)) return 'id must be one IRI';
  if (item.target === undefined) return 'no target';
  for (const t of asArray(item.target)) {
    if (!isIri(t) && !isObject(t)) return 'a target must be an IRI or an object';
    if (isObject(t) && t.source === undefined && t.id === undefined && t.items === undefined)
      return 'a target without source';
  }
  for (const key of ['created', 'modified', 'generated']) {
    if (item[key] !== undefined && !(typeof item[key] === 'string' && DATE_TIME.test(item[key])))
      return `${key} must be an xsd:dateTime`;
  }
  for (const key of ['via', 'canonical', 'rights']) {
    if (item[key] !== undefined && !asArray(item[key]).every(isIri)) return `${key} must be IRIs`;
  }
  for (const key of ['creator', 'generator']) {
    if (item[key] !== undefined && !asArray(item[key]).every((c) => isIri(c) || isObject(c)))
      return `${key} must be an IRI or an object`;
  }
  if (item.body !== undefined && item.bodyValue !== undefined) return 'both body and bodyValue';
  if (item.bodyValue !== undefined && typeof item.bodyValue !== 'string') return 'bodyValue must be a string';
  for (const b of asArray(item.body)) {
    if (!isIri(b) && !isObject(b)) return 'a body must be an IRI or an object';
    if (isObject(b) && hasType(b, 'TextualBody') && typeof b.value !== 'string')
      return 'a TextualBody needs a string value';
  }
  return null;
}

interface TextTarget {
  source: string;
  quote: TextQuoteSelector;
  position?: TextPositionSelector;
}

/** Collects selectors, following `refinedBy`; reports malformed Fragment and text selectors. */
function walkSelectors(selector: unknown, found: { quote?: Json; position?: Json; fault?: string }): void {
  for (const s of asArray(selector)) {
    if (!isObject(s)) continue;
    if (
      hasType(s, 'FragmentSelector') &&
      (typeof s.value !== 'string' || (s.conformsTo !== undefined && typeof s.conformsTo !== 'string'))
    ) {
      found.fault ??= 'a FragmentSelector needs one value and at most one conformsTo';
    }
    if (hasType(s, 'TextQuoteSelector')) found.quote ??= s;
    if (hasType(s, 'TextPositionSelector')) found.position ??= s;
    if (s.refinedBy !== undefined) walkSelectors(s.refinedBy, found);
  }
}

function textTarget(item: Json): { target?: TextTarget; fault?: string } {
  for (const t of asArray(item.target)) {
    if (!isObject(t)) continue;
    const found: { quote?: Json; position?: Json; fault?: string } = {};
    walkSelectors(t.selector, found);
    if (found.fault) return { fault: found.fault };
    if (!found.quote) continue;
    const source =
      typeof t.source === 'string'
        ? t.source
        : isObject(t.source) && typeof t.source.id === 'string'
          ? t.source.id
          : undefined;
    if (!source) return { fault: 'a text target without source' };
    const q = found.quote;
    if (typeof q.exact !== 'string' || q.exact === '')
      return { fault: 'a TextQuoteSelector without its quote' };
    const quote: TextQuoteSelector = {
      type: 'TextQuoteSelector',
      exact: q.exact,
      prefix: typeof q.prefix === 'string' ? q.prefix : '',
      suffix: typeof q.suffix === 'string' ? q.suffix : '',
    };
    const p = found.position;
    const position =
      p && typeof p.start === 'number' && typeof p.end === 'number'
        ? { type: 'TextPositionSelector' as const, start: p.start, end: p.end }
        : undefined;
    return { target: position ? { source, quote, position } : { source, quote } };
  }
  return {};
}

/** Note text and tags from the bodies: tagging TextualBodies are tags, other TextualBodies the note. */
function noteAndTags(item: Json): { note: string; tags: string[] } {
  if (typeof item.bodyValue === 'string') return { note: item.bodyValue, tags: [] };
  const notes: string[] = [];
  const tags: string[] = [];
  for (const b of asArray(item.body)) {
    const body =
      isObject(b) && hasType(b, 'Choice')
        ? asArray(b.items).find((x) => isObject(x) && typeof x.value === 'string')
        : b;
    if (!isObject(body) || typeof body.value !== 'string') continue;
    if (asArray(body.purpose).includes('tagging')) tags.push(body.value);
    else notes.push(body.value);
  }
  return { note: notes.join('\n\n'), tags };
}

const iso = (s: string) => new Date(s).toISOString();

async function convert(item: unknown, needsContext: boolean, now: string): Promise<Verdict> {
  if (!isObject(item)) return { kind: 'invalid', reason: 'not an object' };
  const fault = structuralFault(item, needsContext);
  if (fault) return { kind: 'invalid', reason: fault };
  const ours = Object.keys(item).some((k) => k.startsWith('fa:'));
  const { target, fault: targetFault } = textTarget(item);
  if (targetFault) return { kind: 'invalid', reason: targetFault };
  if (!target) {
    return ours
      ? { kind: 'invalid', reason: 'record has no quote (TextQuoteSelector)' }
      : { kind: 'skip', reason: 'target is not text (no TextQuoteSelector)' };
  }
  // An absolute URL of another kind (urn:, data:, javascript:) is not a page we annotate: skipped.
  // A relative or broken one is malformed, and the schema below says so.
  const source = normalizeUrl(target.source);
  if (/^[a-z][a-z0-9+.-]*:/i.test(source) && !isWebUrl(source))
    return { kind: 'skip', reason: 'target is not a web page (an http, https or file URL)' };
  const { note, tags } = noteAndTags(item);
  const rawId = typeof item.id === 'string' ? item.id : undefined;
  const ownId = rawId?.replace(/^urn:uuid:/i, '');
  const id = ownId && UUID.test(ownId) ? ownId.toLowerCase() : await uuidFrom(rawId ?? JSON.stringify(item));
  const created = typeof item.created === 'string' ? iso(item.created) : undefined;
  const modified = typeof item.modified === 'string' ? iso(item.modified) : undefined;
  const color = item['fa:color'] ?? 'yellow';
  if (!HIGHLIGHT_COLOURS.some((c) => c === color))
    return { kind: 'invalid', reason: `fa:color must be one of ${HIGHLIGHT_COLOURS.join(', ')}` };
  const record: Record<string, unknown> = {
    id,
    url: normalizeUrl(target.source),
    title: typeof item['fa:pageTitle'] === 'string' ? item['fa:pageTitle'] : '',
    target: {
      selector: [target.quote, target.position ?? { type: 'TextPositionSelector', start: 0, end: 0 }],
    },
    color,
    note,
    tags,
    created: created ?? modified ?? now,
    modified: modified ?? created ?? now,
  };
  if (item['fa:pointId'] !== undefined) record.pointId = item['fa:pointId'];
  const parsed = v.safeParse(annotationSchema, record);
  if (!parsed.success) return { kind: 'invalid', reason: describeIssues(parsed.issues) };
  return {
    kind: 'ok',
    candidate: { record: parsed.output, timestamped: modified !== undefined || created !== undefined },
  };
}

/** The annotations of a file, and whether each one must carry its own @context. */
function itemsOf(doc: unknown): Result<{ items: unknown[]; needsContext: boolean }> {
  if (Array.isArray(doc)) return ok({ items: doc, needsContext: true });
  if (!isObject(doc))
    return err('The file is not a Web Annotation document (expected an object or an array).');
  if (hasType(doc, 'Annotation')) return ok({ items: [doc], needsContext: true });
  const isCollection = hasType(doc, 'AnnotationCollection');
  const isPage = hasType(doc, 'AnnotationPage');
  if (!isCollection && !isPage)
    return err(
      'The file is not a Web Annotation document (expected an Annotation, AnnotationPage or AnnotationCollection).',
    );
  if (!hasAnnoContext(doc)) return err(`The file's @context must include ${ANNO_CONTEXT}.`);
  const page = isCollection ? doc.first : doc;
  if (isCollection && doc.first === undefined) return ok({ items: [], needsContext: false });
  if (!isObject(page) || !Array.isArray(page.items)) {
    return err(
      'The collection must contain its first page inline, with an items array (pages by reference are not fetched).',
    );
  }
  return ok({ items: page.items, needsContext: false });
}

export interface ImportStore {
  importRecords(candidates: readonly ImportCandidate[]): Promise<ImportCounts>;
}

/** Checks everything, then writes in one transaction; an error means nothing was written. */
export async function importAnnotations(
  store: ImportStore,
  text: string,
  now: string,
): Promise<Result<ImportReport>> {
  if (text.length >= LIMITS.importChars)
    return err('The file is too large: imports must be smaller than 50 MB.');
  let doc: unknown;
  try {
    doc = JSON.parse(text);
  } catch (error) {
    return err(`The file is not JSON (${error instanceof Error ? error.message : 'parse error'}).`);
  }
  const found = itemsOf(doc);
  if (!found.ok) return found;
  const { items, needsContext } = found.value;

  const skipped: ImportReport['skipped'] = [];
  const invalid: string[] = [];
  const byId = new Map<string, { candidate: ImportCandidate; index: number }>();
  for (const [index, item] of items.entries()) {
    const verdict = await convert(item, needsContext, now);
    if (verdict.kind === 'invalid') invalid.push(`item ${index}: ${verdict.reason}`);
    else if (verdict.kind === 'skip') skipped.push({ index, reason: verdict.reason });
    else {
      const { record } = verdict.candidate;
      const earlier = byId.get(record.id);
      if (earlier && Date.parse(earlier.candidate.record.modified) >= Date.parse(record.modified)) {
        skipped.push({ index, reason: `same id as item ${earlier.index}, which is as new or newer` });
      } else {
        if (earlier)
          skipped.push({ index: earlier.index, reason: `same id as item ${index}, which is newer` });
        byId.set(record.id, { candidate: verdict.candidate, index });
      }
    }
  }
  if (invalid.length > 0) {
    const shown = invalid.slice(0, MAX_REPORTED).join('; ');
    const more = invalid.length > MAX_REPORTED ? `; and ${invalid.length - MAX_REPORTED} more` : '';
    return err(
      `Nothing was imported: ${invalid.length} of ${items.length} record${items.length === 1 ? ' is' : 's are'} invalid. ${shown}${more}`,
    );
  }
  const counts = await store.importRecords([...byId.values()].map((x) => x.candidate));
  return ok({ ...counts, skipped: skipped.sort((a, b) => a.index - b.index) });
}
