/**
 * Who sent a message. Extension pages (popup, review page, even when opened in a tab) are told
 * apart by their URL's origin; content scripts by their tab and frame URL. The page URL used for
 * storage comes from here, normalised, never from the message.
 */
import type { MessageSender } from '../platform/messaging';
import { normalizeUrl } from '../shared/url';

export interface ContentContext {
  /** The sending frame's URL, normalised. */
  url: string;
  tabId: number;
  frameId: number;
}

export type SenderKind =
  | { kind: 'extension'; tabId?: number }
  | ({ kind: 'content' } & ContentContext)
  | { kind: 'rejected'; reason: string };

const ANNOTATABLE = new Set(['http:', 'https:', 'file:']);

export function classifySender(
  sender: MessageSender,
  extensionId: string,
  extensionOrigin: string,
): SenderKind {
  if (sender.id !== extensionId) return { kind: 'rejected', reason: 'message from another extension' };
  const url = sender.url ?? '';
  if (url.startsWith(extensionOrigin)) {
    // An extension page shown in a tab's frame (the editor iframe) knows its tab.
    return sender.tab?.id === undefined ? { kind: 'extension' } : { kind: 'extension', tabId: sender.tab.id };
  }
  if (sender.tab?.id === undefined || url === '')
    return { kind: 'rejected', reason: 'sender is neither an extension page nor a tab' };
  let protocol: string;
  try {
    protocol = new URL(url).protocol;
  } catch {
    return { kind: 'rejected', reason: 'sender URL is not a URL' };
  }
  if (!ANNOTATABLE.has(protocol))
    return { kind: 'rejected', reason: `pages with ${protocol} URLs cannot be annotated` };
  return { kind: 'content', url: normalizeUrl(url), tabId: sender.tab.id, frameId: sender.frameId ?? 0 };
}
