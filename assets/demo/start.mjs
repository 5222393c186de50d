// `npm start`: serves the bundled demo article (assets/demo/) on 127.0.0.1 and opens Debian's Chromium with
// the built extension (dist/chrome) on it. With a display it stays open until the browser is closed; without
// one it runs headless, prints the recognized points, saves assets/screenshot.png and exits (1 if none).
import { createServer } from 'node:http';
import { existsSync } from 'node:fs';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium } from 'playwright-core';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const demoDir = path.join(root, 'assets/demo');
const dist = path.join(root, 'dist/chrome');
const screenshot = path.join(root, 'assets/screenshot.png');
const executablePath = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
const headless = !process.env.DISPLAY;

function serveDemo() {
  const types = {
    '.html': 'text/html; charset=utf-8',
    '.css': 'text/css',
    '.png': 'image/png',
    '.svg': 'image/svg+xml',
  };
  const server = createServer(async (req, res) => {
    const pathname = decodeURIComponent(new URL(req.url ?? '/', 'http://x').pathname);
    const file = path.resolve(demoDir, '.' + (pathname.endsWith('/') ? pathname + 'index.html' : pathname));
    try {
      if (!file.startsWith(demoDir + path.sep)) throw new Error('outside the demo folder');
      const body = await readFile(file);
      res.writeHead(200, { 'content-type': types[path.extname(file)] ?? 'application/octet-stream' });
      res.end(body);
    } catch {
      res.writeHead(404, { 'content-type': 'text/plain' });
      res.end('not found');
    }
  });
  return new Promise((resolve) => server.listen(0, '127.0.0.1', () => resolve(server)));
}

/** In the page: the visible point highlights, the recognition passes and the labels of the extension's UI. */
function readPoints() {
  const points = [];
  CSS.highlights.forEach((highlight, name) => {
    if (!name.startsWith('annotator-point-')) return;
    const visible = [...highlight].some(
      (r) => r instanceof Range && [...r.getClientRects()].some((b) => b.width && b.height),
    );
    if (visible) points.push(name.slice('annotator-point-'.length));
  });
  const labels = {};
  const ui = document.querySelector('forum-annotator-ui')?.shadowRoot;
  for (const el of ui?.querySelectorAll('[data-point-id]') ?? [])
    labels[el.dataset.pointId] = el.textContent.trim();
  return { points: points.sort(), labels, passes: performance.getEntriesByName('annotator:pass').length };
}

async function main() {
  if (!existsSync(path.join(dist, 'manifest.json')))
    throw new Error('no dist/chrome: run `npm run build` first');
  if (!existsSync(executablePath))
    throw new Error(`no Chromium at ${executablePath} (apt-get install chromium)`);
  const server = await serveDemo();
  const url = `http://127.0.0.1:${server.address().port}/`;
  const profile = await mkdtemp(path.join(os.tmpdir(), 'forum-annotator-start-'));
  const context = await chromium.launchPersistentContext(profile, {
    executablePath,
    headless,
    viewport: headless ? { width: 1280, height: 900 } : null,
    args: [
      `--disable-extensions-except=${dist}`,
      `--load-extension=${dist}`,
      '--no-sandbox',
      '--disable-gpu',
      '--disable-quic',
      '--no-first-run',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
    ],
  });
  const cleanup = async () => {
    await context.close().catch(() => undefined);
    server.close();
    await rm(profile, { recursive: true, force: true });
  };
  try {
    const page = context.pages()[0] ?? (await context.newPage());
    await page.goto(url);
    console.log(`Forum Annotator demo at ${url} (${headless ? 'headless' : 'close the browser to stop'})`);
    if (!headless) {
      await new Promise((resolve) => context.once('close', resolve));
      return 0;
    }
    // Until a recognition pass has run and the set of highlighted points has been stable for a second.
    let state = await page.evaluate(readPoints);
    let stableSince = Date.now();
    for (const deadline = Date.now() + 20_000; Date.now() < deadline;) {
      await new Promise((resolve) => setTimeout(resolve, 100));
      const next = await page.evaluate(readPoints);
      if (next.points.join() !== state.points.join() || next.passes === 0) stableSince = Date.now();
      state = next;
      if (state.passes > 0 && Date.now() - stableSince > 1000 && state.points.length > 0) break;
    }
    // Bring the first recognized point into view, and let the labels follow on the next frames.
    await page.evaluate(() => {
      const first = [...CSS.highlights.keys()].filter((n) => n.startsWith('annotator-point-')).sort()[0];
      const range = first && [...CSS.highlights.get(first)][0];
      if (range instanceof Range) scrollBy(0, range.getBoundingClientRect().top - 240);
      return new Promise((resolve) => requestAnimationFrame(() => requestAnimationFrame(resolve)));
    });
    state = await page.evaluate(readPoints);
    console.log(`recognized ${state.points.length} point(s):`);
    for (const id of state.points) console.log(`  ${id.padEnd(20)} ${state.labels[id] ?? '(no label)'}`);
    await page.screenshot({ path: screenshot });
    console.log(`screenshot: ${path.relative(process.cwd(), screenshot)}`);
    return state.points.length > 0 ? 0 : 1;
  } finally {
    await cleanup();
  }
}

main().then(
  (code) => process.exit(code),
  (error) => {
    console.error(error instanceof Error ? error.message : error);
    process.exit(1);
  },
);
