/**
 * Words and formats for the reader: every string a reader sees comes from `_locales/<lang>/messages.json`
 * through `browser.i18n`, and numbers and dates are formatted for the browser's UI language.
 * Message names are snake_case (the browser compares them without case).
 */
import { browser } from './browser';

/** The browser's UI language, e.g. "en-US" or "zh-CN". */
export function uiLanguage(): string {
  try {
    return browser.i18n.getUILanguage() || navigator.language;
  } catch {
    return navigator.language;
  }
}

let numbers: Intl.NumberFormat | null = null;
let plurals: Intl.PluralRules | null = null;
const dates = new Map<string, Intl.DateTimeFormat>();

export function formatNumber(n: number): string {
  numbers ??= new Intl.NumberFormat(uiLanguage());
  return numbers.format(n);
}

/** 0.42 as "42%", as the reader's language writes it. */
export function formatPercent(fraction: number): string {
  return new Intl.NumberFormat(uiLanguage(), { style: 'percent', maximumFractionDigits: 0 }).format(fraction);
}

/** A date (`date`) or date and time (`dateTime`) for an ISO 8601 timestamp. */
export function formatDate(iso: string, style: 'date' | 'dateTime' = 'date'): string {
  let format = dates.get(style);
  if (!format) {
    format = new Intl.DateTimeFormat(
      uiLanguage(),
      style === 'date' ? { dateStyle: 'medium' } : { dateStyle: 'medium', timeStyle: 'short' },
    );
    dates.set(style, format);
  }
  const date = new Date(iso);
  return Number.isNaN(date.getTime()) ? iso : format.format(date);
}

/**
 * The message `key` with its placeholders filled in order ($1, $2, ...; numbers formatted for the
 * reader). A missing message answers the key itself, so a gap shows instead of an empty control.
 */
export function t(key: string, ...substitutions: (string | number)[]): string {
  const subs = substitutions.map((s) => (typeof s === 'number' ? formatNumber(s) : s));
  let text: string;
  try {
    text = browser.i18n.getMessage(key, subs);
  } catch {
    text = '';
  }
  return text || key;
}

/**
 * A message that depends on a count: `<key>_one` or `<key>_other` by the plural rules of the UI
 * language (Chinese has only "other"), with the count as $1 and the rest after it.
 */
export function tn(key: string, count: number, ...rest: (string | number)[]): string {
  plurals ??= new Intl.PluralRules(uiLanguage());
  const form = plurals.select(count) === 'one' ? 'one' : 'other';
  return t(`${key}_${form}`, count, ...rest);
}
