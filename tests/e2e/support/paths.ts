import path from 'node:path';
import { fileURLToPath } from 'node:url';

/** Where things live, resolved from this file so that tests run from any working directory. */
export const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../..');
export const corpusDir = path.resolve(repoRoot, '../shared/corpus');
export const pagesDir = path.join(repoRoot, 'tests/pages');
export const demoDir = path.join(repoRoot, 'assets/demo');
/** The built extension; E2E_DIST points elsewhere (e.g. a build of another checkout). */
export const distDir = path.resolve(process.env.E2E_DIST ?? path.join(repoRoot, 'dist/chrome'));
/** The Firefox build; E2E_DIST_FIREFOX points elsewhere. */
export const firefoxDistDir = path.resolve(
  process.env.E2E_DIST_FIREFOX ?? path.join(repoRoot, 'dist/firefox'),
);
