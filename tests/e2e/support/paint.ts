/**
 * Whether highlights are painted, read from screenshots: a highlight registered in CSS.highlights
 * but matched by no `::highlight()` rule is invisible, and only pixels can tell. Driver-agnostic:
 * the page functions run in any browser, the caller takes the screenshot.
 */

export interface Box {
  x: number;
  y: number;
  width: number;
  height: number;
}

/**
 * Runs in the page: scrolls the first line of highlight `name` into view and answers its box in
 * viewport coordinates, inset so that a label above it is left out, with the page's scroll offset
 * (Playwright clips screenshots in viewport coordinates, Puppeteer over BiDi in the document's);
 * null if it has no such line.
 */
export function lineOf(name: string): (Box & { scrollX: number; scrollY: number }) | null {
  const first = [...(CSS.highlights.get(name) ?? [])][0];
  if (!(first instanceof Range)) return null;
  const start = first.startContainer;
  (start instanceof Element ? start : (start.parentElement ?? document.body)).scrollIntoView({
    block: 'center',
  });
  const line = [...first.getClientRects()].find((r) => r.width > 40 && r.height > 8);
  if (!line) return null;
  return {
    x: line.left + 2,
    y: line.top + 3,
    width: Math.min(line.width, 400) - 4,
    height: line.height - 6,
    scrollX,
    scrollY,
  };
}

export interface Tint {
  /** Share of the pixels in a strong colour (the page's text and background are greys). */
  share: number;
  /** Mean red and blue of those pixels: a yellow fill has more red, a blue one more blue. */
  red: number;
  blue: number;
}

/** Runs in the page: decodes a PNG (base64) with the browser's own decoder and measures its tint. */
export async function tintOf(pngBase64: string): Promise<Tint> {
  const blob = await (await fetch(`data:image/png;base64,${pngBase64}`)).blob();
  const bitmap = await createImageBitmap(blob);
  const canvas = new OffscreenCanvas(bitmap.width, bitmap.height);
  const context = canvas.getContext('2d')!;
  context.drawImage(bitmap, 0, 0);
  const { data } = context.getImageData(0, 0, bitmap.width, bitmap.height);
  let tinted = 0;
  let red = 0;
  let blue = 0;
  for (let i = 0; i < data.length; i += 4) {
    const r = data[i]!;
    const g = data[i + 1]!;
    const b = data[i + 2]!;
    if (Math.max(r, g, b) - Math.min(r, g, b) < 40) continue;
    tinted++;
    red += r;
    blue += b;
  }
  const pixels = data.length / 4;
  return { share: tinted / pixels, red: tinted ? red / tinted : 0, blue: tinted ? blue / tinted : 0 };
}
