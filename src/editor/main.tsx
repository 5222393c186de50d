/**
 * The note editor, card and orphan list: an extension page shown in an iframe beside the text on
 * the page (see src/content/editor-frame.ts). Notes are read and written here, through the
 * background, so they never enter the web page. The page's content script learns only ids, through
 * `notifyHost` events relayed by the background.
 */
import { useEffect, useMemo, useRef, useState } from 'preact/hooks';
import { t } from '../platform/i18n';
import { browserMessaging } from '../platform/messaging';
import { HIGHLIGHT_COLOURS, type Annotation, type HighlightColour } from '../shared/annotation';
import type { EditorToBackground, HostEvent, PopupToBackground } from '../shared/messaging/protocol';
import { createCaller } from '../shared/messaging/rpc';
import { colourName } from '../ui/colour-name';
import { COLOUR_STYLES } from '../ui/colours';
import { useFocusAfterRemoval } from '../ui/focus-after-removal';
import { Markdown } from '../ui/markdown';
import '../ui/theme.css';
import { mountPage } from '../ui/mount';
import './editor.css';
import { suggestTags } from './tags';

const params = new URLSearchParams(location.hash.slice(1));
const mode = params.get('mode') ?? 'card';
const host = params.get('host') ?? '';
const ids = (params.get('ids') ?? '').split(',').filter(Boolean);
const fresh = params.get('fresh') === '1';
const focusFirst = params.get('focus') === 'tags' ? 'tags' : 'note';

const call = createCaller<PopupToBackground>(browserMessaging.send);
const callEditor = createCaller<EditorToBackground>(browserMessaging.send);
const RETRY = { retries: 6 } as const;

async function notify(event: HostEvent): Promise<boolean> {
  const res = await callEditor('notifyHost', { host, event }, RETRY);
  return res.ok && res.value.delivered;
}

const close = () => void notify({ kind: 'close' });

function ColourPicker({
  value,
  onChange,
}: {
  value: HighlightColour;
  onChange: (c: HighlightColour) => void;
}) {
  return (
    <div class="row" role="radiogroup" aria-label={t('highlight_colour')}>
      {HIGHLIGHT_COLOURS.map((c) => (
        <button
          type="button"
          class="dot"
          role="radio"
          aria-checked={c === value}
          aria-label={colourName(c)}
          style={{ background: COLOUR_STYLES[c].swatch }}
          onClick={() => onChange(c)}
        />
      ))}
    </div>
  );
}

function TagInput({
  tags,
  setTags,
  known,
  inputRef,
}: {
  tags: string[];
  setTags: (t: string[]) => void;
  known: string[];
  inputRef: { current: HTMLInputElement | null };
}) {
  const [text, setText] = useState('');
  const [active, setActive] = useState(-1);
  const options = useMemo(() => suggestTags(known, tags, text), [known, tags, text]);
  const open = text.trim() !== '' && options.length > 0;
  const add = (tag: string) => {
    const t = tag.replace(/\s+/g, ' ').trim();
    if (t && !tags.some((x) => x.toLowerCase() === t.toLowerCase())) setTags([...tags, t]);
    setText('');
    setActive(-1);
  };
  const onKeyDown = (e: KeyboardEvent) => {
    if (e.key === 'ArrowDown' && open) {
      e.preventDefault();
      setActive((active + 1) % options.length);
    } else if (e.key === 'ArrowUp' && open) {
      e.preventDefault();
      setActive((active - 1 + options.length) % options.length);
    } else if ((e.key === 'Enter' && !e.ctrlKey && !e.metaKey) || e.key === ',' || e.key === 'Tab') {
      const pick = open && active >= 0 ? options[active] : text;
      if (!pick?.trim()) return;
      e.preventDefault();
      add(pick);
    } else if (e.key === 'Backspace' && text === '' && tags.length) {
      setTags(tags.slice(0, -1));
    } else if (e.key === 'Escape' && open) {
      e.stopPropagation();
      setText('');
    } else if (e.key === 'Enter' && text.trim()) {
      // Ctrl/⌘+Enter with a tag still typed: keep it, then the form saves.
      add(text);
    }
  };
  return (
    <div class="tags">
      <div class="row" aria-label={t('tags')} role="list">
        {tags.map((tag) => (
          <span class="chip" role="listitem">
            {tag}
            <button
              type="button"
              aria-label={t('remove_tag', tag)}
              onClick={() => setTags(tags.filter((x) => x !== tag))}
            >
              ×
            </button>
          </span>
        ))}
      </div>
      <input
        ref={inputRef}
        role="combobox"
        aria-label={t('add_tag')}
        aria-autocomplete="list"
        aria-expanded={open}
        aria-controls="tag-options"
        placeholder={t('add_tag_placeholder')}
        value={text}
        onInput={(e) => setText(e.currentTarget.value)}
        onKeyDown={onKeyDown}
        data-pending={text}
      />
      {open && (
        <ul id="tag-options" role="listbox" aria-label={t('tag_suggestions')}>
          {options.map((o, i) => (
            <li
              role="option"
              aria-selected={i === active}
              onMouseDown={(e) => {
                e.preventDefault();
                add(o);
              }}
            >
              {o}
            </li>
          ))}
        </ul>
      )}
    </div>
  );
}

const sameTags = (a: readonly string[], b: readonly string[]) =>
  a.length === b.length && a.every((tag, i) => tag === b[i]);

function Editor({ id }: { id: string }) {
  const [annotation, setAnnotation] = useState<Annotation | null>(null);
  /** The record as the editor opened it: Cancel goes back to it, even after a draft was saved. */
  const [original, setOriginal] = useState<Annotation | null>(null);
  const [note, setNote] = useState('');
  const [tags, setTags] = useState<string[]>([]);
  const [colour, setColour] = useState<HighlightColour>('yellow');
  const [known, setKnown] = useState<string[]>([]);
  const [editing, setEditing] = useState(mode === 'edit');
  const [status, setStatus] = useState('');
  const [deleted, setDeleted] = useState<Annotation[] | null>(null);
  const noteRef = useRef<HTMLTextAreaElement>(null);
  const tagRef = useRef<HTMLInputElement>(null);
  /**
   * The draft as of the last render, for the save when focus leaves. The blur listener is an
   * effect's, and Preact runs effects after the next frame (or 100 ms): a listener re-added with
   * the new text would come too late for a click out of the editor right after typing, which
   * would save the note as it was before. A render follows each input event at once (a microtask).
   */
  const draft = useRef({ annotation, note, tags, deleted });
  draft.current = { annotation, note, tags, deleted };

  useEffect(() => {
    void call('getAnnotation', { id }, RETRY).then((res) => {
      if (!res.ok || !res.value) {
        setStatus(res.ok ? t('annotation_gone') : t('could_not_load', res.error));
        return;
      }
      setAnnotation(res.value);
      setOriginal(res.value);
      setNote(res.value.note);
      setTags(res.value.tags);
      setColour(res.value.color);
      if (mode === 'card' && !res.value.note) setEditing(true);
    });
    void call('listTags', {}, RETRY).then((res) => {
      if (res.ok) setKnown(res.value.map((t) => t.tag));
    });
  }, [id]);

  // Focus once loaded and when editing starts, not on every change of the record: a draft saved
  // as focus left for the page must not pull focus back into the editor.
  useEffect(() => {
    if (!annotation) return;
    (focusFirst === 'tags' && mode === 'edit' ? tagRef : noteRef).current?.focus();
  }, [original, editing]);

  /** The tags with the one still being typed. */
  const tagsWithPending = (tagList = tags) => {
    const pending = tagRef.current?.dataset.pending?.trim();
    return pending && !tagList.includes(pending) ? [...tagList, pending] : tagList;
  };

  const save = async () => {
    const allTags = tagsWithPending();
    setStatus(t('saving'));
    const res = await call('updateAnnotation', { id, patch: { note, tags: allTags, color: colour } }, RETRY);
    if (!res.ok) {
      setStatus(t('not_saved', res.error));
      return;
    }
    setStatus(t('saved_short'));
    await notify({ kind: 'changed', id });
    close();
  };

  /**
   * Saves what was typed when focus leaves the editor: the reader clicked back into the page,
   * where Escape or a click on another highlight closes the editor without asking it.
   */
  const saveDraft = async () => {
    const { annotation, note, tags, deleted } = draft.current;
    if (!annotation || deleted) return;
    const allTags = tagsWithPending(tags);
    if (note === annotation.note && sameTags(allTags, annotation.tags)) return;
    const res = await call('updateAnnotation', { id, patch: { note, tags: allTags } }, RETRY);
    if (!res.ok) return setStatus(t('not_saved', res.error));
    setAnnotation(res.value);
    setStatus(t('draft_saved'));
    await notify({ kind: 'changed', id });
  };

  useEffect(() => {
    const onBlur = () => void saveDraft();
    addEventListener('blur', onBlur);
    return () => removeEventListener('blur', onBlur);
  }, []);

  const cancel = async () => {
    if (fresh && mode === 'edit' && original && !original.note && !original.tags.length) {
      // "Note" made a highlight to hold the note; cancelling takes both back.
      await call('deleteAnnotations', { ids: [id] }, RETRY);
      await notify({ kind: 'changed', id });
    } else if (
      original &&
      annotation &&
      (annotation.note !== original.note || !sameTags(annotation.tags, original.tags))
    ) {
      // A draft was saved as focus left: cancelling puts the note back as it was.
      await call('updateAnnotation', { id, patch: { note: original.note, tags: original.tags } }, RETRY);
      await notify({ kind: 'changed', id });
    }
    close();
  };

  const changeColour = async (c: HighlightColour) => {
    setColour(c);
    const res = await call('updateAnnotation', { id, patch: { color: c } }, RETRY);
    if (res.ok) await notify({ kind: 'changed', id });
  };

  const remove = async () => {
    const res = await call('deleteAnnotations', { ids: [id] }, RETRY);
    if (!res.ok) return setStatus(t('not_deleted', res.error));
    setDeleted(res.value.deleted);
    await notify({ kind: 'changed', id });
  };

  const undo = async () => {
    if (!deleted) return;
    const res = await call('restoreAnnotations', { annotations: deleted }, RETRY);
    if (!res.ok) return setStatus(t('could_not_undo', res.error));
    setDeleted(null);
    setStatus(t('restored'));
    await notify({ kind: 'changed', id });
  };

  const onKeyDown = (e: KeyboardEvent) => {
    if (e.key === 'Enter' && (e.ctrlKey || e.metaKey)) {
      e.preventDefault();
      void save();
    } else if (e.key === 'Escape') {
      e.preventDefault();
      void cancel();
    }
  };

  if (deleted)
    return (
      <main aria-label={t('annotation_deleted')} onKeyDown={onKeyDown}>
        <h1 class="visually-hidden">{t('annotation_deleted')}</h1>
        <p role="status">{t('deleted')}</p>
        <div class="row">
          <button type="button" class="primary" onClick={() => void undo()}>
            {t('undo')}
          </button>
          <button type="button" onClick={close}>
            {t('close')}
          </button>
        </div>
      </main>
    );

  const quote = annotation?.target.selector[0].exact ?? '';
  return (
    <main aria-label={mode === 'card' ? t('annotation') : t('edit_note')} onKeyDown={onKeyDown}>
      <h1 class="visually-hidden">{mode === 'card' ? t('annotation') : t('edit_note')}</h1>
      <blockquote title={quote}>{quote}</blockquote>
      <ColourPicker value={colour} onChange={(c) => void changeColour(c)} />
      {editing ? (
        <textarea
          ref={noteRef}
          aria-label={t('note_markdown')}
          placeholder={t('note_placeholder')}
          value={note}
          onInput={(e) => setNote(e.currentTarget.value)}
        />
      ) : (
        <section aria-label={t('note')}>
          <Markdown text={note} />
          <button type="button" onClick={() => setEditing(true)}>
            {t('edit_note')}
          </button>
        </section>
      )}
      <TagInput tags={tags} setTags={setTags} known={known} inputRef={tagRef} />
      <div class="row">
        {mode === 'card' && (
          <button type="button" class="danger" onClick={() => void remove()}>
            {t('delete')}
          </button>
        )}
        <span class="grow hint">{t('editor_keys_hint')}</span>
        <button type="button" onClick={() => void cancel()}>
          {t('cancel')}
        </button>
        <button type="button" class="primary" onClick={() => void save()} disabled={!annotation}>
          {t('save')}
        </button>
      </div>
      <div class="status" role="status">
        {status}
      </div>
    </main>
  );
}

function Orphans() {
  const [items, setItems] = useState<Annotation[]>([]);
  const [status, setStatus] = useState('');
  useEffect(() => {
    void Promise.all(ids.map((id) => call('getAnnotation', { id }, RETRY))).then((all) =>
      setItems(all.flatMap((r) => (r.ok && r.value ? [r.value] : []))),
    );
  }, []);
  const closeButton = useRef<HTMLButtonElement>(null);
  const { list, removing } = useFocusAfterRemoval(items, () => closeButton.current?.focus());
  /** The note leaves the list; the focus goes to the next note's Re-attach (see useFocusAfterRemoval). */
  const drop = (id: string) => {
    removing(items.findIndex((a) => a.id === id));
    setItems((current) => current.filter((a) => a.id !== id));
  };
  const reattach = async (id: string) => {
    if (await notify({ kind: 'reattach', id })) {
      drop(id);
      setStatus(t('reattached'));
    } else setStatus(t('reattach_select_first'));
  };
  const remove = async (id: string) => {
    const res = await call('deleteAnnotations', { ids: [id] }, RETRY);
    if (!res.ok) return setStatus(t('not_deleted', res.error));
    drop(id);
    await notify({ kind: 'changed', id });
    setStatus(t('deleted'));
  };
  return (
    <main
      aria-label={t('orphans_label')}
      onKeyDown={(e) => {
        if (e.key === 'Escape') close();
      }}
    >
      <div class="row">
        <h1 class="grow">{t('orphans_title')}</h1>
        <button type="button" ref={closeButton} onClick={close}>
          {t('close')}
        </button>
      </div>
      <ul class="orphans" ref={list}>
        {items.map((a) => (
          <li key={a.id} aria-label={a.target.selector[0].exact.slice(0, 80)}>
            <blockquote>{a.target.selector[0].exact}</blockquote>
            {a.note && <div class="note-text">{a.note}</div>}
            {a.tags.length > 0 && <div class="hint">{a.tags.join(', ')}</div>}
            <div class="row">
              <button type="button" onClick={() => void reattach(a.id)}>
                {t('reattach')}
              </button>
              <button type="button" class="danger" onClick={() => void remove(a.id)}>
                {t('delete')}
              </button>
            </div>
          </li>
        ))}
      </ul>
      <div class="status" role="status">
        {status}
      </div>
    </main>
  );
}

mountPage(
  mode === 'orphans' ? <Orphans /> : ids[0] ? <Editor id={ids[0]} /> : <main>{t('nothing_to_show')}</main>,
  'editor_frame_title',
);
