import { defineConfig } from 'vite';
import { crx } from '@crxjs/vite-plugin';
import preact from '@preact/preset-vite';
import manifest from './manifest.json' with { type: 'json' };

export default defineConfig({
  plugins: [preact(), crx({ manifest })],
  build: {
    outDir: 'dist/chrome',
    emptyOutDir: true,
    target: 'chrome120',
    // Source maps help readers of a store review and cost nothing at run time.
    sourcemap: false,
    rollupOptions: {
      input: {
        editor: 'src/editor/index.html',
        review: 'src/review/index.html',
      },
    },
  },
  server: { strictPort: true, port: 5173, hmr: { port: 5173 } },
});
