/** ContentToBackground: a content script may read and change only the annotations of its own page. */
import type { Annotation } from '../../shared/annotation';
import type { ContentToBackground, Handlers } from '../../shared/messaging/protocol';
import { RpcError } from '../../shared/messaging/rpc';
import { createReadTurns, type ReadTurns } from '../read-turns';
import type { ContentContext } from '../sender';
import type { HandlerDeps } from './deps';

const NOT_HERE = 'no annotation with this id on this page';

export function createContentHandlers(
  { annotations, pages, now, newId }: HandlerDeps,
  /** Reads that go ahead of the search index's build (see read-turns.ts). */
  turns: ReadTurns = createReadTurns(),
) {
  return {
    async createAnnotation(req, ctx) {
      if (req.id !== undefined) {
        // A retried create: answer with what the first attempt stored.
        const existing = await annotations.get(req.id);
        if (existing) {
          if (existing.url !== ctx.url) throw new RpcError('this id is already used');
          return existing;
        }
      }
      const at = now();
      const annotation: Annotation = {
        id: req.id ?? newId(),
        url: ctx.url,
        title: req.title,
        target: req.target,
        color: req.color,
        note: req.note,
        tags: req.tags,
        created: at,
        modified: at,
      };
      if (req.pointId !== undefined) annotation.pointId = req.pointId;
      return annotations.create(annotation);
    },

    async updateAnnotation({ id, patch }, ctx) {
      const updated = await annotations.update(id, (current) => {
        if (current.url !== ctx.url) throw new RpcError(NOT_HERE);
        return { ...current, ...patch, modified: now() };
      });
      if (!updated) throw new RpcError(NOT_HERE);
      return updated;
    },

    async deleteAnnotation({ id }, ctx) {
      const current = await annotations.get(id);
      if (!current || current.url !== ctx.url) return { deleted: null };
      const [deleted] = await annotations.deleteMany([id]);
      return { deleted: deleted ?? null };
    },

    async listForPage({ title }, ctx) {
      // The visit is recorded without holding up the answer: a read-write transaction on pages
      // waits behind long reads (the review page listing 5,000 pages), and the page's own
      // highlights must not wait with it.
      pages.touch(ctx.url, title, now()).catch((error: unknown) => {
        console.warn('Forum Annotator: could not record the visit', error);
      });
      // The page's highlights wait on this: it goes ahead of the search index's build.
      const read = annotations.listByUrl(ctx.url);
      turns.goFirst(read);
      return read;
    },

    async getAnnotation({ id }, ctx) {
      const current = await annotations.get(id);
      return current && current.url === ctx.url ? current : null;
    },

    async markOrphans({ orphaned, anchored }, ctx) {
      return { changed: await annotations.markOrphans(ctx.url, orphaned, anchored) };
    },

    ping: () => ({ pong: true as const }),
  } satisfies Handlers<ContentToBackground, ContentContext>;
}
