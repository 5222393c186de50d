/**
 * Routes each message by its sender: content scripts to the ContentToBackground handlers (with the
 * URL taken from the sender), extension pages to PopupToBackground. Waits for the `ready` gate
 * (the database), and always answers a message of ours with a Result.
 */
import type { MessageListener } from '../platform/messaging';
import type { OpeningResultsStore } from '../platform/opening-results';
import { ContentToBackground, EditorToBackground, PopupToBackground } from '../shared/messaging/protocol';
import { RPC_TAG, createReceiver, type Receiver, type RpcResult } from '../shared/messaging/rpc';
import { err } from '../shared/result';
import { createContentHandlers } from './handlers/content';
import type { HandlerDeps } from './handlers/deps';
import { createEditorHandlers, type EditorContext, type SendToTab } from './handlers/editor';
import { createPopupHandlers, type ExtensionContext } from './handlers/popup';
import { createReadTurns } from './read-turns';
import { classifySender, type ContentContext } from './sender';
import { createTabRegistry, type TabRegistry } from './tab-registry';

export interface RouterOptions {
  /** Resolves once the database is open; a rejection is reported to callers and retried next time. */
  ready: () => Promise<HandlerDeps>;
  extensionId: string;
  extensionOrigin: string;
  /** How editor iframes reach the content script of their tab (tabs.sendMessage). */
  sendToTab?: SendToTab;
  /** Learns which tab shows which page from content-script senders (the popup's findTab). */
  tabs?: TabRegistry;
  /** Where the popup's opening results are kept for it (none in unit tests). */
  openingResults?: OpeningResultsStore;
}

const isOurs = (message: unknown) =>
  typeof message === 'object' && message !== null && (message as { rpc?: unknown }).rpc === RPC_TAG;

const noTabs: SendToTab = () => Promise.reject(new Error('no tab messaging'));

export function createRouter({
  ready,
  extensionId,
  extensionOrigin,
  sendToTab = noTabs,
  tabs = createTabRegistry(),
  openingResults,
}: RouterOptions): MessageListener {
  // Needs no database: an editor's event reaches its page even while the database opens.
  const editor: Receiver<EditorContext> = createReceiver(EditorToBackground, createEditorHandlers(sendToTab));

  let receivers: Promise<{ content: Receiver<ContentContext>; popup: Receiver<ExtensionContext> }> | null =
    null;

  const getReceivers = () => {
    receivers ??= ready().then((deps) => {
      // A page's annotations and the popup's searches both go ahead of the search index's build.
      const turns = createReadTurns();
      return {
        content: createReceiver(ContentToBackground, createContentHandlers(deps, turns)),
        popup: createReceiver(PopupToBackground, createPopupHandlers(deps, { tabs, openingResults, turns })),
      };
    });
    receivers.catch(() => {
      receivers = null;
    });
    return receivers;
  };

  return (message, sender) => {
    // Not ours (another part of the extension may answer it): let it pass.
    if (!isOurs(message)) return undefined;
    return (async (): Promise<RpcResult<unknown>> => {
      const from = classifySender(sender, extensionId, extensionOrigin);
      if (from.kind === 'rejected') return err(`rejected: ${from.reason}`);
      if (from.kind === 'extension' && Object.hasOwn(EditorToBackground, (message as { type: string }).type))
        return editor(message, from.tabId === undefined ? {} : { tabId: from.tabId });
      let r;
      try {
        r = await getReceivers();
      } catch (error) {
        return err(
          `the database is not available: ${error instanceof Error ? error.message : String(error)}`,
        );
      }
      if (from.kind === 'extension') return r.popup(message, {});
      const { url, tabId, frameId } = from;
      if (frameId === 0) tabs.seen(tabId, url);
      return r.content(message, { url, tabId, frameId });
    })();
  };
}
