/** An article pack: what an article is, declared as data, so recognition knows no particular article. */
export interface PackPoint {
  /** Stable id used in highlight names (`annotator-point-<id>`) and on annotations. */
  id: string;
  /** A short title for the point's label. */
  title: string;
  /** The point's whole text (lead sentence and body), without its list number. */
  text: string;
}

export interface PackSection {
  id: string;
  /** The section's name as printed in the article. */
  title: string;
  /** The word shown on each label of this section, e.g. "Proposal". */
  label: string;
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
