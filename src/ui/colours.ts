import type { HighlightColour } from '../shared/annotation';

/**
 * The highlight colours: translucent fills, so the page's own text colour stays readable on light
 * and dark pages alike, and a solid swatch for pickers.
 */
export const COLOUR_STYLES: Record<HighlightColour, { fill: string; swatch: string }> = {
  yellow: { fill: 'rgba(255, 214, 0, 0.38)', swatch: '#ffd600' },
  green: { fill: 'rgba(60, 200, 90, 0.38)', swatch: '#3cc85a' },
  blue: { fill: 'rgba(40, 150, 255, 0.36)', swatch: '#2896ff' },
  pink: { fill: 'rgba(255, 80, 170, 0.34)', swatch: '#ff50aa' },
  orange: { fill: 'rgba(255, 140, 20, 0.40)', swatch: '#ff8c14' },
  purple: { fill: 'rgba(150, 90, 255, 0.36)', swatch: '#965aff' },
};
