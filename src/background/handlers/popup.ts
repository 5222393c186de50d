/** PopupToBackground: extension pages (popup, review page) see and change everything. */
import type {
  ExportFile,
  ExportFormat,
  Handlers,
  PopupToBackground,
  SearchRequest,
} from '../../shared/messaging/protocol';
import { RpcError } from '../../shared/messaging/rpc';
import { exportAnnotations, exportEverything } from '../export';
import { importAnnotations } from '../export/importer';
import type { ReadTurns } from '../read-turns';
import { createSearcher } from '../search/searcher';
import { normalizeUrl, siteOf } from '../../shared/url';
import { preparedExports, type PreparedExports } from '../export/prepared';
import { splitPoints } from '../db/key-ranges';
import type { TabRegistry } from '../tab-registry';
import { keepOpeningResults } from '../opening-results';
import type { OpeningResultsStore } from '../../platform/opening-results';
import type { HandlerDeps } from './deps';

/** One exportChunk answer: under the 64 MiB a runtime message may carry, even as UTF-8 (≤ 3 bytes a unit). */
export const EXPORT_SLICE = 16_000_000;

/** Records in each key range an export of everything reads, and how many sample ids find each. */
const EXPORT_BATCH = 5_000;
const SAMPLES_PER_RANGE = 32;

/** What the receiver knows of an extension-page sender: nothing it needs. */
export type ExtensionContext = Record<string, never>;

export interface PopupHandlerOptions {
  /** Which tab shows which page (findTab). */
  tabs?: TabRegistry;
  prepared?: PreparedExports;
  /** Where the popup's opening results are kept for it. */
  openingResults?: OpeningResultsStore;
  /** Reads that go ahead of the search index's build, shared with the content handlers. */
  turns?: ReadTurns;
}

export function createPopupHandlers(
  { annotations, pages, now, newId }: HandlerDeps,
  { tabs, prepared = preparedExports, openingResults, turns }: PopupHandlerOptions = {},
) {
  const searcher = createSearcher(annotations, turns ? { turns } : {});
  const search = openingResults
    ? keepOpeningResults((request) => searcher.search(request), annotations, openingResults, {
        // Searched again after a change only once the in-memory index is built.
        cheap: () => searcher.counts() !== null,
      })
    : (request: SearchRequest) => searcher.search(request);

  /** The file of the chosen annotations, everything by default (read in batches as it is written). */
  const write = async (
    format: ExportFormat,
    { query, ids }: { query?: SearchRequest | undefined; ids?: string[] | undefined },
  ): Promise<ExportFile> => {
    if (ids) return exportAnnotations(await annotations.getMany(ids), format, now());
    if (query) return exportAnnotations(await searcher.searchAll(query), format, now());
    // With the in-memory index built, its ids tell where to split the table into ranges of about
    // EXPORT_BATCH records, read several at once; without it (a waking worker), in pages.
    const splits = splitPoints(
      searcher.counts()?.idsEvery(EXPORT_BATCH / SAMPLES_PER_RANGE) ?? [],
      SAMPLES_PER_RANGE,
    );
    return exportEverything(annotations, format, now(), splits);
  };

  return {
    search,

    async listPages() {
      return (await pages.list((await searcher.builtCounts())?.urls())).filter((p) => p.count > 0);
    },

    async listSites() {
      const counts = await searcher.builtCounts();
      if (counts) return counts.sites();
      const sites = new Set((await pages.list()).filter((p) => p.count > 0).map((p) => siteOf(p.url)));
      return [...sites].filter(Boolean).sort();
    },

    async getAnnotation({ id }) {
      return (await annotations.get(id)) ?? null;
    },

    async updateAnnotation({ id, patch }) {
      const updated = await annotations.update(id, (current) => ({ ...current, ...patch, modified: now() }));
      if (!updated) throw new RpcError('no annotation with this id');
      return updated;
    },

    async deleteAnnotations({ ids }) {
      return { deleted: await annotations.deleteMany(ids) };
    },

    async restoreAnnotations({ annotations: records }) {
      return { restored: await annotations.putMany(records) };
    },

    async renameTag({ from, to }) {
      const target = to.replace(/\s+/g, ' ').trim();
      if (target === '') throw new RpcError('the new tag name is empty');
      return { updated: await annotations.renameTag(from.trim(), target, now()) };
    },

    listTags: async () => (await searcher.builtCounts())?.tags() ?? annotations.tagCounts(),

    listPoints: async () => (await searcher.builtCounts())?.pointIds() ?? annotations.pointIds(),

    exportAll: ({ format, query }) => write(format, { query }),

    async exportBegin({ format, query, ids }) {
      const file = await write(format, { query, ids });
      const token = newId();
      prepared.put(token, { text: file.text, mimeType: file.mimeType, filename: file.filename });
      return {
        token,
        filename: file.filename,
        mimeType: file.mimeType,
        count: file.count,
        length: file.text.length,
      };
    },

    exportChunk({ token, offset }) {
      const file = prepared.get(token);
      if (!file) throw new RpcError('this export has expired: export again');
      const text = file.text.slice(offset, offset + EXPORT_SLICE);
      const done = offset + EXPORT_SLICE >= file.text.length;
      if (done) prepared.drop(token);
      return { text, done };
    },

    listOrphans: () => annotations.listOrphans(),

    findTab({ url }) {
      const tabId = tabs?.find(normalizeUrl(url)) ?? null;
      return tabId === null ? null : { tabId };
    },

    async importAnnotations({ text }) {
      const result = await importAnnotations(annotations, text, now());
      if (!result.ok) throw new RpcError(result.error);
      return result.value;
    },
  } satisfies Handlers<PopupToBackground, ExtensionContext>;
}
