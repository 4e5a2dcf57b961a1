// Lint rules, including the folder boundaries of STYLE.md: the domain (scenarios/)
// stays pure, the renderer never reaches electron or node, only main/ touches lowdb.
import js from '@eslint/js';
import tseslint from 'typescript-eslint';
import globals from 'globals';
import reactHooks from 'eslint-plugin-react-hooks';

const nodeBuiltins = ['node:*', 'fs', 'fs/*', 'path', 'os', 'child_process', 'crypto', 'http', 'https', 'net', 'url', 'util', 'stream', 'worker_threads'];
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
    files: ['scenarios/format/**', 'scenarios/engine/**', 'scenarios/library/**'],
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
);
