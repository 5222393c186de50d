/**
 * The one seam over webextension-polyfill: every other module reaches browser APIs through here,
 * so tests can swap in a fake and Firefox/Chrome differences stay in one file.
 */
import browser from 'webextension-polyfill';

export { browser };
export type { Runtime, Tabs } from 'webextension-polyfill';
