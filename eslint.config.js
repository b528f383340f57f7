// ESLint flat config. The layer rules of docs/architecture.md are enforced here:
// core/ is pure (no Electron, Node built-ins, database driver, or other layer), db/ sits under
// the hosts (core/ and its driver, never electron/ or renderer/), electron/ never imports the
// renderer, and the renderer reaches the host only through its API client
// (tests/api/layers.test.ts checks they fire). TypeScript files are also linted with their
// types (each file's own project, through the solution tsconfig.json) for promises left
// floating or passed where no promise is expected.
import js from '@eslint/js';
import reactHooks from 'eslint-plugin-react-hooks';
import globals from 'globals';
import tseslint from 'typescript-eslint';

// Node built-ins, matched on the whole specifier ('events', 'fs/promises', 'node:…'): a glob
// pattern such as 'events' would also refuse a module of our own named events.ts ('../events').
const nodeBuiltinNames = ['fs', 'path', 'os', 'child_process', 'crypto', 'http', 'https', 'net', 'url', 'util', 'stream', 'worker_threads', 'module', 'process', 'buffer', 'events', 'zlib', 'tls', 'dns', 'readline', 'vm', 'cluster', 'v8'];
const nodeBuiltins = `^(node:.*|(${nodeBuiltinNames.join('|')})(/.*)?)$`;

export default tseslint.config(
  { ignores: ['out/**', 'dist/**', 'node_modules/**', 'data/**', 'coverage/**'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    languageOptions: { globals: { ...globals.node } },
    rules: {
      'no-dupe-keys': 'error',
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
    },
  },
  {
    files: ['core/**/*.ts'],
    languageOptions: { globals: {} },
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            { group: ['electron', 'electron/*'], message: 'core/ est pur : pas d’Electron.' },
            { regex: nodeBuiltins, message: 'core/ est pur : pas de module Node (fs, crypto…), on lui passe ce dont il a besoin.' },
            { group: ['better-sqlite3', 'drizzle-orm', 'drizzle-orm/*'], message: 'core/ est pur : pas de pilote de base de données.' },
            { group: ['**/db', '**/db/**', '**/electron/**', '**/renderer/**'], message: 'core/ ne dépend d’aucune autre couche.' },
          ],
        },
      ],
      'no-restricted-globals': [
        'error',
        { name: 'process', message: 'core/ est pur : pas de process.' },
        { name: 'require', message: 'core/ est pur.' },
        { name: 'Buffer', message: 'core/ est pur : utiliser Uint8Array/TextEncoder.' },
      ],
    },
  },
  {
    files: ['db/**/*.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            { group: ['electron', 'electron/*', '**/electron', '**/electron/**'], message: 'db/ est sous les hôtes : ni electron/ ni Electron (le mode navigateur ouvre la même base sans Electron).' },
            { group: ['**/renderer', '**/renderer/**'], message: "db/ n'importe pas le renderer." },
          ],
        },
      ],
    },
  },
  {
    files: ['electron/**/*.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [{ group: ['**/renderer', '**/renderer/**'], message: "electron/ sert out/renderer, il n'importe pas le code du renderer (passer par core/)." }],
        },
      ],
    },
  },
  {
    files: ['renderer/**/*.{ts,tsx}'],
    languageOptions: { globals: { ...globals.browser } },
    plugins: { 'react-hooks': reactHooks },
    rules: {
      ...reactHooks.configs.recommended.rules,
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            { group: ['**/db', '**/db/**', '**/electron', '**/electron/**'], message: "Le renderer ne parle qu'au client d'API (renderer/src/api.ts)." },
            { group: ['electron', 'electron/*', 'better-sqlite3', 'drizzle-orm', 'drizzle-orm/*'], message: "Le renderer ne parle qu'au client d'API." },
            { regex: nodeBuiltins, message: 'Le renderer tourne dans le navigateur : pas de module Node.' },
          ],
        },
      ],
    },
  },
  // Promises, with the types: typescript-eslint's project service gives each file the tsconfig
  // project that includes it (tsconfig.json references tsconfig.node.json and tsconfig.web.json).
  {
    files: ['**/*.{ts,tsx,mts,cts}'],
    languageOptions: { parserOptions: { projectService: true, tsconfigRootDir: import.meta.dirname } },
    rules: {
      '@typescript-eslint/no-floating-promises': 'error',
      '@typescript-eslint/no-misused-promises': 'error',
    },
  },
);
