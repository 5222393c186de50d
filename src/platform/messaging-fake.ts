/**
 * An in-memory Messaging for unit tests: `endpoint(sender)` gives a sender-side Messaging whose
 * messages reach the listeners with that sender, structured-cloned like the real channel.
 */
import type { MessageListener, MessageSender, Messaging } from './messaging';

export const FAKE_EXTENSION_ID = 'fakeextensionid';
export const FAKE_EXTENSION_ORIGIN = `chrome-extension://${FAKE_EXTENSION_ID}/`;

export interface FakeMessaging extends Messaging {
  /** A Messaging that sends as `sender` (its `id` defaults to this extension's). */
  endpoint(sender: MessageSender): Messaging;
  listenerCount(): number;
}

export function createFakeMessaging(): FakeMessaging {
  const listeners = new Set<MessageListener>();

  async function deliver(message: unknown, sender: MessageSender): Promise<unknown> {
    const copy: unknown = structuredClone(message);
    for (const listener of listeners) {
      const answer = listener(copy, { id: FAKE_EXTENSION_ID, ...sender });
      if (answer !== undefined) return structuredClone(await answer);
    }
    throw new Error('Could not establish connection. Receiving end does not exist.');
  }

  const fake: FakeMessaging = {
    send: (message) => deliver(message, { url: FAKE_EXTENSION_ORIGIN + 'background' }),
    listen(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    extensionOrigin: () => FAKE_EXTENSION_ORIGIN,
    extensionId: () => FAKE_EXTENSION_ID,
    endpoint: (sender) => ({ ...fake, send: (message) => deliver(message, sender) }),
    listenerCount: () => listeners.size,
  };
  return fake;
}
