/**
 * What differs between the browsers we build for, where it cannot be asked of the page cheaply.
 * Set per build: `vite build --mode firefox` makes the Firefox one.
 */

/**
 * Whether `::highlight()` styles pass down the element tree (the css-pseudo-4 highlight cascade),
 * so that one rule on the root paints a highlight's text anywhere below it. Chromium does this;
 * Firefox does not yet (bugzilla 1703963), so there every element must match the rule itself.
 */
export const highlightInheritance: boolean = import.meta.env.MODE !== 'firefox';
