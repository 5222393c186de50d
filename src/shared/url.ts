/**
 * URL normalisation: the same article reached through a tracking link, with a fragment or with an
 * explicit default port is one page, so its annotations are shared.
 */

/** Query parameters that only track the reader; matched case-insensitively on the decoded name. */
const TRACKING_PARAMS = new Set([
  'fbclid',
  'gclid',
  'gclsrc',
  'dclid',
  'gbraid',
  'wbraid',
  'msclkid',
  'yclid',
  'twclid',
  'ttclid',
  'li_fat_id',
  'mc_cid',
  'mc_eid',
  'igshid',
  'igsh',
  '_ga',
  '_gl',
  '_hsenc',
  '_hsmi',
  'mkt_tok',
  'ref_src',
  'ref_url',
  'oly_anon_id',
  'oly_enc_id',
  'vero_id',
  'wickedid',
  's_cid',
  'spm',
]);

/** Name prefixes of tracking families (`utm_source`, `utm_medium`, `pk_campaign`, ...). */
const TRACKING_PREFIXES = ['utm_', 'pk_', 'mtm_', 'hsa_'];

export function isTrackingParam(name: string): boolean {
  const key = name.toLowerCase();
  return TRACKING_PARAMS.has(key) || TRACKING_PREFIXES.some((p) => key.startsWith(p));
}

function decodeName(raw: string): string {
  try {
    return decodeURIComponent(raw.replace(/\+/g, ' '));
  } catch {
    return raw;
  }
}

/**
 * Drops the fragment and tracking parameters; the WHATWG parser lowercases the host and drops a
 * default port. The remaining parameters keep their order and their exact encoding (re-serialising
 * through URLSearchParams would turn `%20` into `+` and could change what a server sees).
 * A string that is not an absolute URL is returned trimmed and without its fragment.
 */
export function normalizeUrl(raw: string): string {
  let url: URL;
  try {
    url = new URL(raw.trim());
  } catch {
    const trimmed = raw.trim();
    const hash = trimmed.indexOf('#');
    return hash === -1 ? trimmed : trimmed.slice(0, hash);
  }
  url.hash = '';
  if (url.search.length > 1) {
    const kept = url.search
      .slice(1)
      .split('&')
      .filter((part) => part !== '' && !isTrackingParam(decodeName(part.split('=', 1)[0] ?? '')));
    url.search = kept.length > 0 ? `?${kept.join('&')}` : '';
  } else {
    url.search = '';
  }
  // `new URL('https://x.org/?')` keeps a bare `?`; an empty `search` assignment removes it, but the
  // href of a URL whose query was emptied can still end with `?` in some engines: trim it.
  return url.href.endsWith('?') ? url.href.slice(0, -1) : url.href;
}

/** The host without a leading `www.`, used by the `site:` filter and for grouping. */
export function siteOf(url: string): string {
  try {
    return new URL(url).hostname.replace(/^www\./, '');
  } catch {
    return '';
  }
}

/** Whether `url`'s host is `site` or one of its subdomains (`site` given without scheme). */
export function isOnSite(url: string, site: string): boolean {
  const host = siteOf(url);
  const want = site
    .trim()
    .toLowerCase()
    .replace(/^[a-z]+:\/\//, '')
    .replace(/\/.*$/, '')
    .replace(/^www\./, '');
  return want !== '' && (host === want || host.endsWith(`.${want}`));
}
