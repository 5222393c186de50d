import { t, tn } from '../platform/i18n';

/**
 * "12 annotations on 3 pages" when all are shown; "3,050 annotations (showing 50 on 12 pages)"
 * when fewer are shown than found, the pages being those of the annotations shown (a search does
 * not count the pages of all it found); "at least 3,050 annotations" when a search stopped
 * counting (see SearchResult.atLeast). `pages`: the pages of the annotations shown.
 */
export function summary(total: number, pages: number, shown: number, atLeast = false): string {
  const count = tn('count_annotations', total);
  const annotations = atLeast ? t('at_least', count) : count;
  const onPages = tn('count_pages', pages);
  return total > shown
    ? t('summary_showing', annotations, shown, onPages)
    : t('summary', annotations, onPages);
}
