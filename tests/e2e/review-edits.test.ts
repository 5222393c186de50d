/**
 * The review page while the list reorders under the reader: a save makes its page the newest, and
 * the refresh that follows moves that page's group to the top. A note being typed in another
 * group's row must come through that move, still there to save.
 */
import type { Locator, Page } from 'playwright-core';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { openExtensionPage, rpcFrom } from './support/extension-page';
import { launchExtension, type LaunchedExtension } from './support/launch';
import { seed, w3c } from './support/w3c';

/** Newest first: the first page's group is on top, the second's below. */
const SEEDS = [
  seed({
    id: '11111111-1111-4111-8111-111111111111',
    url: 'https://one.example/a',
    title: 'Page one',
    exact: 'first quote',
    modified: '2025-03-03T10:00:00.000Z',
  }),
  seed({
    id: '22222222-2222-4222-8222-222222222222',
    url: 'https://two.example/b',
    title: 'Page two',
    exact: 'second quote',
    modified: '2025-02-02T10:00:00.000Z',
  }),
  seed({
    id: '33333333-3333-4333-8333-333333333333',
    url: 'https://two.example/b',
    title: 'Page two',
    exact: 'third quote',
    modified: '2025-01-01T10:00:00.000Z',
  }),
];

let ext: LaunchedExtension;
let review: Page;

beforeAll(async () => {
  ext = await launchExtension();
  review = await openExtensionPage(ext, 'src/review/index.html');
  expect(await rpcFrom(review, 'importAnnotations', { text: w3c(SEEDS) })).toMatchObject({
    ok: true,
    value: { added: 3 },
  });
  await review.reload();
  await review.locator('.annotation').nth(2).waitFor();
});

afterAll(async () => ext?.close());

const groupTitles = () => review.locator('section.page h2 a').allTextContents();
const hasFocus = (field: Locator) => field.evaluate((el) => el === document.activeElement);
const row = (quote: string): Locator => review.getByRole('listitem', { name: `Annotation: ${quote}` });

it('a note being typed keeps its text and its focus when a save moves another page to the top', async () => {
  expect(await groupTitles()).toEqual(['Page one', 'Page two']);
  // An edit waiting in page two's row, made without taking the focus.
  await row('third quote')
    .getByRole('textbox', { name: 'Note' })
    .evaluate((el: HTMLTextAreaElement) => {
      el.value = 'saved from below';
      el.dispatchEvent(new Event('input', { bubbles: true }));
    });
  // The reader types in page one's row.
  const typing = row('first quote').getByRole('textbox', { name: 'Note' });
  await typing.fill('still typing');
  // Page two's edit is saved (a click event, so the focus stays where the reader types): page two
  // becomes the newest, and the refresh moves its group above page one's.
  await row('third quote').getByRole('button', { name: 'Save' }).dispatchEvent('click');
  await expect.poll(groupTitles).toEqual(['Page two', 'Page one']);
  expect(await typing.inputValue()).toBe('still typing');
  expect(await hasFocus(typing)).toBe(true);
  await expect.poll(() => row('first quote').getByRole('button', { name: 'Save' }).count()).toBe(1);
  const saved = await rpcFrom<{ note: string }>(review, 'getAnnotation', { id: SEEDS[2]!.id });
  expect(saved).toMatchObject({ ok: true, value: { note: 'saved from below' } });
});

it('Save and Cancel pressed from the keyboard hand the focus back to the note', async () => {
  const note = row('first quote').getByRole('textbox', { name: 'Note' });
  await note.fill('saved from the keyboard');
  await row('first quote').getByRole('button', { name: 'Save' }).focus();
  await review.keyboard.press('Enter');
  await expect
    .poll(async () => await rpcFrom<{ note: string }>(review, 'getAnnotation', { id: SEEDS[0]!.id }))
    .toMatchObject({ ok: true, value: { note: 'saved from the keyboard' } });
  await expect.poll(() => row('first quote').getByRole('button', { name: 'Save' }).count()).toBe(0);
  await expect.poll(() => hasFocus(note)).toBe(true);

  await note.fill('never kept');
  await row('first quote').getByRole('button', { name: 'Cancel' }).focus();
  await review.keyboard.press('Enter');
  await expect.poll(() => note.inputValue()).toBe('saved from the keyboard');
  await expect.poll(() => hasFocus(note)).toBe(true);
});
