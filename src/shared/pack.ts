/** An article pack: what an article is, declared as data, so recognition knows no particular article. */
export interface PackPoint {
  /** Stable id used in highlight names (`annotator-point-<id>`) and on annotations. */
  id: string;
  /** A short title for the point's label. */
  title: string;
  /** The title in other languages, by BCP 47 tag (e.g. "zh-CN"); `title` is the fallback. */
  titles?: Record<string, string>;
  /** The point's whole text (lead sentence and body), without its list number. */
  text: string;
}

export interface PackSection {
  id: string;
  /** The section's name as printed in the article. */
  title: string;
  /** The section's name in other languages, by BCP 47 tag. */
  titles?: Record<string, string>;
  /** The word shown on each label of this section, e.g. "Proposal". */
  label: string;
  /** The label word in other languages, by BCP 47 tag (e.g. "zh-CN"). */
  labels?: Record<string, string>;
  /** Which colour family the section's highlights use: 0, 1, ... */
  colour: number;
  points: PackPoint[];
}

export interface ArticlePack {
  id: string;
  title: string;
  language: string;
  sections: PackSection[];
}

/**
 * The text for `language` (a BCP 47 tag such as "zh-CN", "zh-Hans-CN" or "zh"): an exact entry of
 * `translations`, else one of the same primary language, else `fallback` (the pack's own language).
 */
export function localized(
  fallback: string,
  translations: Record<string, string> | undefined,
  language: string,
): string {
  if (!translations) return fallback;
  const want = language.toLowerCase().replace(/_/g, '-');
  const entries = Object.entries(translations);
  const exact = entries.find(([tag]) => tag.toLowerCase() === want);
  if (exact) return exact[1];
  const primary = want.split('-')[0];
  const same = entries.find(([tag]) => tag.toLowerCase().split('-')[0] === primary);
  return same ? same[1] : fallback;
}
