// The service worker. Listeners are registered synchronously at top level so that a worker
// woken by an event sees its listener (MV3 drops events that arrive before registration).
import { browser } from '../platform/browser';
import { browserMessaging } from '../platform/messaging';
import { sessionOpeningResults } from '../platform/opening-results';
import { t } from '../platform/i18n';
import { createAnnotationsRepo } from './db/annotations-repo';
import { createPagesRepo } from './db/pages-repo';
import { openDatabase } from './db/schema';
import type { HandlerDeps } from './handlers/deps';
import { contentEnvelope, type SendToTab } from './handlers/editor';
import { preparedExports } from './export/prepared';
import { createRouter } from './router';
import { createTabRegistry } from './tab-registry';

/** The `ready` gate: the database is opened once, on the first message that needs it. */
let ready: Promise<HandlerDeps> | null = null;
function whenReady(): Promise<HandlerDeps> {
  ready ??= openDatabase().then((db) => ({
    annotations: createAnnotationsRepo(db),
    pages: createPagesRepo(db),
    now: () => new Date().toISOString(),
    newId: () => crypto.randomUUID(),
  }));
  ready.catch((error: unknown) => {
    console.error('Forum Annotator: could not open the database', error);
    ready = null;
  });
  return ready;
}

const sendToTab: SendToTab = (tabId, message, frameId) =>
  browser.tabs.sendMessage(tabId, message, frameId === undefined ? {} : { frameId });

const tabs = createTabRegistry();
// A tab that closes or starts loading another page no longer shows what it reported.
browser.tabs.onRemoved.addListener((tabId) => tabs.forget(tabId));
browser.tabs.onUpdated.addListener((tabId, change) => {
  if (change.status === 'loading') tabs.forget(tabId);
});

browserMessaging.listen(
  createRouter({
    tabs,
    ready: whenReady,
    extensionId: browserMessaging.extensionId(),
    extensionOrigin: browserMessaging.extensionOrigin(),
    sendToTab,
    openingResults: sessionOpeningResults,
  }),
);

// Context-menu items and keyboard commands act on the selection in the page: the content script
// of the frame that holds it does the work (it has the DOM range and the text model).
const MENU = { highlight: 'annotator-highlight', note: 'annotator-note' } as const;

browser.contextMenus.onClicked.addListener((info, tab) => {
  const action =
    info.menuItemId === MENU.highlight ? 'highlight' : info.menuItemId === MENU.note ? 'note' : null;
  if (!action || tab?.id === undefined) return;
  void sendToTab(tab.id, contentEnvelope('menuAction', { action }), info.frameId).catch(() => undefined);
});

browser.commands.onCommand.addListener((command, tab) => {
  const action =
    command === 'highlight-selection' ? 'highlight' : command === 'note-selection' ? 'note' : null;
  if (!action || tab?.id === undefined) return;
  // Which frame holds the selection is not known here: every frame is asked, the one with a
  // selection acts.
  void sendToTab(tab.id, contentEnvelope('menuAction', { action })).catch(() => undefined);
});

browser.runtime.onInstalled.addListener(() => {
  // An update may change what a search answers: the popup's kept results go.
  void sessionOpeningResults.write(null);
  // Menu items outlive the worker: create them once per install or update.
  void browser.contextMenus.removeAll().then(() => {
    browser.contextMenus.create({
      id: MENU.highlight,
      title: t('menu_highlight'),
      contexts: ['selection'],
    });
    browser.contextMenus.create({ id: MENU.note, title: t('menu_note'), contexts: ['selection'] });
  });
  // Ask the browser not to evict the database under storage pressure. Extensions with
  // unlimitedStorage are exempt anyway; for the rest this is best effort.
  void navigator.storage?.persist?.().catch(() => false);
});

// Export files go to the popup and the review page as a Blob on the MessagePort they post with
// their request (see preparedExports.handOver). Only the extension's own pages can post to its
// worker. Firefox runs the background as a page, which has no such clients: there the pages read
// the file in slices over runtime messages.
if ('ServiceWorkerGlobalScope' in globalThis) {
  self.addEventListener('message', (event) => {
    const { data, ports } = event as MessageEvent;
    ports[0]?.postMessage(preparedExports.handOver(data));
  });
}

// Open the database early when the worker starts, so the first message does not wait for it.
void whenReady().catch(() => undefined);
