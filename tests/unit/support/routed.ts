/** A fresh database behind the real router on the fake messaging, and callers as each kind of sender. */
import { createRouter, type RouterOptions } from '../../../src/background/router';
import {
  createFakeMessaging,
  FAKE_EXTENSION_ID,
  FAKE_EXTENSION_ORIGIN,
} from '../../../src/platform/messaging-fake';
import type { ContentToBackground, PopupToBackground } from '../../../src/shared/messaging/protocol';
import { createCaller, type Caller } from '../../../src/shared/messaging/rpc';
import { freshBackbone } from './backbone';

export async function routedBackbone(page: string, options: Pick<RouterOptions, 'sendToTab'> = {}) {
  const backbone = await freshBackbone();
  const bus = createFakeMessaging();
  bus.listen(
    createRouter({
      ready: async () => backbone.deps,
      extensionId: FAKE_EXTENSION_ID,
      extensionOrigin: FAKE_EXTENSION_ORIGIN,
      ...options,
    }),
  );
  const content: Caller<typeof ContentToBackground> = createCaller(
    bus.endpoint({ url: page, tab: { id: 4, url: page }, frameId: 0 }).send,
  );
  const popup: Caller<typeof PopupToBackground> = createCaller(
    bus.endpoint({ url: `${FAKE_EXTENSION_ORIGIN}src/review/index.html` }).send,
  );
  /** Every row of both stores, as JSON: "nothing written" means this does not change. */
  const snapshot = async () => {
    const [annotations, pages] = await Promise.all([
      backbone.db.annotations.toArray(),
      backbone.db.pages.toArray(),
    ]);
    return JSON.stringify({ annotations, pages });
  };
  return { backbone, bus, content, popup, snapshot };
}
