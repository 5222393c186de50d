/**
 * The toolbar popup (also usable as a tab): search as you type over every annotation, filters,
 * results grouped by page with the matched words marked; arrows move, Enter opens the passage.
 */
import '../ui/theme.css';
import './popup.css';
import { render, type JSX } from 'preact';
import { useEffect, useMemo, useRef, useState } from 'preact/hooks';
import { browser } from '../platform/browser';
import type { Annotation } from '../shared/annotation';
import type { SearchRequest } from '../shared/messaging/protocol';
import { normalizeUrl, siteOf } from '../shared/url';
import { ExportPanel, ImportPanel, plural } from '../ui/export-import';
import { Filters, NO_FILTERS, requestFilters, useFilterOptions, type FilterValues } from '../ui/filters';
import { Marked } from '../ui/marked';
import { inPopup, openPassage } from '../ui/open-passage';
import { startSearch, useSearch } from '../ui/use-search';

const PAGE_SIZE = 50;
// For the benchmark: when our script starts, and (below) when the first results are on screen.
document.documentElement.dataset.scriptStart = String(performance.now());

/** The first request, sent before anything renders: the popup shows results as it opens. */
const FIRST_REQUEST: SearchRequest = { query: '', filters: {}, limit: PAGE_SIZE };
const early = startSearch(FIRST_REQUEST);

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

function App(): JSX.Element {
  const [query, setQuery] = useState('');
  const [filters, setFilters] = useState<FilterValues>(NO_FILTERS);
  const [limit, setLimit] = useState(PAGE_SIZE);
  const [active, setActive] = useState(0);
  const [pageUrl, setPageUrl] = useState<string | null>(null);
  const [everything, setEverything] = useState<number | null>(null);
  const [version, setVersion] = useState(0);
  const [tools, setTools] = useState(false);
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
    // Mark the first paint with results for the benchmark (popup open -> first results).
    if (result && !document.documentElement.dataset.firstResults) {
      document.documentElement.dataset.firstResults = String(performance.now());
    }
  }, [result]);
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
      <header>
        <label class="visually-hidden" for="q">
          Search
        </label>
        <input
          id="q"
          ref={input}
          type="search"
          placeholder="Search notes, quotes, tags, pages…"
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
                  : `${plural(result.total, 'annotation')} on ${plural(result.groups.length, 'page')}${result.total > flat.length ? ` (showing ${flat.length.toLocaleString('en')})` : ''}`
                : 'Searching…'}
          </span>
          <a href="../review/index.html" target="_blank" rel="noopener">
            Review all
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
                <strong>No annotations yet.</strong>
              </p>
              <p>Select text on any page and choose Highlight or Note; what you save shows up here.</p>
            </>
          ) : (
            <>
              <p>
                <strong>No matches</strong>
                {query.trim() ? ` for “${query.trim()}”` : ''}.
              </p>
              <p>Every word must appear (as a word start); try fewer words or clear a filter.</p>
            </>
          )}
        </div>
      )}

      <ul id="results" ref={list} role="listbox" aria-label="Results" class="results">
        {result?.groups.map((group) => (
          <li role="presentation" class="group">
            <div class="page" role="presentation">
              <span class="title">
                <Marked text={group.title || group.url} terms={terms} />
              </span>
              <span class="meta">
                {siteOf(group.url)} · {plural(group.annotations.length, 'match', 'matches')}
              </span>
            </div>
            <ul role="presentation">
              {group.annotations.map((a) => {
                index++;
                const i = index;
                return (
                  <li
                    id={`r-${a.id}`}
                    role="option"
                    aria-selected={i === active}
                    class={i === active ? 'item active' : 'item'}
                    onMouseMove={() => i !== active && setActive(i)}
                    onClick={() => void open(a)}
                  >
                    <span class={`swatch ${a.color}`} aria-label={`${a.color} highlight`} />
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
                        <time dateTime={a.modified}>{new Date(a.modified).toLocaleDateString()}</time>
                      </p>
                    </div>
                  </li>
                );
              })}
            </ul>
          </li>
        ))}
      </ul>
      {result && result.total > flat.length && (
        <button type="button" class="more" onClick={() => setLimit((l) => l + PAGE_SIZE * 2)}>
          Show more
        </button>
      )}

      <footer>
        <button type="button" aria-expanded={tools} onClick={() => setTools((t) => !t)}>
          Export / import
        </button>
        {tools && (
          <>
            <ExportPanel
              scopes={
                isEverything || !result
                  ? []
                  : [{ label: 'These results', scope: { query: request }, count: result.total }]
              }
            />
            <ImportPanel onImported={() => setVersion((v) => v + 1)} />
          </>
        )}
      </footer>
    </main>
  );
}

const root = document.getElementById('app');
if (root) render(<App />, root);
