/** The search filters: tag, site, colour, initiative point and "this page". */
import type { JSX } from 'preact';
import { useEffect, useState } from 'preact/hooks';
import { t } from '../platform/i18n';
import { HIGHLIGHT_COLOURS, type HighlightColour } from '../shared/annotation';
import type { TagCount } from '../shared/messaging/protocol';
import { callBackground } from './background';
import { colourName } from './colour-name';

export interface FilterValues {
  tag: string;
  site: string;
  color: '' | HighlightColour;
  pointId: string;
  thisPage: boolean;
}

export const NO_FILTERS: FilterValues = { tag: '', site: '', color: '', pointId: '', thisPage: false };

export interface FilterOptions {
  tags: TagCount[];
  sites: string[];
  /** Initiative points that have annotations. */
  points: string[];
}

/** Tags and sites to choose from; `version` reloads them after changes. */
export function useFilterOptions(version = 0): FilterOptions {
  const [options, setOptions] = useState<FilterOptions>({ tags: [], sites: [], points: [] });
  useEffect(() => {
    void (async () => {
      // After the first results: the search goes first when the popup opens.
      if (version === 0) await new Promise((resolve) => setTimeout(resolve, 150));
      // Answered once the search index is built (seconds on a waking worker with 100,000).
      const patient = { retries: 1, timeoutMs: 15_000 };
      const [tags, sites, points] = await Promise.all([
        callBackground('listTags', {}, patient),
        callBackground('listSites', {}, patient),
        callBackground('listPoints', {}, patient),
      ]);
      setOptions({
        tags: tags.ok ? tags.value : [],
        sites: sites.ok ? sites.value : [],
        points: points.ok ? points.value : [],
      });
    })();
  }, [version]);
  return options;
}

export function Filters(props: {
  values: FilterValues;
  options: FilterOptions;
  onChange: (values: FilterValues) => void;
  /** The active tab's page, when there is one ("this page"). */
  pageUrl: string | null;
  /** Offer "this page" (the popup does; the review page, a tab of its own, does not). */
  thisPage?: boolean;
}): JSX.Element {
  const { values, options, onChange, pageUrl, thisPage = true } = props;
  const set = <K extends keyof FilterValues>(key: K, value: FilterValues[K]) =>
    onChange({ ...values, [key]: value });
  const value = (e: Event) => (e.currentTarget as HTMLSelectElement).value;
  return (
    <div class="filters" role="group" aria-label={t('filters')}>
      <select aria-label={t('filter_tag')} value={values.tag} onChange={(e) => set('tag', value(e))}>
        <option value="">{t('any_tag')}</option>
        {options.tags.map((tag) => (
          <option value={tag.tag}>{t('with_count', tag.tag, tag.count)}</option>
        ))}
      </select>
      <select aria-label={t('filter_site')} value={values.site} onChange={(e) => set('site', value(e))}>
        <option value="">{t('any_site')}</option>
        {options.sites.map((s) => (
          <option value={s}>{s}</option>
        ))}
      </select>
      <select
        aria-label={t('filter_colour')}
        value={values.color}
        onChange={(e) => set('color', value(e) as FilterValues['color'])}
      >
        <option value="">{t('any_colour')}</option>
        {HIGHLIGHT_COLOURS.map((c) => (
          <option value={c}>{colourName(c)}</option>
        ))}
      </select>
      <select
        aria-label={t('filter_point')}
        value={values.pointId}
        onChange={(e) => set('pointId', value(e))}
      >
        <option value="">{t('any_point')}</option>
        {options.points.map((p) => (
          <option value={p}>{p}</option>
        ))}
      </select>
      {thisPage && (
        <label class="this-page" title={pageUrl ?? t('this_page_unavailable')}>
          <input
            type="checkbox"
            checked={values.thisPage && pageUrl !== null}
            disabled={pageUrl === null}
            onChange={(e) => set('thisPage', (e.currentTarget as HTMLInputElement).checked)}
          />
          {t('this_page')}
        </label>
      )}
    </div>
  );
}

/** The search request's `filters` for these values. */
export function requestFilters(values: FilterValues, pageUrl: string | null) {
  const filters: { tag?: string; site?: string; color?: HighlightColour; pointId?: string; url?: string } =
    {};
  if (values.tag) filters.tag = values.tag;
  if (values.site) filters.site = values.site;
  if (values.color) filters.color = values.color;
  if (values.pointId) filters.pointId = values.pointId;
  if (values.thisPage && pageUrl) filters.url = pageUrl;
  return filters;
}
