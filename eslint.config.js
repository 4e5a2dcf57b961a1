// Lint rules, including the folder boundaries of STYLE.md: the domain (scenarios/)
// stays pure, the renderer never reaches electron or node, only main/ touches lowdb.
import js from '@eslint/js';
import tseslint from 'typescript-eslint';
import globals from 'globals';
import reactHooks from 'eslint-plugin-react-hooks';
import pluginSecurity from 'eslint-plugin-security';
import sdl from '@microsoft/eslint-plugin-sdl';

const nodeBuiltins = ['node:*', 'fs', 'fs/*', 'path', 'os', 'child_process', 'crypto', 'http', 'https', 'net', 'url', 'util', 'stream', 'worker_threads'];
const securedFiles = ['main/**/*.ts', 'renderer/**/*.{ts,tsx}', 'scenarios/**/*.ts'];
const testFiles = ['**/*.test.{ts,tsx}'];
const banned = (names, why) => names.map((name) => ({ group: [name], message: why }));

export default tseslint.config(
  { ignores: ['node_modules/', 'dist/', 'out/', 'coverage/', 'docs/', 'test-results/', 'playwright-report/'] },
  js.configs.recommended,
  ...tseslint.configs.strict,
  {
    languageOptions: { globals: { ...globals.node } },
    rules: {
      '@typescript-eslint/consistent-type-imports': 'error',
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_', ignoreRestSiblings: true }],
      // With noUncheckedIndexedAccess on, `x[i]!` states an index the code has just bounded.
      '@typescript-eslint/no-non-null-assertion': 'off',
      eqeqeq: ['error', 'always'],
      'no-eval': 'error',
      'no-implied-eval': 'error',
      'no-new-func': 'error',
    },
  },
  {
    files: ['scenarios/format/**', 'scenarios/engine/**', 'scenarios/library/**', 'scenarios/studio/**'],
    ignores: ['**/*.test.ts'],
    rules: {
      'no-restricted-imports': ['error', {
        patterns: banned(['electron', 'electron/*', 'react', 'react/*', 'react-dom', 'react-dom/*', 'lowdb', 'lowdb/*', ...nodeBuiltins, '**/cli', '../cli'],
          'scenarios/ is the pure domain: no electron, react, DOM, node or CLI imports (STYLE.md).'),
      }],
    },
  },
  {
    files: ['renderer/**/*.{ts,tsx}'],
    plugins: { 'react-hooks': reactHooks },
    languageOptions: { globals: { ...globals.browser } },
    rules: {
      'react-hooks/rules-of-hooks': 'error',
      'react-hooks/exhaustive-deps': 'error',
    },
  },
  {
    files: ['renderer/**'],
    rules: {
      'no-restricted-imports': ['error', {
        patterns: banned(['electron', 'electron/*', 'lowdb', 'lowdb/*', ...nodeBuiltins],
          'renderer/ talks to main only through window.comptoir (STYLE.md practice 1).'),
      }],
    },
  },
  {
    files: ['scenarios/cli.ts', 'tests/**'],
    rules: {
      'no-restricted-imports': ['error', {
        patterns: banned(['lowdb', 'lowdb/*'], 'Only main/ talks to lowdb (STYLE.md): go through main/store.'),
      }],
    },
  },
  // Security rules (docs/SECURITY.md): eslint-plugin-security for Node-side patterns, Microsoft's SDL
  // rules for the DOM, React and Electron (innerHTML, dangerouslySetInnerHTML, target=_blank, node
  // integration, insecure URLs, postMessage '*'). Any warning fails the lint (--max-warnings 0).
  // Tests are left out: they feed hostile URLs and paths on purpose, and are not shipped.
  ...[pluginSecurity.configs.recommended, ...sdl.configs.common, ...sdl.configs.electron, ...sdl.configs.node, ...sdl.configs.react]
    .map((config) => ({ ...config, files: securedFiles, ignores: testFiles })),
  {
    files: securedFiles,
    ignores: testFiles,
    rules: {
      // Flags every `a[b]`; with TypeScript's typed records and noUncheckedIndexedAccess it is pure noise here.
      'security/detect-object-injection': 'off',
      // Paths are the data dir, the app's own folders, or names the store rebuilds from ids it has
      // checked (uuid, 64-hex hash): kept on only where a request's URL becomes a path (below).
      'security/detect-non-literal-fs-filename': 'off',
      // Browser mode is plain http on the loopback interface only (main/server.ts); nothing else may be http.
      '@microsoft/sdl/no-insecure-url': ['error', { exceptions: ['^http://(127\\.0\\.0\\.1|localhost)(:|/|$)'] }],
    },
  },
  {
    files: ['main/server.ts', 'main/electron.ts'],
    rules: { 'security/detect-non-literal-fs-filename': 'error' },
  },
);
