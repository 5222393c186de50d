/**
 * The toolbar popup (also usable as a tab): search as you type over every annotation, filters,
 * results grouped by page with the matched words marked; arrows move, Enter opens the passage.
 */
import '../ui/theme.css';
import './popup.css';
import type { JSX } from 'preact';
import { useEffect, useMemo, useRef, useState } from 'preact/hooks';
import { browser } from '../platform/browser';
import { formatDate, t, tn } from '../platform/i18n';
import { loadSettings, openOptionsPage, saveSettings } from '../platform/settings';
import type { Annotation } from '../shared/annotation';
import { OPENING_SEARCH, type PageGroup, type SearchRequest } from '../shared/messaging/protocol';
import { readOpeningResults } from '../platform/opening-results';
import { isBlocked, siteName, withSite, type Settings } from '../shared/settings';
import { normalizeUrl, siteOf } from '../shared/url';
import { colourName } from '../ui/colour-name';
import { summary } from '../ui/counts';
import { ExportPanel, ImportPanel } from '../ui/export-import';
import { Filters, NO_FILTERS, requestFilters, useFilterOptions, type FilterValues } from '../ui/filters';
import { Marked } from '../ui/marked';
import { inPopup, openPassage } from '../ui/open-passage';
import { startSearch, useSearch } from '../ui/use-search';
import { mountPage } from '../ui/mount';

const PAGE_SIZE = OPENING_SEARCH.limit!;
/**
 * Results rendered in the popup's first frame: a screenful. The rest of the page follows in the
 * next frame, so the first results are on screen without waiting for fifty rows to lay out.
 */
const FIRST_FRAME_ITEMS = 12;

/** Each group with the results of it to render: all, or the first `n` overall. */
function rendered(groups: readonly PageGroup[], n = Infinity): { group: PageGroup; items: Annotation[] }[] {
  const out: { group: PageGroup; items: Annotation[] }[] = [];
  for (const group of groups) {
    if (n <= 0) break;
    out.push({
      group,
      items: group.annotations.length <= n ? group.annotations : group.annotations.slice(0, n),
    });
    n -= group.annotations.length;
  }
  return out;
}
// For the benchmark: when our script starts, and (below) when the first results are on screen.
document.documentElement.dataset.scriptStart = String(performance.now());

/**
 * The first request, sent before anything renders; until its answer arrives the popup shows the
 * answer the worker kept from the last time (a sleeping worker takes a second to wake and search).
 */
const early = startSearch({ ...OPENING_SEARCH }, readOpeningResults());

/** The active tab's page when the popup was opened on one (activeTab grants its URL). */
async function activePageUrl(): Promise<string | null> {
  try {
    const [tab] = await browser.tabs.query({ active: true, currentWindow: true });
    const url = tab?.url;
    return url && /^(https?|file):/.test(url) ? normalizeUrl(url) : null;
  } catch {
    return null;
  }
}

/**
 * "Run on <site>": the reader switches the extension off (or on again) for the active tab's site;
 * the change applies when the page is next loaded.
 */
function SiteSwitch({ pageUrl }: { pageUrl: string | null }): JSX.Element | null {
  const [settings, setSettings] = useState<Settings | null>(null);
  const [changed, setChanged] = useState(false);
  useEffect(() => {
    void loadSettings().then(setSettings);
  }, []);
  const site = pageUrl ? siteName(pageUrl) : '';
  if (!settings || !site) return null;
  const blocked = isBlocked(settings, pageUrl!);
  const toggle = async (run: boolean) => {
    // Turning it on again also lifts a rule for a parent domain that covers this site.
    const sites = run
      ? settings.blockedSites.filter((s) => !isBlocked({ ...settings, blockedSites: [s] }, pageUrl!))
      : withSite(settings.blockedSites, site, true);
    setSettings(await saveSettings({ blockedSites: sites }));
    setChanged(true);
  };
  return (
    <div class="site-switch">
      <label>
        <input
          type="checkbox"
          checked={!blocked}
          onChange={(e) => void toggle((e.currentTarget as HTMLInputElement).checked)}
        />
        {t('popup_run_on_site', site)}
      </label>
      {changed && (
        <span role="status" class="muted">
          {t('popup_reload_to_apply')}
        </span>
      )}
    </div>
  );
}

function App(): JSX.Element {
  const [query, setQuery] = useState('');
  const [filters, setFilters] = useState<FilterValues>(NO_FILTERS);
  const [limit, setLimit] = useState(PAGE_SIZE);
  const [active, setActive] = useState(0);
  const [pageUrl, setPageUrl] = useState<string | null>(null);
  const [everything, setEverything] = useState<number | null>(null);
  const [version, setVersion] = useState(0);
  const [tools, setTools] = useState(false);
  const [firstFrame, setFirstFrame] = useState(true);
  const options = useFilterOptions(version);
  const input = useRef<HTMLInputElement>(null);
  const list = useRef<HTMLUListElement>(null);

  useEffect(() => {
    input.current?.focus();
    void activePageUrl().then(setPageUrl);
  }, []);

  const request: SearchRequest = useMemo(
    () => ({ query, filters: requestFilters(filters, pageUrl), limit }),
    [query, filters, pageUrl, limit],
  );
  const isEverything = query.trim() === '' && Object.keys(request.filters ?? {}).length === 0;
  const { result, loading, error } = useSearch(request, version, early);
  const flat: Annotation[] = useMemo(() => result?.groups.flatMap((g) => g.annotations) ?? [], [result]);

  useEffect(() => {
    if (result && isEverything) setEverything(result.total);
    // Effects run after the frame is painted: mark the first paint with results for the
    // benchmark (popup open -> first results), then render the rest of the page.
    const stamps = document.documentElement.dataset;
    if (result && !stamps.firstResults) stamps.firstResults = String(performance.now());
    // And when the worker's own answer is on screen (the first results may be the kept ones).
    if (result && !loading && !stamps.liveResults) stamps.liveResults = String(performance.now());
    if (result && firstFrame) setFirstFrame(false);
  }, [result, loading]);
  const shown = result ? rendered(result.groups, firstFrame ? FIRST_FRAME_ITEMS : Infinity) : [];
  useEffect(() => setActive(0), [query, filters]);
  useEffect(() => setLimit(PAGE_SIZE), [query, filters]);

  useEffect(() => {
    list.current?.querySelector('[aria-selected="true"]')?.scrollIntoView({ block: 'nearest' });
  }, [active]);

  const open = async (a: Annotation | undefined) => {
    if (!a) return;
    const popup = await inPopup();
    await openPassage(a);
    if (popup) window.close();
  };

  const onKeyDown = (e: KeyboardEvent) => {
    if (e.key === 'ArrowDown') {
      e.preventDefault();
      setActive((i) => Math.min(i + 1, flat.length - 1));
    } else if (e.key === 'ArrowUp') {
      e.preventDefault();
      setActive((i) => Math.max(i - 1, 0));
    } else if (e.key === 'Enter') {
      e.preventDefault();
      void open(flat[active]);
    }
  };

  let index = -1;
  const terms = result?.terms ?? [];
  return (
    <main class="popup">
      <h1 class="visually-hidden">{t('ext_name')}</h1>
      <header>
        <label class="visually-hidden" for="q">
          {t('search')}
        </label>
        <input
          id="q"
          ref={input}
          type="search"
          placeholder={t('search_placeholder')}
          autocomplete="off"
          aria-controls="results"
          aria-activedescendant={flat[active] ? `r-${flat[active].id}` : undefined}
          value={query}
          onInput={(e) => setQuery((e.currentTarget as HTMLInputElement).value)}
          onKeyDown={onKeyDown}
        />
        <Filters values={filters} options={options} onChange={setFilters} pageUrl={pageUrl} />
        <div class="summary">
          <span role="status" aria-live="polite">
            {error
              ? ''
              : result
                ? result.total === 0
                  ? ''
                  : summary(result.total, result.groups.length, flat.length, result.atLeast)
                : t('searching')}
          </span>
          <a href="../review/index.html" target="_blank" rel="noopener">
            {t('review_all')}
          </a>
        </div>
      </header>

      {error && (
        <p role="alert" class="error">
          {error}
        </p>
      )}
      {result && result.total === 0 && !loading && (
        <div class="empty">
          {everything === 0 ? (
            <>
              <p>
                <strong>{t('empty_title')}</strong>
              </p>
              <p>{t('empty_hint_popup')}</p>
            </>
          ) : (
            <>
              <p>
                <strong>{query.trim() ? t('no_matches_for', query.trim()) : t('no_matches')}</strong>
              </p>
              <p>{t('no_matches_hint_popup')}</p>
            </>
          )}
        </div>
      )}

      <ul id="results" ref={list} role="listbox" aria-label={t('results')} class="results">
        {shown.map(({ group, items }) => (
          <li key={group.url} role="presentation" class="group">
            {/* Titles are cut to one line, and pages of one site often share one: the address tells them apart. */}
            <div
              class="page"
              role="presentation"
              title={group.title ? `${group.title}\n${group.url}` : group.url}
            >
              <span class="title">
                <Marked text={group.title || group.url} terms={terms} />
              </span>
              <span class="meta">
                {siteOf(group.url)} · {tn('count_matches', group.annotations.length)}
              </span>
            </div>
            <ul role="presentation">
              {items.map((a) => {
                index++;
                const i = index;
                return (
                  <li
                    key={a.id}
                    id={`r-${a.id}`}
                    role="option"
                    aria-selected={i === active}
                    class={i === active ? 'item active' : 'item'}
                    onMouseMove={() => i !== active && setActive(i)}
                    onClick={() => void open(a)}
                  >
                    <span
                      class={`swatch ${a.color}`}
                      role="img"
                      aria-label={t('colour_highlight', colourName(a.color))}
                    />
                    <div class="body">
                      <p class="quote">
                        <Marked text={a.target.selector[0].exact} terms={terms} />
                      </p>
                      {a.note && (
                        <p class="note">
                          <Marked text={a.note} terms={terms} />
                        </p>
                      )}
                      <p class="meta">
                        {a.tags.map((t) => (
                          <span class="tag">
                            <Marked text={t} terms={terms} />
                          </span>
                        ))}
                        {a.pointId && <span class="tag">{a.pointId}</span>}
                        <time dateTime={a.modified}>{formatDate(a.modified)}</time>
                      </p>
                    </div>
                  </li>
                );
              })}
            </ul>
          </li>
        ))}
      </ul>
      {result && (result.total > flat.length || result.atLeast) && (
        <button type="button" class="more" onClick={() => setLimit((l) => l + PAGE_SIZE * 2)}>
          {t('show_more')}
        </button>
      )}

      <footer>
        <SiteSwitch pageUrl={pageUrl} />
        <button
          type="button"
          onClick={async () => {
            const popup = await inPopup();
            await openOptionsPage();
            if (popup) window.close();
          }}
        >
          {t('popup_settings')}
        </button>
        <button type="button" aria-expanded={tools} onClick={() => setTools((open) => !open)}>
          {t('export_import')}
        </button>
        {tools && (
          <>
            <ExportPanel
              scopes={
                isEverything || !result
                  ? []
                  : [{ label: t('scope_these_results'), scope: { query: request }, count: result.total }]
              }
            />
            <ImportPanel onImported={() => setVersion((v) => v + 1)} />
          </>
        )}
      </footer>
    </main>
  );
}

/**
 * The first frame waits (a little) for the kept results or the answer, so that it shows them:
 * rendering at once and showing them a frame or two later made the first results 25-40 ms later
 * (measured at 100,000 annotations). A worker that takes longer gets an empty popup first.
 */
const FIRST_FRAME_WAIT_MS = 60;
void early.firstArrival(FIRST_FRAME_WAIT_MS).then(() => mountPage(<App />, 'ext_name'));
