// @ts-check
import js from '@eslint/js';
import tseslint from 'typescript-eslint';
import boundaries from 'eslint-plugin-boundaries';
import globals from 'globals';

/** The one-way import flow of ARCHITECTURE.md: each layer lists what it may import. */
const layers = {
  shared: [],
  platform: ['shared'],
  recognition: ['shared'],
  anchoring: ['shared'],
  ui: ['platform', 'recognition', 'anchoring', 'shared'],
  content: ['ui', 'platform', 'recognition', 'anchoring', 'shared', 'assets'],
  background: ['ui', 'platform', 'recognition', 'anchoring', 'shared'],
  popup: ['ui', 'platform', 'shared'],
  review: ['ui', 'platform', 'shared'],
  options: ['ui', 'platform', 'shared'],
  editor: ['ui', 'platform', 'shared'],
};

export default tseslint.config(
  {
    ignores: [
      'dist/**',
      '.tmp/**',
      'node_modules/**',
      'tests/pages/**',
      'assets/demo/*.html',
      'tests/fixtures/**',
    ],
  },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    languageOptions: { ecmaVersion: 2023, sourceType: 'module' },
    rules: {
      '@typescript-eslint/no-explicit-any': 'error',
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      'no-console': ['error', { allow: ['warn', 'error'] }],
    },
  },
  {
    files: ['src/**/*.{ts,tsx}'],
    plugins: { boundaries },
    settings: {
      'boundaries/elements': [
        ...Object.keys(layers).map((type) => ({ type, pattern: `src/${type}` })),
        { type: 'assets', pattern: 'assets' },
      ],
      'import/resolver': { node: { extensions: ['.ts', '.tsx', '.js', '.json'] } },
    },
    rules: {
      'boundaries/dependencies': [
        'error',
        {
          default: 'disallow',
          policies: Object.entries(layers).map(([type, allowed]) => ({
            from: { element: { type } },
            allow: { to: { element: { types: { anyOf: [type, ...allowed] } } } },
          })),
        },
      ],
      'no-restricted-imports': [
        'error',
        {
          paths: [
            { name: 'dexie', message: 'Only src/background/db/ talks to IndexedDB.' },
            { name: 'webextension-polyfill', message: 'Use the platform seam in src/platform/.' },
          ],
        },
      ],
    },
  },
  { files: ['src/background/db/**'], rules: { 'no-restricted-imports': 'off' } },
  { files: ['src/platform/**'], rules: { 'no-restricted-imports': 'off' } },
  {
    files: ['tests/**', 'assets/**', '*.config.*'],
    languageOptions: { globals: { ...globals.node, ...globals.browser } },
    rules: { 'no-console': 'off' },
  },
);
