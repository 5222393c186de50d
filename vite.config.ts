import { defineConfig } from 'vite';
import { crx, type ManifestV3Export } from '@crxjs/vite-plugin';
import preact from '@preact/preset-vite';
import manifest from './manifest.json' with { type: 'json' };

/**
 * One config, two browsers: `vite build` makes dist/chrome, `vite build --mode firefox` makes
 * dist/firefox. manifest.json is the one source of truth; the Firefox manifest is derived from it.
 */

/** Our add-on id on addons.mozilla.org; fixed, so storage and the extension's origin survive updates. */
export const GECKO_ID = 'forum-annotator@example.org';

type Manifest = typeof manifest;

/**
 * manifest.json as Firefox wants it: an event page (`background.scripts`) instead of a service
 * worker, and the gecko settings addons.mozilla.org requires.
 */
export function firefoxManifest(source: Manifest): ManifestV3Export {
  // crxjs itself drops `use_dynamic_url` from web_accessible_resources for Firefox; Firefox 140+
  // knows every other key of manifest.json (web-ext lint checks it in `npm test`).
  const { background, content_scripts, ...rest } = source;
  return {
    ...rest,
    // The paint rules for Chromium are written for the root element and inherited from it;
    // Firefox does not pass highlight styles down the tree (bugzilla 1703963), so it gets rules
    // every element matches (see src/content/highlight-paints.ts).
    content_scripts: content_scripts.map((script) => {
      const css = 'css' in script ? script.css : undefined;
      return css ? { ...script, css: css.map((file) => file.replace(/\.css$/, '-firefox.css')) } : script;
    }),
    background: { scripts: [background.service_worker], type: background.type },
    browser_specific_settings: {
      gecko: {
        id: GECKO_ID,
        strict_min_version: '140.0',
        // Annotations stay in the browser: nothing is collected or sent anywhere.
        data_collection_permissions: { required: ['none'] },
      },
      // Firefox for Android reads data_collection_permissions from 142 on.
      gecko_android: { strict_min_version: '142.0' },
    },
  } as ManifestV3Export;
}

interface ModuleGraph {
  getModuleInfo(
    id: string,
  ): { isEntry: boolean; importers: readonly string[]; dynamicImporters: readonly string[] } | null;
}

/**
 * The popup's HTML loads this module as a script of its own, ahead of its other modules (see the
 * module's comment), so it is built to a name the HTML can use. Under the dev server that file
 * does not exist: the popup then starts the read itself (readOpeningResults), as it did before.
 */
const EARLY_SCRIPTS: Record<string, string> = {
  'opening-results': 'src/platform/opening-results.ts',
};

/** The entries (extension pages, scripts) whose static or dynamic imports reach module `id`. */
function entriesReaching(id: string, graph: ModuleGraph): Set<string> {
  const entries = new Set<string>();
  const seen = new Set([id]);
  const stack = [id];
  while (stack.length > 0) {
    const at = stack.pop()!;
    const info = graph.getModuleInfo(at);
    if (!info) continue;
    if (info.isEntry) entries.add(at);
    for (const next of [...info.importers, ...info.dynamicImporters])
      if (!seen.has(next)) {
        seen.add(next);
        stack.push(next);
      }
  }
  return entries;
}

/**
 * Code shared between entries goes into two chunks instead of one per shared module: `common`
 * (reached by the content script or the worker, and something else) and `pages` (reached only by
 * extension pages). Chromium fetches each chrome-extension:// module separately before a page's
 * script may run: the popup loaded eleven and started its script 25-30 ms later than with the four
 * it loads now (measured with a probe on this machine), and results ≤ 150 ms after the popup opens
 * is a target. The content script likewise loads three files instead of seven.
 */
const sharedChunks = [
  {
    name: (id: string, graph: ModuleGraph) => {
      if (graph.getModuleInfo(id)?.isEntry) return null;
      const entries = entriesReaching(id, graph);
      if (entries.size < 2) return null;
      return [...entries].some((e) => !e.endsWith('.html')) ? 'common' : 'pages';
    },
  },
];

export default defineConfig(({ mode }) => {
  const firefox = mode === 'firefox';
  return {
    // Copied as they are to the root of both builds: _locales/<lang>/messages.json for browser.i18n.
    publicDir: 'assets/public',
    plugins: [
      preact(),
      crx({
        manifest: firefox ? firefoxManifest(manifest) : (manifest as ManifestV3Export),
        browser: firefox ? 'firefox' : 'chrome',
      }),
    ],
    build: {
      outDir: firefox ? 'dist/firefox' : 'dist/chrome',
      emptyOutDir: true,
      target: firefox ? 'firefox140' : 'chrome120',
      // Source maps help readers of a store review and cost nothing at run time.
      sourcemap: false,
      rollupOptions: {
        input: {
          editor: 'src/editor/index.html',
          review: 'src/review/index.html',
          options: 'src/options/index.html',
          ...EARLY_SCRIPTS,
        },
        output: {
          codeSplitting: { groups: sharedChunks },
          entryFileNames: (chunk: { name: string }) =>
            chunk.name in EARLY_SCRIPTS ? `assets/${chunk.name}.js` : 'assets/[name]-[hash].js',
        },
      },
    },
    server: { strictPort: true, port: 5173, hmr: { port: 5173 } },
  };
});
