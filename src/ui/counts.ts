import { t, tn } from '../platform/i18n';

/**
 * "12 annotations on 3 pages", and "(showing 10)" when fewer are shown than found; "at least 3,050
 * annotations" when a search stopped counting (see SearchResult.atLeast).
 */
export function summary(total: number, pages: number, shown: number, atLeast = false): string {
  const count = tn('count_annotations', total);
  const text = t('summary', atLeast ? t('at_least', count) : count, tn('count_pages', pages));
  return total > shown ? t('summary_showing', text, shown) : text;
}
