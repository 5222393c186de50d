/**
 * The review page (a full tab): every page with its highlights and notes; notes and tags edited
 * in place; tags renamed or merged everywhere; delete with undo; bulk tag, export and delete;
 * orphans (annotations their page could not anchor) with a way to open or delete them.
 */
import '../ui/theme.css';
import './review.css';
import type { JSX } from 'preact';
import { useEffect, useLayoutEffect, useMemo, useRef, useState } from 'preact/hooks';
import { formatDate, t, tn } from '../platform/i18n';
import type { Annotation } from '../shared/annotation';
import type { SearchRequest, TagCount } from '../shared/messaging/protocol';
import { siteOf } from '../shared/url';
import { callBackground } from '../ui/background';
import { colourName } from '../ui/colour-name';
import { summary } from '../ui/counts';
import { ExportPanel, ImportPanel } from '../ui/export-import';
import { useFocusAfterRemoval } from '../ui/focus-after-removal';
import { Filters, NO_FILTERS, requestFilters, useFilterOptions, type FilterValues } from '../ui/filters';
import { Marked } from '../ui/marked';
import { openPassage } from '../ui/open-passage';
import { useSearch } from '../ui/use-search';
import { mountPage } from '../ui/mount';

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

/** Rows with edits not yet saved: leaving the page then asks first. */
const unsavedRows = new Set<string>();
addEventListener('beforeunload', (e) => {
  if (unsavedRows.size > 0) e.preventDefault();
});

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
  // A refresh (after our own save, or another page's) replaces a field only where the reader has
  // not typed since the last one: a save's refresh that lands while they type on must not undo it.
  const synced = useRef({ note: a.note, tags: a.tags.join(', ') });
  useEffect(() => {
    setNote((current) => (current === synced.current.note ? a.note : current));
    synced.current.note = a.note;
  }, [a.note]);
  useEffect(() => {
    const joined = a.tags.join(', ');
    setTags((current) => (current === synced.current.tags ? joined : current));
    synced.current.tags = joined;
  }, [a.tags.join('\n')]);
  const dirty = note !== a.note || tags !== a.tags.join(', ');
  const row = useRef<HTMLLIElement>(null);
  // Kept as rendered, not in an effect (which runs a frame later): a page closed right after a
  // keystroke must still ask.
  if (dirty) unsavedRows.add(a.id);
  else unsavedRows.delete(a.id);
  useEffect(() => () => void unsavedRows.delete(a.id), [a.id]);
  /**
   * Save and Cancel go away once the row is clean, and took the focus with them (Save already when
   * disabled while saving): it comes back to the row's note, unless the reader has moved on. A
   * layout effect, as in useFocusAfterRemoval: a plain one runs a frame after the buttons went.
   */
  const backToNote = useRef(false);
  useLayoutEffect(() => {
    if (dirty || !backToNote.current) return;
    backToNote.current = false;
    const at = document.activeElement;
    if (!at || at === document.body) row.current?.querySelector('textarea')?.focus();
  }, [dirty]);

  const save = async () => {
    setSaving(true);
    const answer = await callBackground('updateAnnotation', {
      id: a.id,
      patch: { note, tags: splitTags(tags) },
    });
    setSaving(false);
    if (answer.ok) props.onChanged();
    else {
      backToNote.current = false;
      props.onError(answer.error);
    }
  };

  /**
   * Focus leaving the row with edits saves them: a search typed next, or another row's edit,
   * would otherwise drop this row from the list with its edits. Moving between the row's own
   * fields and buttons (Save, Cancel) saves nothing by itself.
   */
  const onFieldBlur = (e: FocusEvent) => {
    const next = e.relatedTarget;
    if (next instanceof Node && row.current?.contains(next)) return;
    if (dirty && !saving) void save();
  };

  const label = a.target.selector[0].exact.slice(0, 40);
  return (
    <li class="annotation" aria-label={t('annotation_of', label)} ref={row}>
      <input
        type="checkbox"
        aria-label={t('select_quote', label)}
        checked={props.selected}
        onChange={(e) => props.onSelect((e.currentTarget as HTMLInputElement).checked)}
      />
      <span class={`swatch ${a.color}`} role="img" aria-label={t('colour_highlight', colourName(a.color))} />
      <div class="body">
        <blockquote class="quote">
          <Marked text={a.target.selector[0].exact} terms={terms} />
        </blockquote>
        <label class="field">
          <span>{t('note')}</span>
          <textarea
            aria-label={t('note')}
            rows={Math.min(8, Math.max(2, note.split('\n').length))}
            value={note}
            placeholder={t('note_placeholder_review')}
            onInput={(e) => setNote((e.currentTarget as HTMLTextAreaElement).value)}
            onBlur={onFieldBlur}
          />
        </label>
        <label class="field">
          <span>{t('tags')}</span>
          <input
            aria-label={t('tags')}
            value={tags}
            placeholder={t('tags_placeholder')}
            onInput={(e) => setTags((e.currentTarget as HTMLInputElement).value)}
            onBlur={onFieldBlur}
            onKeyDown={(e) => e.key === 'Enter' && dirty && void save()}
          />
        </label>
        <div class="actions">
          {dirty && (
            <>
              <button
                type="button"
                class="primary"
                disabled={saving}
                onClick={() => {
                  backToNote.current = true;
                  void save();
                }}
              >
                {t('save')}
              </button>
              <button
                type="button"
                onClick={() => {
                  backToNote.current = true;
                  setNote(a.note);
                  setTags(a.tags.join(', '));
                }}
              >
                {t('cancel')}
              </button>
            </>
          )}
          <button type="button" onClick={() => void openPassage(a)}>
            {t('open')}
          </button>
          <button
            type="button"
            aria-label={t('delete_quote', label)}
            onClick={async () => {
              const answer = await callBackground('deleteAnnotations', { ids: [a.id] });
              if (answer.ok) props.onDelete(answer.value.deleted);
              else props.onError(answer.error);
            }}
          >
            {t('delete')}
          </button>
          <span class="meta">
            {a.pointId && <span class="tag">{a.pointId}</span>}
            {t('saved_at', formatDate(a.modified, 'dateTime'))}
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
    <section class="panel" aria-label={t('rename_tag_panel')}>
      <h2>{t('tags')}</h2>
      <div class="row">
        <select
          aria-label={t('tag_to_rename')}
          value={from}
          onChange={(e) => setFrom((e.currentTarget as HTMLSelectElement).value)}
        >
          <option value="">{t('choose_tag')}</option>
          {props.tags.map((tag) => (
            <option value={tag.tag}>{t('with_count', tag.tag, tag.count)}</option>
          ))}
        </select>
        <input
          aria-label={t('new_tag_name')}
          value={to}
          placeholder={t('new_tag_placeholder')}
          onInput={(e) => setTo((e.currentTarget as HTMLInputElement).value)}
        />
        <button
          type="button"
          disabled={!from || !to.trim()}
          onClick={async () => {
            const answer = await callBackground('renameTag', { from, to: to.trim() });
            if (!answer.ok) return props.onError(answer.error);
            const count = tn('count_annotations', answer.value.updated);
            props.onDone(t(exists ? 'tag_merged' : 'tag_renamed', from, to.trim(), count));
            setFrom('');
            setTo('');
          }}
        >
          {exists ? t('merge') : t('rename')}
        </button>
      </div>
    </section>
  );
}

function Orphans(props: {
  version: number;
  onDelete: (records: Annotation[]) => void;
  onError: (t: string) => void;
  /** The last one was deleted from the keyboard: where the focus goes (the section is gone). */
  onEmptied: () => void;
}) {
  const [orphans, setOrphans] = useState<Annotation[]>([]);
  useEffect(() => {
    void callBackground('listOrphans', {}).then((r) => r.ok && setOrphans(r.value));
  }, [props.version]);
  const { list, removing } = useFocusAfterRemoval(orphans, props.onEmptied);
  if (orphans.length === 0) return null;
  return (
    <section class="panel" aria-label={t('orphans')}>
      <h2>{t('orphans_heading', orphans.length)}</h2>
      <p class="muted">{t('orphans_hint')}</p>
      <ul class="orphans" ref={list}>
        {orphans.map((a, k) => (
          <li key={a.id}>
            <span class="quote">{a.target.selector[0].exact.slice(0, 160)}</span>
            <span class="meta">{a.title || siteOf(a.url)}</span>
            <span class="actions">
              <button type="button" onClick={() => void openPassage(a)}>
                {t('open_page')}
              </button>
              <button
                type="button"
                onClick={async () => {
                  const r = await callBackground('deleteAnnotations', { ids: [a.id] });
                  if (r.ok) {
                    removing(k);
                    props.onDelete(r.value.deleted);
                  } else props.onError(r.error);
                }}
              >
                {t('delete')}
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
  const undoButton = useRef<HTMLButtonElement>(null);
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
    setUndo({ text: t('deleted_count', tn('count_annotations', records.length)), records });
    refresh();
  };
  const restore = async () => {
    if (!undo) return;
    const r = await callBackground('restoreAnnotations', { annotations: undo.records });
    setUndo(null);
    if (r.ok) report(t('restored_count', tn('count_annotations', r.value.restored)));
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
    else report(t('tagged_count', tn('count_annotations', selectedList.length), tag));
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
        <h1>{t('review_heading')}</h1>
        <input
          type="search"
          aria-label={t('search')}
          placeholder={t('search_placeholder')}
          value={query}
          autoFocus
          onInput={(e) => setQuery((e.currentTarget as HTMLInputElement).value)}
        />
        <Filters values={filters} options={options} onChange={setFilters} pageUrl={null} thisPage={false} />
        <p role="status" class="muted">
          {error ??
            (result
              ? summary(result.total, result.groups.length, shown.length, result.atLeast)
              : t('loading'))}
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
        <Orphans
          version={version}
          onDelete={deleted}
          onError={(t) => report(t, true)}
          onEmptied={() => undoButton.current?.focus()}
        />
        <ExportPanel
          scopes={[
            ...(isEverything || !result
              ? []
              : [{ label: t('scope_these_results'), scope: { query: request }, count: result.total }]),
            {
              label: t('scope_selected'),
              scope: { ids: selectedList.map((a) => a.id) },
              count: selectedList.length,
            },
          ]}
        />
        <ImportPanel onImported={refresh} />
      </aside>

      <main>
        {selectedList.length > 0 && (
          <div class="bulk" role="toolbar" aria-label={t('bulk_label')}>
            <strong>{t('selected_count', selectedList.length)}</strong>
            <input
              aria-label={t('tag_to_add')}
              placeholder={t('tag_placeholder')}
              value={bulkTag}
              onInput={(e) => setBulkTag((e.currentTarget as HTMLInputElement).value)}
              onKeyDown={(e) => e.key === 'Enter' && void addTagToSelected()}
            />
            <button type="button" disabled={!bulkTag.trim()} onClick={() => void addTagToSelected()}>
              {t('add_tag')}
            </button>
            <button type="button" onClick={() => void deleteSelected()}>
              {t('delete_selected')}
            </button>
            <button type="button" onClick={() => setSelected(new Set())}>
              {t('clear_selection')}
            </button>
          </div>
        )}
        {result && result.total === 0 && (
          <div class="empty">
            {isEverything ? (
              <p>
                <strong>{t('empty_title')}</strong> {t('empty_hint_review')}
              </p>
            ) : (
              <p>
                <strong>{t('no_matches')}</strong> {t('no_matches_hint_review')}
              </p>
            )}
          </div>
        )}
        {result?.groups.map((group) => {
          const allOn = group.annotations.every((a) => selected.has(a.id));
          return (
            // Keyed by page: a save makes its page the newest and moves its group to the top, and
            // unkeyed groups would hand each other's rows over, remounting them and dropping what
            // the reader was typing there.
            <section key={group.url} class="page" aria-label={group.title || group.url}>
              <h2>
                <input
                  type="checkbox"
                  aria-label={t('select_all_on', group.title || group.url)}
                  checked={allOn}
                  onChange={() => group.annotations.forEach((a) => toggle(a.id, !allOn))}
                />
                <a href={group.url} target="_blank" rel="noopener noreferrer">
                  <Marked text={group.title || group.url} terms={terms} />
                </a>
              </h2>
              <p class="meta">
                {group.url} · {tn('count_annotations', group.annotations.length)}
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
                      report(t('saved'));
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
        {result && (result.total > shown.length || result.atLeast) && (
          <button type="button" class="more" onClick={() => setLimit((l) => l + PAGE_SIZE)}>
            {t('show_more')}
          </button>
        )}
      </main>

      <div class="toasts">
        {undo && (
          <div class="toast" role="status">
            {undo.text}{' '}
            <button type="button" ref={undoButton} onClick={() => void restore()}>
              {t('undo')}
            </button>
            <button type="button" aria-label={t('dismiss')} onClick={() => setUndo(null)}>
              ×
            </button>
          </div>
        )}
        {notice && (
          <div class={notice.error ? 'toast error' : 'toast'} role={notice.error ? 'alert' : 'status'}>
            {notice.text}{' '}
            <button type="button" aria-label={t('dismiss')} onClick={() => setNotice(null)}>
              ×
            </button>
          </div>
        )}
      </div>
    </div>
  );
}

mountPage(<App />, 'review_title');
