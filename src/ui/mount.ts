import { render, type VNode } from 'preact';
import { t } from '../platform/i18n';

/** Renders an extension page into #app, with its title and `lang` in the reader's language. */
export function mountPage(app: VNode, titleKey: string): void {
  document.documentElement.lang = t('lang_tag');
  document.title = t(titleKey);
  const root = document.getElementById('app');
  if (root) render(app, root);
}
