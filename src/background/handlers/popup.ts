/** PopupToBackground: extension pages (popup, review page) see and change everything. */
import type { Handlers, PopupToBackground } from '../../shared/messaging/protocol';
import { RpcError } from '../../shared/messaging/rpc';
import { exportAnnotations } from '../export';
import { importAnnotations } from '../export/importer';
import { search, searchAll } from '../search/search';
import type { HandlerDeps } from './deps';

/** What the receiver knows of an extension-page sender: nothing it needs. */
export type ExtensionContext = Record<string, never>;

export function createPopupHandlers({ annotations, pages, now }: HandlerDeps) {
  return {
    search: (req) => search(annotations, req),

    async listPages() {
      return (await pages.list()).filter((p) => p.count > 0);
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

    listTags: () => annotations.tagCounts(),

    async exportAll({ format, query }) {
      const records = query ? await searchAll(annotations, query) : await annotations.all();
      return exportAnnotations(records, format, now());
    },

    async importAnnotations({ text }) {
      const result = await importAnnotations(annotations, text, now());
      if (!result.ok) throw new RpcError(result.error);
      return result.value;
    },
  } satisfies Handlers<PopupToBackground, ExtensionContext>;
}
