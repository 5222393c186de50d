/** The popup's and review page's one way to the background: typed calls over runtime messaging. */
import { browserMessaging } from '../platform/messaging';
import type { PopupToBackground } from '../shared/messaging/protocol';
import { createCaller } from '../shared/messaging/rpc';

/** A call to the background; a sleeping service worker is woken by the message, so one retry is enough. */
export const callBackground = createCaller<PopupToBackground>(browserMessaging.send);
