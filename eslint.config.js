// Lint and layer rules. The layer table below is README's "How it is built" as a rule: each folder of the
// main process may import only the folders listed for it, so a new dependency between layers is a change here.
import js from '@eslint/js';
import boundaries from 'eslint-plugin-boundaries';
import svelte from 'eslint-plugin-svelte';
import globals from 'globals';
import ts from 'typescript-eslint';

/** What each part may import from the others (besides itself and npm packages). */
const LAYERS = {
  // what the main process and the windows share: the contract between them and pure code (preload/shared/)
  shared: [],
  // the main process, from the bottom up
  storage: [],
  pages: [],
  webrtc: [],
  logging: ['shared'],
  credentials: ['storage'],
  ucwa: ['storage', 'shared'],
  calls: ['ucwa', 'shared'],
  links: ['calls'],
  people: ['ucwa', 'shared'],
  forwarding: ['ucwa', 'calls', 'people', 'shared'],
  conversationLogs: ['ucwa', 'shared'],
  meetings: ['ucwa', 'calls', 'shared'],
  policy: ['credentials', 'ucwa', 'shared'],
  diagnostics: ['logging', 'shared'],
  bridge: ['webrtc', 'shared'],
  history: ['shared'],
  local: ['ucwa', 'bridge', 'webrtc'],
  core: ['bridge', 'calls', 'conversationLogs', 'forwarding', 'history', 'local', 'meetings', 'people', 'policy', 'storage', 'ucwa', 'webrtc', 'shared'],
  ipc: ['core', 'calls', 'history', 'policy', 'ucwa', 'shared'],
  browserHost: ['core', 'ipc', 'pages', 'shared'],
  electron: ['core', 'ipc', 'credentials', 'diagnostics', 'links', 'logging', 'policy', 'ucwa', 'pages', 'shared'],
  cli: ['core', 'browserHost', 'bridge', 'storage', 'ucwa', 'shared'],
  // the windows: the preload scripts and the renderer
  preload: ['shared'],
  renderer: ['shared'],
};

const MAIN_FOLDERS = Object.keys(LAYERS).filter((layer) => !['shared', 'preload', 'renderer'].includes(layer));

/** Every part is a folder; the first pattern that matches a file names its part. */
const ELEMENTS = [
  { type: 'zod', pattern: 'preload/shared/zod' },
  { type: 'shared', pattern: 'preload/shared' },
  { type: 'preload', pattern: 'preload' },
  ...MAIN_FOLDERS.map((folder) => ({ type: folder, pattern: `main/${folder}` })),
  { type: 'renderer', pattern: 'renderer' },
];

/** zod is a library every part but the renderer may use, through its one module (see ZOD_THROUGH_ITS_MODULE). */
const layerPolicies = Object.entries(LAYERS).map(([type, allowed]) => ({
  from: { element: { type } },
  allow: { to: { element: { type: [type, ...allowed, ...(type === 'renderer' ? [] : ['zod'])] } } },
}));

/** Only the Electron adapter (and the preload script it loads) may import electron; the windows use no Node at all. */
const ELECTRON_ONLY = {
  paths: [{ name: 'electron', message: 'Only main/electron/ and preload/index.ts talk to Electron: keep this runnable in plain Node.' }],
};
const ZOD_THROUGH_ITS_MODULE = {
  paths: [
    { name: 'zod', allowTypeImports: true, message: 'Import zod’s values from preload/shared/zod/zod.ts: it is built without the locales zod’s entries load.' },
  ],
};
/**
 * An import of node:http's values builds its ES module namespace, which reads every export: on Node 24 (Electron
 * 45's) that includes the lazy WebSocket ones, so undici, Node's fetch, is loaded and stays (8 MiB of the core's
 * idle RSS). process.getBuiltinModule('node:http') gives the same module without it.
 */
const NODE_HTTP_WITHOUT_UNDICI = {
  paths: ['node:http', 'http'].map((name) => ({
    name,
    allowTypeImports: true,
    message: "Take node:http’s values from process.getBuiltinModule('node:http'): importing them loads undici on Node 24.",
  })),
};
const NO_NODE = { patterns: [{ group: ['node:*', 'electron'], message: 'The windows run sandboxed: browser APIs and the contract only.' }] };

export default ts.config(
  { ignores: ['dist/**', 'node_modules/**', 'test/artifacts/**', 'bench/results.json'] },
  js.configs.recommended,
  ...ts.configs.recommended,
  ...svelte.configs['flat/recommended'],
  {
    languageOptions: { globals: { ...globals.node, ...globals.browser } },
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_', caughtErrors: 'none' }],
      '@typescript-eslint/consistent-type-imports': 'error',
      'prefer-const': ['error', { ignoreReadBeforeAssign: true }],
      // TypeScript checks names, and knows the DOM's and Node's types where ESLint's globals do not
      'no-undef': 'off',
    },
  },
  {
    files: ['**/*.svelte', '**/*.svelte.ts'],
    languageOptions: { parserOptions: { parser: ts.parser, extraFileExtensions: ['.svelte'] } },
    // Svelte's own rule knows that props are declared with let
    rules: { 'prefer-const': 'off', 'svelte/prefer-const': ['error', { ignoreReadBeforeAssign: true }] },
  },
  {
    files: ['main/**/*.ts', 'preload/**/*.ts', 'renderer/**/*.ts', 'renderer/**/*.svelte'],
    ignores: ['**/vite*.config.ts'],
    plugins: { boundaries },
    settings: {
      'boundaries/elements': ELEMENTS,
      'import/resolver': { typescript: { project: ['tsconfig.json', 'renderer/tsconfig.json'] } },
      'boundaries/include': ['main/**', 'preload/**', 'renderer/**'],
    },
    rules: {
      'boundaries/dependencies': ['error', { default: 'disallow', policies: layerPolicies }],
      'boundaries/no-unknown-files': 'error',
    },
  },
  {
    // A product file that outgrows this does more than one job: split it by job.
    files: ['main/**/*.ts', 'preload/**/*.ts', 'renderer/**/*.ts', 'renderer/**/*.svelte'],
    rules: { 'max-lines': ['error', { max: 300, skipBlankLines: false, skipComments: false }] },
  },
  {
    files: ['main/**/*.ts'],
    ignores: ['main/electron/**'],
    rules: { 'no-restricted-imports': ['error', ELECTRON_ONLY] },
  },
  {
    files: ['renderer/**/*.ts', 'renderer/**/*.svelte', 'preload/browserBridge.ts'],
    ignores: ['**/vite*.config.ts'],
    rules: { 'no-restricted-imports': ['error', NO_NODE] },
  },
  {
    files: ['main/**/*.ts', 'preload/**/*.ts'],
    ignores: ['preload/shared/zod/zod.ts'],
    rules: { '@typescript-eslint/no-restricted-imports': ['error', { paths: [...ZOD_THROUGH_ITS_MODULE.paths, ...NODE_HTTP_WITHOUT_UNDICI.paths] }] },
  },
  {
    // the renderer may use the contract's types, never its schemas (they would pull zod into the windows)
    files: ['renderer/**/*.ts', 'renderer/**/*.svelte'],
    rules: {
      '@typescript-eslint/no-restricted-imports': [
        'error',
        {
          patterns: [
            {
              group: [
                '**/preload/shared/contract*',
                '**/preload/shared/channels*',
                '**/preload/shared/settings',
                '**/preload/shared/settings.js',
                '**/preload/shared/snapshots*',
              ],
              allowTypeImports: true,
              message: 'The renderer imports only types from the contract.',
            },
          ],
        },
      ],
    },
  },
);
