// @ts-check
import js from '@eslint/js';
import tseslint from 'typescript-eslint';
import reactHooks from 'eslint-plugin-react-hooks';

/** Node built-ins, with and without the node: prefix. */
const NODE_BUILTINS = [
  'assert', 'buffer', 'child_process', 'cluster', 'crypto', 'dgram', 'dns', 'events', 'fs', 'fs/promises', 'http', 'http2',
  'https', 'module', 'net', 'os', 'path', 'perf_hooks', 'process', 'readline', 'stream', 'stream/promises', 'tls', 'url',
  'util', 'v8', 'vm', 'worker_threads', 'zlib',
];
const nodeOnlyPatterns = [
  { group: ['node:*'], message: 'Node built-ins run only in electron/ (main, service host, CLI).' },
  { group: ['electron', 'electron/*'], message: 'Electron APIs run only in electron/.' },
  { group: ['better-sqlite3', 'kysely', 'kysely/*'], message: 'The database lives in the service host (electron/).' },
  { group: ['exceljs', 'exceljs/*'], message: 'Spreadsheet files are read and written in the service host.' },
];
const nodeBuiltinPaths = NODE_BUILTINS.map((name) => ({ name, message: 'Node built-ins run only in electron/.' }));

/** require() and import() would slip past no-restricted-imports; code that runs in the window or in shared/ uses neither. */
const noDynamicLoading = [
  { selector: "CallExpression[callee.name='require']", message: 'No require() in renderer/ or shared/: use static imports, which the layering rules check.' },
  { selector: 'ImportExpression', message: 'No dynamic import() in renderer/ or shared/: use static imports, which the layering rules check.' },
];

/** Layering is law: folder = where the code may run. tests/lint/layering.test.ts proves these rules bite. */
export const layeringRules = {
  renderer: {
    'no-restricted-imports': [
      'error',
      {
        paths: nodeBuiltinPaths,
        patterns: [...nodeOnlyPatterns, { group: ['**/electron/**', '../electron/*', '../../electron/*'], message: 'The renderer talks to electron/ only through window.api.' }],
      },
    ],
  },
  shared: {
    'no-restricted-imports': [
      'error',
      {
        paths: nodeBuiltinPaths,
        patterns: [
          ...nodeOnlyPatterns,
          { group: ['react', 'react-dom', 'react/*', 'react-dom/*', 'antd', 'antd/*', 'echarts', 'echarts/*'], message: 'shared/ is used by main too: no UI libraries.' },
          { group: ['**/renderer/**', '**/electron/**'], message: 'shared/ depends on nothing of the project but itself.' },
        ],
      },
    ],
    'no-restricted-globals': ['error', 'window', 'document', 'navigator', 'localStorage', 'HTMLElement'],
  },
  nodeSide: {
    'no-restricted-imports': [
      'error',
      { patterns: [{ group: ['react', 'react-dom', 'react/*', 'react-dom/*', 'antd', 'antd/*', '**/renderer/**'], message: 'Main, the service host and the CLI never import React or the renderer.' }] },
    ],
  },
};

export default tseslint.config(
  { ignores: ['node_modules/', 'dist/', 'dist-electron/', 'release/', 'test-output/', 'bench-output/'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    languageOptions: { ecmaVersion: 2023, sourceType: 'module' },
    rules: {
      '@typescript-eslint/no-explicit-any': 'error',
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      'no-warning-comments': ['error', { terms: ['todo', 'fixme', 'xxx'], location: 'start' }],
    },
  },
  {
    files: ['renderer/**/*.{ts,tsx}'],
    plugins: { 'react-hooks': reactHooks },
    rules: { ...reactHooks.configs.recommended.rules, ...layeringRules.renderer, 'no-restricted-syntax': ['error', ...noDynamicLoading] },
  },
  { files: ['shared/**/*.ts'], rules: { ...layeringRules.shared, 'no-restricted-syntax': ['error', ...noDynamicLoading] } },
  { files: ['electron/**/*.ts'], rules: layeringRules.nodeSide },
);
