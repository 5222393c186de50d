import { t, tn } from '../platform/i18n';

/** "12 annotations on 3 pages", and "(showing 10)" when fewer are shown than found. */
export function summary(total: number, pages: number, shown: number): string {
  const text = t('summary', tn('count_annotations', total), tn('count_pages', pages));
  return total > shown ? t('summary_showing', text, shown) : text;
}
