/**
 * The review page (a full tab): every page with its highlights and notes; notes and tags edited
 * in place; tags renamed or merged everywhere; delete with undo; bulk tag, export and delete;
 * orphans (annotations their page could not anchor) with a way to open or delete them.
 */
import '../ui/theme.css';
import './review.css';
import { render, type JSX } from 'preact';
import { useEffect, useMemo, useState } from 'preact/hooks';
import type { Annotation } from '../shared/annotation';
import type { SearchRequest, TagCount } from '../shared/messaging/protocol';
import { siteOf } from '../shared/url';
import { callBackground } from '../ui/background';
import { ExportPanel, ImportPanel, plural } from '../ui/export-import';
import { Filters, NO_FILTERS, requestFilters, useFilterOptions, type FilterValues } from '../ui/filters';
import { Marked } from '../ui/marked';
import { openPassage } from '../ui/open-passage';
import { useSearch } from '../ui/use-search';

const PAGE_SIZE = 200;

const splitTags = (text: string) =>
  text
    .split(',')
    .map((t) => t.trim())
    .filter(Boolean);

interface Undo {
  text: string;
  records: Annotation[];
}

function AnnotationRow(props: {
  a: Annotation;
  terms: readonly string[];
  selected: boolean;
  onSelect: (on: boolean) => void;
  onChanged: () => void;
  onDelete: (records: Annotation[]) => void;
  onError: (text: string) => void;
}): JSX.Element {
  const { a, terms } = props;
  const [note, setNote] = useState(a.note);
  const [tags, setTags] = useState(a.tags.join(', '));
  const [saving, setSaving] = useState(false);
  useEffect(() => setNote(a.note), [a.note]);
  useEffect(() => setTags(a.tags.join(', ')), [a.tags.join('\n')]);
  const dirty = note !== a.note || tags !== a.tags.join(', ');

  const save = async () => {
    setSaving(true);
    const answer = await callBackground('updateAnnotation', {
      id: a.id,
      patch: { note, tags: splitTags(tags) },
    });
    setSaving(false);
    if (answer.ok) props.onChanged();
    else props.onError(answer.error);
  };

  const label = a.target.selector[0].exact.slice(0, 40);
  return (
    <li class="annotation" aria-label={`Annotation: ${label}`}>
      <input
        type="checkbox"
        aria-label={`Select “${label}”`}
        checked={props.selected}
        onChange={(e) => props.onSelect((e.currentTarget as HTMLInputElement).checked)}
      />
      <span class={`swatch ${a.color}`} aria-label={`${a.color} highlight`} />
      <div class="body">
        <blockquote class="quote">
          <Marked text={a.target.selector[0].exact} terms={terms} />
        </blockquote>
        <label class="field">
          <span>Note</span>
          <textarea
            aria-label="Note"
            rows={Math.min(8, Math.max(2, note.split('\n').length))}
            value={note}
            placeholder="Add a note (Markdown)"
            onInput={(e) => setNote((e.currentTarget as HTMLTextAreaElement).value)}
          />
        </label>
        <label class="field">
          <span>Tags</span>
          <input
            aria-label="Tags"
            value={tags}
            placeholder="comma, separated"
            onInput={(e) => setTags((e.currentTarget as HTMLInputElement).value)}
            onKeyDown={(e) => e.key === 'Enter' && dirty && void save()}
          />
        </label>
        <div class="actions">
          {dirty && (
            <>
              <button type="button" class="primary" disabled={saving} onClick={() => void save()}>
                Save
              </button>
              <button
                type="button"
                onClick={() => {
                  setNote(a.note);
                  setTags(a.tags.join(', '));
                }}
              >
                Cancel
              </button>
            </>
          )}
          <button type="button" onClick={() => void openPassage(a)}>
            Open
          </button>
          <button
            type="button"
            aria-label={`Delete “${label}”`}
            onClick={async () => {
              const answer = await callBackground('deleteAnnotations', { ids: [a.id] });
              if (answer.ok) props.onDelete(answer.value.deleted);
              else props.onError(answer.error);
            }}
          >
            Delete
          </button>
          <span class="meta">
            {a.pointId && <span class="tag">{a.pointId}</span>}
            Saved {new Date(a.modified).toLocaleString()}
          </span>
        </div>
      </div>
    </li>
  );
}

function TagTools(props: { tags: TagCount[]; onDone: (text: string) => void; onError: (t: string) => void }) {
  const [from, setFrom] = useState('');
  const [to, setTo] = useState('');
  const exists = props.tags.some((t) => t.tag.toLowerCase() === to.trim().toLowerCase());
  return (
    <section class="panel" aria-label="Rename or merge a tag">
      <h2>Tags</h2>
      <div class="row">
        <select
          aria-label="Tag to rename"
          value={from}
          onChange={(e) => setFrom((e.currentTarget as HTMLSelectElement).value)}
        >
          <option value="">Choose a tag</option>
          {props.tags.map((t) => (
            <option value={t.tag}>
              {t.tag} ({t.count})
            </option>
          ))}
        </select>
        <input
          aria-label="New tag name"
          value={to}
          placeholder="new name"
          onInput={(e) => setTo((e.currentTarget as HTMLInputElement).value)}
        />
        <button
          type="button"
          disabled={!from || !to.trim()}
          onClick={async () => {
            const answer = await callBackground('renameTag', { from, to: to.trim() });
            if (!answer.ok) return props.onError(answer.error);
            props.onDone(
              `${exists ? 'Merged' : 'Renamed'} “${from}” into “${to.trim()}” on ${plural(answer.value.updated, 'annotation')}.`,
            );
            setFrom('');
            setTo('');
          }}
        >
          {exists ? 'Merge' : 'Rename'}
        </button>
      </div>
    </section>
  );
}

function Orphans(props: {
  version: number;
  onDelete: (records: Annotation[]) => void;
  onError: (t: string) => void;
}) {
  const [orphans, setOrphans] = useState<Annotation[]>([]);
  useEffect(() => {
    void callBackground('listOrphans', {}).then((r) => r.ok && setOrphans(r.value));
  }, [props.version]);
  if (orphans.length === 0) return null;
  return (
    <section class="panel" aria-label="Orphans">
      <h2>Orphans ({orphans.length})</h2>
      <p class="muted">
        Their page changed and these passages were not found there. Open the page, select the passage again,
        click the “could not be placed” badge and choose “Re-attach to selection”; or delete them.
      </p>
      <ul class="orphans">
        {orphans.map((a) => (
          <li>
            <span class="quote">{a.target.selector[0].exact.slice(0, 160)}</span>
            <span class="meta">{a.title || siteOf(a.url)}</span>
            <span class="actions">
              <button type="button" onClick={() => void openPassage(a)}>
                Open page
              </button>
              <button
                type="button"
                onClick={async () => {
                  const r = await callBackground('deleteAnnotations', { ids: [a.id] });
                  if (r.ok) props.onDelete(r.value.deleted);
                  else props.onError(r.error);
                }}
              >
                Delete
              </button>
            </span>
          </li>
        ))}
      </ul>
    </section>
  );
}

function App(): JSX.Element {
  const [query, setQuery] = useState(() => new URLSearchParams(location.search).get('q') ?? '');
  const [filters, setFilters] = useState<FilterValues>(NO_FILTERS);
  const [limit, setLimit] = useState(PAGE_SIZE);
  const [version, setVersion] = useState(0);
  const [selected, setSelected] = useState<Set<string>>(new Set());
  const [undo, setUndo] = useState<Undo | null>(null);
  const [notice, setNotice] = useState<{ text: string; error: boolean } | null>(null);
  const [bulkTag, setBulkTag] = useState('');
  const options = useFilterOptions(version);
  const refresh = () => setVersion((v) => v + 1);

  const request: SearchRequest = useMemo(
    () => ({ query, filters: requestFilters(filters, null), limit }),
    [query, filters, limit],
  );
  const { result, error } = useSearch(request, version);
  const shown = useMemo(() => result?.groups.flatMap((g) => g.annotations) ?? [], [result]);
  const isEverything = query.trim() === '' && Object.keys(request.filters ?? {}).length === 0;

  useEffect(() => setLimit(PAGE_SIZE), [query, filters]);
  useEffect(() => {
    // Drop selections that are no longer shown.
    const ids = new Set(shown.map((a) => a.id));
    setSelected((s) => new Set([...s].filter((id) => ids.has(id))));
  }, [shown]);

  const report = (text: string, isError = false) => setNotice({ text, error: isError });
  const deleted = (records: Annotation[]) => {
    setUndo({ text: `Deleted ${plural(records.length, 'annotation')}.`, records });
    refresh();
  };
  const restore = async () => {
    if (!undo) return;
    const r = await callBackground('restoreAnnotations', { annotations: undo.records });
    setUndo(null);
    if (r.ok) report(`Restored ${plural(r.value.restored, 'annotation')}.`);
    else report(r.error, true);
    refresh();
  };

  const selectedList = shown.filter((a) => selected.has(a.id));
  const addTagToSelected = async () => {
    const tag = bulkTag.trim();
    if (!tag) return;
    const answers = await Promise.all(
      selectedList.map((a) =>
        a.tags.some((t) => t.toLowerCase() === tag.toLowerCase())
          ? null
          : callBackground('updateAnnotation', { id: a.id, patch: { tags: [...a.tags, tag] } }),
      ),
    );
    const failed = answers.find((x) => x && !x.ok);
    if (failed && !failed.ok) report(failed.error, true);
    else report(`Tagged ${plural(selectedList.length, 'annotation')} “${tag}”.`);
    setBulkTag('');
    refresh();
  };
  const deleteSelected = async () => {
    const r = await callBackground('deleteAnnotations', { ids: selectedList.map((a) => a.id) });
    if (r.ok) deleted(r.value.deleted);
    else report(r.error, true);
  };

  const toggle = (id: string, on: boolean) =>
    setSelected((s) => {
      const next = new Set(s);
      if (on) next.add(id);
      else next.delete(id);
      return next;
    });

  const terms = result?.terms ?? [];
  return (
    <div class="review">
      <header>
        <h1>Your annotations</h1>
        <input
          type="search"
          aria-label="Search"
          placeholder="Search notes, quotes, tags, pages…"
          value={query}
          autoFocus
          onInput={(e) => setQuery((e.currentTarget as HTMLInputElement).value)}
        />
        <Filters values={filters} options={options} onChange={setFilters} pageUrl={null} thisPage={false} />
        <p role="status" class="muted">
          {error ??
            (result
              ? `${plural(result.total, 'annotation')} on ${plural(result.groups.length, 'page')}${result.total > shown.length ? ` (showing ${shown.length.toLocaleString('en')})` : ''}`
              : 'Loading…')}
        </p>
      </header>

      <aside>
        <TagTools
          tags={options.tags}
          onDone={(t) => {
            report(t);
            refresh();
          }}
          onError={(t) => report(t, true)}
        />
        <Orphans version={version} onDelete={deleted} onError={(t) => report(t, true)} />
        <ExportPanel
          scopes={[
            ...(isEverything || !result
              ? []
              : [{ label: 'These results', scope: { query: request }, count: result.total }]),
            { label: 'Selected', scope: { ids: selectedList.map((a) => a.id) }, count: selectedList.length },
          ]}
        />
        <ImportPanel onImported={refresh} />
      </aside>

      <main>
        {selectedList.length > 0 && (
          <div class="bulk" role="toolbar" aria-label="Selected annotations">
            <strong>{plural(selectedList.length, 'selected', 'selected')}</strong>
            <input
              aria-label="Tag to add"
              placeholder="tag"
              value={bulkTag}
              onInput={(e) => setBulkTag((e.currentTarget as HTMLInputElement).value)}
              onKeyDown={(e) => e.key === 'Enter' && void addTagToSelected()}
            />
            <button type="button" disabled={!bulkTag.trim()} onClick={() => void addTagToSelected()}>
              Add tag
            </button>
            <button type="button" onClick={() => void deleteSelected()}>
              Delete selected
            </button>
            <button type="button" onClick={() => setSelected(new Set())}>
              Clear selection
            </button>
          </div>
        )}
        {result && result.total === 0 && (
          <div class="empty">
            {isEverything ? (
              <p>
                <strong>No annotations yet.</strong> Select text on any page and choose Highlight or Note.
              </p>
            ) : (
              <p>
                <strong>No matches.</strong> Try fewer words or clear a filter.
              </p>
            )}
          </div>
        )}
        {result?.groups.map((group) => {
          const allOn = group.annotations.every((a) => selected.has(a.id));
          return (
            <section class="page" aria-label={group.title || group.url}>
              <h2>
                <input
                  type="checkbox"
                  aria-label={`Select all on ${group.title || group.url}`}
                  checked={allOn}
                  onChange={() => group.annotations.forEach((a) => toggle(a.id, !allOn))}
                />
                <a href={group.url} target="_blank" rel="noopener noreferrer">
                  <Marked text={group.title || group.url} terms={terms} />
                </a>
              </h2>
              <p class="meta">
                {group.url} · {plural(group.annotations.length, 'annotation')}
              </p>
              <ul>
                {group.annotations.map((a) => (
                  <AnnotationRow
                    key={a.id}
                    a={a}
                    terms={terms}
                    selected={selected.has(a.id)}
                    onSelect={(on) => toggle(a.id, on)}
                    onChanged={() => {
                      report('Saved.');
                      refresh();
                    }}
                    onDelete={deleted}
                    onError={(t) => report(t, true)}
                  />
                ))}
              </ul>
            </section>
          );
        })}
        {result && result.total > shown.length && (
          <button type="button" class="more" onClick={() => setLimit((l) => l + PAGE_SIZE)}>
            Show more
          </button>
        )}
      </main>

      <div class="toasts">
        {undo && (
          <div class="toast" role="status">
            {undo.text}{' '}
            <button type="button" onClick={() => void restore()}>
              Undo
            </button>
            <button type="button" aria-label="Dismiss" onClick={() => setUndo(null)}>
              ×
            </button>
          </div>
        )}
        {notice && (
          <div class={notice.error ? 'toast error' : 'toast'} role={notice.error ? 'alert' : 'status'}>
            {notice.text}{' '}
            <button type="button" aria-label="Dismiss" onClick={() => setNotice(null)}>
              ×
            </button>
          </div>
        )}
      </div>
    </div>
  );
}

const root = document.getElementById('app');
if (root) render(<App />, root);
