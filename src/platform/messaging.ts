/**
 * runtime messaging behind a small interface, so the background and its callers can be tested with
 * the fake in messaging-fake.ts. Listeners return a Promise to answer, or undefined to pass.
 */
import { browser } from './browser';

/** What the receiver learns about a message's origin (a subset of runtime.MessageSender). */
export interface MessageSender {
  /** The sending extension's id. */
  id?: string;
  /** The URL of the sending page or frame. */
  url?: string;
  origin?: string;
  tab?: { id?: number; url?: string };
  frameId?: number;
}

export type MessageListener = (message: unknown, sender: MessageSender) => Promise<unknown> | undefined;

export interface Messaging {
  /** Sends to the extension's other contexts (from a content script: to the background). */
  send(message: unknown): Promise<unknown>;
  /** Adds a listener; returns a function that removes it. Call synchronously at top level. */
  listen(listener: MessageListener): () => void;
  /** This extension's origin with a trailing slash, e.g. `chrome-extension://<id>/`. */
  extensionOrigin(): string;
  /** This extension's id. */
  extensionId(): string;
}

export const browserMessaging: Messaging = {
  send: (message) => browser.runtime.sendMessage(message),
  listen(listener) {
    const wrapped = (message: unknown, sender: MessageSender) => listener(message, sender);
    browser.runtime.onMessage.addListener(wrapped);
    return () => browser.runtime.onMessage.removeListener(wrapped);
  },
  extensionOrigin: () => browser.runtime.getURL(''),
  extensionId: () => browser.runtime.id,
};
