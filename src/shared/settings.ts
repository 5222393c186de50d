/** The reader's settings (options page and popup), kept in browser.storage.local under one key. */
import * as v from 'valibot';
import { HIGHLIGHT_COLOURS, type HighlightColour } from './annotation';
import { isOnSite } from './url';

export interface Settings {
  /** The colour the selection toolbar starts with. */
  defaultColour: HighlightColour;
  /** Whether recognized initiative points carry a label. */
  showLabels: boolean;
  /** Sites (host names, subdomains included) where the extension does nothing at all. */
  blockedSites: string[];
}

export const SETTINGS_KEY = 'settings';

export const DEFAULT_SETTINGS: Settings = { defaultColour: 'yellow', showLabels: true, blockedSites: [] };

const MAX_SITES = 1000;

const SettingsSchema = v.object({
  defaultColour: v.optional(v.picklist(HIGHLIGHT_COLOURS)),
  showLabels: v.optional(v.boolean()),
  blockedSites: v.optional(v.array(v.pipe(v.string(), v.maxLength(253)))),
});

/** A site as the reader typed it or as a URL, reduced to its host name; '' when there is none. */
export function siteName(input: string): string {
  const text = input.trim().toLowerCase();
  const host = text
    .replace(/^[a-z][a-z0-9+.-]*:\/\//, '')
    .replace(/[/?#].*$/, '')
    .replace(/:\d+$/, '')
    .replace(/^www\./, '')
    .replace(/\.$/, '');
  return /^[a-z0-9.-]+$/.test(host) && !host.startsWith('.') && !host.includes('..') ? host : '';
}

/** Whatever storage holds, read as settings: unknown or malformed values fall back to the defaults. */
export function parseSettings(stored: unknown): Settings {
  const parsed = v.safeParse(SettingsSchema, stored);
  if (!parsed.success) return { ...DEFAULT_SETTINGS };
  const s = parsed.output;
  const sites = [...new Set((s.blockedSites ?? []).map(siteName).filter(Boolean))].slice(0, MAX_SITES);
  return {
    defaultColour: s.defaultColour ?? DEFAULT_SETTINGS.defaultColour,
    showLabels: s.showLabels ?? DEFAULT_SETTINGS.showLabels,
    blockedSites: sites,
  };
}

/** Whether the extension stays out of `url` (its host is a blocked site or a subdomain of one). */
export function isBlocked(settings: Settings, url: string): boolean {
  return settings.blockedSites.some((site) => isOnSite(url, site));
}

/** The list with `site` added (on) or removed (off), subdomain rules left as they are. */
export function withSite(sites: readonly string[], site: string, blocked: boolean): string[] {
  const name = siteName(site);
  if (!name) return [...sites];
  const rest = sites.filter((s) => s !== name);
  return blocked ? [...rest, name].sort() : rest;
}
