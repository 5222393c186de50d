// @vitest-environment happy-dom
/**
 * The note editor saves a draft when focus leaves it for the page. A reader may type and click
 * back into the page at once: the save must carry what was typed, though Preact re-adds an
 * effect's listeners only after the next frame.
 */
import { afterAll, beforeAll, expect, it, vi } from 'vitest';
import type { Annotation } from '../../src/shared/annotation';
import { sample } from './support/backbone';

const record: Annotation = { ...sample(), note: '', tags: [] };
const updates: Array<{ id: string; patch: { note?: string; tags?: string[] } }> = [];

// The editor's only ways out: the runtime messaging (answered here as the background would) and
// the browser's i18n (message names stand for their text).
const send = vi.fn(async (message: { type: string; payload: unknown }) => {
  switch (message.type) {
    case 'getAnnotation':
      return { ok: true, value: record };
    case 'listTags':
      return { ok: true, value: [] };
    case 'updateAnnotation': {
      const call = message.payload as (typeof updates)[number];
      updates.push(call);
      return { ok: true, value: { ...record, ...call.patch } };
    }
    case 'notifyHost':
      return { ok: true, value: { delivered: true } };
    default:
      return { ok: false, error: `unexpected ${message.type}` };
  }
});
vi.mock('../../src/platform/messaging', () => ({ browserMessaging: { send } }));
vi.mock('../../src/platform/i18n', () => ({
  t: (key: string) => key,
  tn: (key: string) => key,
  formatDate: (iso: string) => iso,
  formatNumber: String,
}));

const settled = () => new Promise((r) => setTimeout(r, 0));

beforeAll(async () => {
  location.hash = `#mode=card&host=AAAAAAAAAAAAAAAAAAAAAA&ids=${record.id}`;
  document.body.innerHTML = '<div id="app"></div>';
  await import('../../src/editor/main');
  // Loaded, and every effect run: the listeners as they are while the reader reads.
  await vi.waitFor(() => expect(document.querySelector('textarea')).not.toBeNull());
  await new Promise((r) => setTimeout(r, 250));
});

afterAll(() => {
  document.body.innerHTML = '';
});

it('a note typed and left at once is saved as typed', async () => {
  const field = document.querySelector('textarea')!;
  field.value = 'Typed and left at once';
  field.dispatchEvent(new Event('input', { bubbles: true }));
  // The render that follows an input runs in a microtask; the effects after it wait for a frame.
  await Promise.resolve();
  window.dispatchEvent(new Event('blur'));
  await settled();
  await vi.waitFor(() => expect(updates).toHaveLength(1));
  expect(updates[0]).toMatchObject({ id: record.id, patch: { note: 'Typed and left at once', tags: [] } });
});

it('focus leaving with nothing changed saves nothing', async () => {
  const before = updates.length;
  window.dispatchEvent(new Event('blur'));
  await new Promise((r) => setTimeout(r, 50));
  expect(updates).toHaveLength(before);
});
