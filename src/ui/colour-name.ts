import { t } from '../platform/i18n';
import type { HighlightColour } from '../shared/annotation';

/** The colour's name in the reader's language ("Yellow", "黄色"); messages `colour_<colour>`. */
export function colourName(colour: HighlightColour): string {
  return t(`colour_${colour}`);
}
