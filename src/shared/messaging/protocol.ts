/**
 * The call maps, one per direction. Each call has a runtime schema for its request (checked by the
 * receiver before any handler runs) and a response type. Request types are inferred from the schemas:
 * `RequestIn` is what a sender passes, `RequestOut` what a handler receives after validation.
 */
import * as v from 'valibot';
import type { Annotation, HighlightColour } from '../annotation';
import {
  LIMITS,
  annotationPatchSchema,
  annotationSchema,
  boundedString,
  colourSchema,
  idSchema,
  noteSchema,
  pointIdSchema,
  tagSchema,
  tagsSchema,
  targetSchema,
  titleInputSchema,
} from '../schemas';

// ---- the call-map machinery -------------------------------------------------------------------

export type AnySchema = v.GenericSchema;

/** One call: its request schema, and its response type carried as a phantom. */
export interface CallSpec<S extends AnySchema = AnySchema, R = unknown> {
  readonly request: S;
  /** Never set: only carries the response type. */
  readonly response?: R;
}

export type CallMap = Record<string, CallSpec>;

/** `calls<Response>()(schema)`: the response type is given, the request type inferred. */
export const spec =
  <R>() =>
  <S extends AnySchema>(request: S): CallSpec<S, R> => ({ request });

export type CallName<M extends CallMap> = keyof M & string;
export type RequestIn<M extends CallMap, K extends keyof M> = v.InferInput<M[K]['request']>;
export type RequestOut<M extends CallMap, K extends keyof M> = v.InferOutput<M[K]['request']>;
export type ResponseOf<M extends CallMap, K extends keyof M> =
  M[K] extends CallSpec<AnySchema, infer R> ? R : never;

/** The handlers of a call map; `Ctx` is what the receiver knows about the sender. */
export type Handlers<M extends CallMap, Ctx> = {
  [K in keyof M]: (request: RequestOut<M, K>, ctx: Ctx) => Promise<ResponseOf<M, K>> | ResponseOf<M, K>;
};

// ---- shared pieces ----------------------------------------------------------------------------

const empty = v.strictObject({});

export const searchFiltersSchema = v.strictObject({
  tag: v.optional(tagSchema),
  site: v.optional(boundedString('site', 253)),
  color: v.optional(colourSchema),
  pointId: v.optional(pointIdSchema),
  /** "This page": the popup passes the active tab's URL; it is normalised before use. */
  url: v.optional(boundedString('url', LIMITS.url)),
});

export const searchRequestSchema = v.strictObject({
  /** Free text: words (prefixes), "quoted phrases", and tag:/site:/color:/point:/url: filters. */
  query: boundedString('query', LIMITS.query),
  filters: v.optional(searchFiltersSchema),
  offset: v.optional(v.pipe(v.number(), v.integer(), v.minValue(0))),
  limit: v.optional(v.pipe(v.number(), v.integer(), v.minValue(1), v.maxValue(100_000))),
});
export type SearchRequest = v.InferOutput<typeof searchRequestSchema>;

/** The popup's search as it opens: everything, newest first, one page of results. */
export const OPENING_SEARCH: Readonly<SearchRequest> = Object.freeze({ query: '', filters: {}, limit: 50 });

/** Whether `request` asks what the popup asks as it opens. */
export const isOpeningSearch = (request: SearchRequest): boolean =>
  request.query === '' &&
  Object.keys(request.filters ?? {}).length === 0 &&
  (request.offset ?? 0) === 0 &&
  request.limit === OPENING_SEARCH.limit;

export interface PageGroup {
  url: string;
  title: string;
  annotations: Annotation[];
}

export interface SearchResult {
  /** How many annotations match (before offset/limit). */
  total: number;
  /**
   * Set when not every candidate was checked on its record (a phrase of words most records carry,
   * a site filter): `total` counts the matches found so far, and there may be more.
   */
  atLeast?: true;
  /** Pages in order of their newest matching annotation; annotations newest first. */
  groups: PageGroup[];
  /** Folded query words and phrase words, for marking matches (see shared/search-tokens markTerms). */
  terms: string[];
}

export interface PageSummary {
  url: string;
  title: string;
  firstSeen: string;
  lastSeen: string;
  count: number;
}

export interface TagCount {
  tag: string;
  count: number;
}

export const EXPORT_FORMATS = ['markdown', 'jsonld', 'csv'] as const;
export type ExportFormat = (typeof EXPORT_FORMATS)[number];

export interface ExportFile {
  filename: string;
  mimeType: string;
  text: string;
  count: number;
}

export interface ExportHandle {
  token: string;
  filename: string;
  mimeType: string;
  /** Annotations in the file. */
  count: number;
  /** Length of the file's text in UTF-16 code units, for progress. */
  length: number;
}

export interface ImportReport {
  added: number;
  updated: number;
  /** Already stored with the same or a newer `modified`. */
  unchanged: number;
  /** Records not imported (e.g. a W3C annotation whose target is not text), with the reason. */
  skipped: { index: number; reason: string }[];
}

// ---- content script -> background -------------------------------------------------------------

const idsSchema = v.pipe(v.array(idSchema), v.maxLength(LIMITS.ids, `at most ${LIMITS.ids} ids at once`));

export const createAnnotationSchema = v.strictObject({
  /** Optional client-made UUID so that a retried create is not stored twice. */
  id: v.optional(idSchema),
  title: titleInputSchema,
  target: targetSchema,
  color: colourSchema,
  note: v.optional(noteSchema, ''),
  tags: v.optional(tagsSchema, []),
  pointId: v.optional(pointIdSchema),
});

export const ContentToBackground = {
  /** Stores a new annotation on the sender's page (URL from the sender, never the message). */
  createAnnotation: spec<Annotation>()(createAnnotationSchema),
  /** Changes an annotation of the sender's page. */
  updateAnnotation: spec<Annotation>()(v.strictObject({ id: idSchema, patch: annotationPatchSchema })),
  /** Deletes an annotation of the sender's page; answers with the deleted record (for undo). */
  deleteAnnotation: spec<{ deleted: Annotation | null }>()(v.strictObject({ id: idSchema })),
  /** The annotations of the sender's page, newest first; `title` refreshes the page's title. */
  listForPage: spec<Annotation[]>()(v.strictObject({ title: v.optional(titleInputSchema) })),
  /** One annotation of the sender's page (null when deleted or on another page): after an edit. */
  getAnnotation: spec<Annotation | null>()(v.strictObject({ id: idSchema })),
  /**
   * After anchoring: which of this page's annotations could not be anchored (orphans, listed on the
   * review page) and which were anchored (clears an earlier mark). Ids of other pages are ignored.
   */
  markOrphans: spec<{ changed: number }>()(
    v.strictObject({ orphaned: idsSchema, anchored: v.optional(idsSchema, []) }),
  ),
  ping: spec<{ pong: true }>()(empty),
} satisfies CallMap;
export type ContentToBackground = typeof ContentToBackground;

// ---- popup / review page -> background --------------------------------------------------------

export const PopupToBackground = {
  search: spec<SearchResult>()(searchRequestSchema),
  listPages: spec<PageSummary[]>()(empty),
  /** The sites (hosts) that have annotations, sorted (the site filter's choices). */
  listSites: spec<string[]>()(empty),
  getAnnotation: spec<Annotation | null>()(v.strictObject({ id: idSchema })),
  updateAnnotation: spec<Annotation>()(
    v.strictObject({
      id: idSchema,
      patch: v.strictObject({
        color: v.optional(colourSchema),
        note: v.optional(noteSchema),
        tags: v.optional(tagsSchema),
      }),
    }),
  ),
  /** Deletes; answers with the deleted records, which `restoreAnnotations` takes back (undo). */
  deleteAnnotations: spec<{ deleted: Annotation[] }>()(v.strictObject({ ids: idsSchema })),
  restoreAnnotations: spec<{ restored: number }>()(
    v.strictObject({
      annotations: v.pipe(
        v.array(annotationSchema),
        v.maxLength(LIMITS.restore, `at most ${LIMITS.restore} at once`),
      ),
    }),
  ),
  /** Renames a tag everywhere; when `to` already exists on a record the two merge. */
  renameTag: spec<{ updated: number }>()(v.strictObject({ from: tagSchema, to: tagSchema })),
  listTags: spec<TagCount[]>()(empty),
  /** Initiative point ids that have annotations, sorted (the point filter's choices). */
  listPoints: spec<string[]>()(empty),
  /** Everything, or what `query` finds (offset/limit ignored). */
  exportAll: spec<ExportFile>()(
    v.strictObject({
      format: v.picklist(EXPORT_FORMATS, `format must be one of ${EXPORT_FORMATS.join(', ')}`),
      query: v.optional(searchRequestSchema),
    }),
  ),
  /**
   * Export in slices, for files larger than one message may carry (runtime messages stop at 64 MiB):
   * `exportBegin` writes the file in the background and answers its size; `exportChunk` reads it a
   * slice at a time (the page shows progress), the last slice frees it.
   */
  exportBegin: spec<ExportHandle>()(
    v.strictObject({
      format: v.picklist(EXPORT_FORMATS, `format must be one of ${EXPORT_FORMATS.join(', ')}`),
      /** What a search finds (offset/limit ignored), or these annotations; else everything. */
      query: v.optional(searchRequestSchema),
      ids: v.optional(idsSchema),
    }),
  ),
  exportChunk: spec<{ text: string; done: boolean }>()(
    v.strictObject({
      token: boundedString('token', 64),
      offset: v.pipe(v.number(), v.integer(), v.minValue(0)),
    }),
  ),
  /** Annotations the content script could not anchor on their page, newest first. */
  listOrphans: spec<Annotation[]>()(empty),
  /** A tab that showed `url` (normalised) when its content script last spoke, to switch to it. */
  findTab: spec<{ tabId: number } | null>()(v.strictObject({ url: boundedString('url', LIMITS.url) })),
  importAnnotations: spec<ImportReport>()(
    v.strictObject({
      text: v.pipe(
        v.string(),
        v.maxLength(LIMITS.importChars - 1, 'the file is too large: imports must be smaller than 50 MB'),
      ),
    }),
  ),
} satisfies CallMap;
export type PopupToBackground = typeof PopupToBackground;

// ---- editor page (extension iframe in a tab) -> background -> its host content script ----------

/**
 * The random token a content script puts in the URL of the editor iframe it opens, so that events
 * from that iframe reach that content script and no other frame of the tab. It carries no user
 * data; a page that reads it can do nothing with it (it cannot send extension messages).
 */
export const hostTokenSchema = v.pipe(
  v.string(),
  v.regex(/^[A-Za-z0-9_-]{16,64}$/, 'host must be a token of 16 to 64 letters, digits, - or _'),
);

/** What the editor tells the content script that opened it: ids and commands, never note text. */
export const hostEventSchema = v.variant('kind', [
  /** Close the iframe (saved, cancelled, or done). */
  v.strictObject({ kind: v.literal('close') }),
  /** The annotation changed or was deleted/restored: read it again (getAnnotation). */
  v.strictObject({ kind: v.literal('changed'), id: idSchema }),
  /** Move this (orphaned) annotation to the reader's current selection. */
  v.strictObject({ kind: v.literal('reattach'), id: idSchema }),
]);
export type HostEvent = v.InferOutput<typeof hostEventSchema>;

export const EditorToBackground = {
  /**
   * Relays an event to the content scripts of the sender's tab; only the one with `host` acts.
   * `delivered`: that content script answered that it did what was asked.
   */
  notifyHost: spec<{ delivered: boolean }>()(
    v.strictObject({ host: hostTokenSchema, event: hostEventSchema }),
  ),
} satisfies CallMap;
export type EditorToBackground = typeof EditorToBackground;

// ---- background -> content script -------------------------------------------------------------

export const MENU_ACTIONS = ['highlight', 'note'] as const;
export type MenuAction = (typeof MENU_ACTIONS)[number];

export const BackgroundToContent = {
  /** A context-menu item or keyboard command for the current selection. */
  menuAction: spec<{ handled: boolean }>()(
    v.strictObject({ action: v.picklist(MENU_ACTIONS, `action must be one of ${MENU_ACTIONS.join(', ')}`) }),
  ),
  /** An event from an editor iframe (see EditorToBackground.notifyHost). */
  hostEvent: spec<{ handled: boolean }>()(v.strictObject({ host: hostTokenSchema, event: hostEventSchema })),
} satisfies CallMap;
export type BackgroundToContent = typeof BackgroundToContent;

export type { Annotation, HighlightColour };
