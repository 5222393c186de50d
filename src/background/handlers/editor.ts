/**
 * EditorToBackground: the editor iframe (an extension page inside a tab) tells the content script
 * that opened it what happened. The event goes to the sender's own tab only; in that tab, only the
 * content script holding the `host` token acts on it.
 */
import type { EditorToBackground, Handlers } from '../../shared/messaging/protocol';
import { BackgroundToContent } from '../../shared/messaging/protocol';
import { RpcError, RPC_TAG, type Envelope } from '../../shared/messaging/rpc';

export interface EditorContext {
  /** The tab the editor iframe is shown in; absent for a popup or a review tab's own page. */
  tabId?: number;
}

/** Sends a BackgroundToContent message to the content scripts of a tab (all frames, or one). */
export type SendToTab = (tabId: number, message: Envelope, frameId?: number) => Promise<unknown>;

export function contentEnvelope<K extends keyof typeof BackgroundToContent>(
  type: K,
  payload: unknown,
): Envelope {
  return { rpc: RPC_TAG, type, payload };
}

export function createEditorHandlers(sendToTab: SendToTab) {
  return {
    async notifyHost({ host, event }, ctx) {
      if (ctx.tabId === undefined) throw new RpcError('notifyHost is only for an editor shown in a tab');
      try {
        const reply = (await sendToTab(ctx.tabId, contentEnvelope('hostEvent', { host, event }))) as
          { ok?: boolean; value?: { handled?: boolean } } | undefined;
        return { delivered: reply?.ok === true && reply.value?.handled === true };
      } catch {
        // The page went away (navigated, closed): nobody is left to tell.
        return { delivered: false };
      }
    },
  } satisfies Handlers<EditorToBackground, EditorContext>;
}
