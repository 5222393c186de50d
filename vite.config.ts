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
  const { background, ...rest } = source;
  return {
    ...rest,
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
        },
      },
    },
    server: { strictPort: true, port: 5173, hmr: { port: 5173 } },
  };
});
