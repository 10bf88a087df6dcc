// ESLint flat config. Prettier owns layout (.prettierrc.json); ESLint owns correctness, the
// promise rules that need type information, and the import boundaries between apps/, libs/ and test/.
// `npm test` runs `npm run lint` and `npm run format:check` after the typecheck and before Jest.
import eslint from '@eslint/js';
import { defineConfig } from 'eslint/config';
import globals from 'globals';
import tseslint from 'typescript-eslint';

// --- Import boundaries -------------------------------------------------------------------------
// A library's public face is its alias, `@app/<lib>`, which tsconfig maps to libs/<lib>/src/index.ts.
// tsconfig also maps `@app/<lib>/*`, which would let anyone reach past the index; lint forbids it.
const DEEP_ALIAS = {
  regex: '^@app/[^/]+/(?!testing$)',
  message: "Import a library only through its public face, '@app/<lib>' (libs/<lib>/src/index.ts). Export what you need from the index.",
};
// A library may also offer `@app/<lib>/testing` (libs/<lib>/src/testing/index.ts): fixtures for specs,
// tests and benchmarks, never for code that ships.
const TESTING_FACE = {
  regex: '^@app/[^/]+/testing$',
  message: "'@app/<lib>/testing' holds fixtures for specs and tests only; code that ships never imports it.",
};

// Code in libs/<x>/src and apps/<x>/src may use relative imports only inside its own src/ folder.
// Whether a relative path climbs out depends on how deep the importing file sits, so one pattern is
// made per depth: a file `depth` folders below src/ may start with at most `depth` '../'. This catches
// every climb (into another lib, into an app, into test/, to the repository root) however it is spelt.
const MAX_DEPTH = 8;
const leavesSrc = (depth, message) => ({ regex: `^(\\./)?(\\.\\.(/|$)){${depth + 1}}`, message });
const LEAVES_LIB =
  "Relative import leaves this library's src/ folder. Import other libraries as '@app/<lib>'; libraries never import from apps/ or test/.";
const LEAVES_APP =
  "Relative import leaves this app's src/ folder. Import libraries as '@app/<lib>'; an app never imports another app or test/.";

// test/ may import apps by relative path (the test harness boots them), but libraries only by alias.
const TEST_INTO_LIBS = {
  regex: '^\\.\\.?/(.*/)?libs(/|$)',
  message: "Tests import libraries as '@app/<lib>', not by relative path into libs/.",
};

// libs/rules is pure: case timelines in, milestones and measures out. No framework, database, queue
// or file system. (It sits below every other library, so it imports none of them either.)
const RULES_PURE = [
  {
    group: ['@nestjs/*', 'typeorm', 'typeorm/*', 'pg', 'pg/*', 'pg-*', 'ioredis', 'ioredis/*', 'bullmq', 'bullmq/*'],
    message: 'libs/rules is pure (no framework, database or queue): do the I/O in libs/compliance or an app and pass the data in.',
  },
  {
    group: ['fs', 'fs/*', 'node:fs', 'node:fs/*'],
    message: 'libs/rules is pure (no file system): read files in the caller and pass the contents in.',
  },
  { regex: '^@app/', message: 'libs/rules sits below every other library and imports none of them.' },
];

// @typescript-eslint/no-restricted-imports also sees `import x = require()`; like the core rule it
// checks `import type` and `export ... from` too. Flat config replaces (not merges) a rule's options
// when a later block sets it again, so each block below carries the full list for its files.
const restrict = (files, patterns, ignores = []) => ({
  files,
  ignores,
  rules: { '@typescript-eslint/no-restricted-imports': ['error', { patterns }] },
});
const srcGlobs = (root, depth) => [`${root}/src/${'*/'.repeat(depth)}*.ts`];
const specGlobs = (root, depth) => [`${root}/src/${'*/'.repeat(depth)}*.spec.ts`];
// Test-only code inside a library: its specs and its testing/ folder (which may read fixtures from disk).
const TEST_ONLY = ['**/*.spec.ts', '**/src/testing/**'];
const boundaryBlocks = [restrict(['**/*.ts'], [DEEP_ALIAS]), restrict(['test/**/*.ts'], [DEEP_ALIAS, TEST_INTO_LIBS])];
for (let depth = 0; depth <= MAX_DEPTH; depth++) {
  const rulesFs = RULES_PURE.filter((p) => !p.group?.includes('node:fs'));
  boundaryBlocks.push(
    restrict(srcGlobs('apps/*', depth), [DEEP_ALIAS, TESTING_FACE, leavesSrc(depth, LEAVES_APP)], TEST_ONLY),
    restrict(srcGlobs('libs/*', depth), [DEEP_ALIAS, TESTING_FACE, leavesSrc(depth, LEAVES_LIB)], TEST_ONLY),
    restrict(srcGlobs('libs/rules', depth), [DEEP_ALIAS, TESTING_FACE, leavesSrc(depth, LEAVES_LIB), ...RULES_PURE], TEST_ONLY),
    restrict(specGlobs('apps/*', depth), [DEEP_ALIAS, leavesSrc(depth, LEAVES_APP)]),
    restrict(specGlobs('libs/*', depth), [DEEP_ALIAS, leavesSrc(depth, LEAVES_LIB)]),
    // The rules' specs and its testing/ folder are test-only, so they may read fixture files.
    restrict(
      [...specGlobs('libs/rules', depth), ...(depth ? [`libs/rules/src/testing/${'*/'.repeat(depth - 1)}*.ts`] : [])],
      [DEEP_ALIAS, leavesSrc(depth, LEAVES_LIB), ...rulesFs],
    ),
  );
}

export default defineConfig(
  {
    // Never linted: installed, built or generated output.
    ignores: ['**/node_modules/**', 'dist/**', 'coverage/**', 'test-artifacts/**', 'tmp/**', 'bench-output/**'],
  },
  {
    linterOptions: { reportUnusedDisableDirectives: 'error' },
  },
  {
    files: ['**/*.ts'],
    extends: [eslint.configs.recommended, tseslint.configs.recommended],
    languageOptions: {
      // One TypeScript program from tsconfig.json (it includes apps/, libs/ and test/) gives the
      // type-aware rules below their types.
      parserOptions: { projectService: true, tsconfigRootDir: import.meta.dirname },
    },
    rules: {
      // Promises: a forgotten await loses errors and ordering. These need type information.
      '@typescript-eslint/no-floating-promises': 'error',
      // checksVoidReturn stays on everywhere: the code has no async callbacks in void positions
      // (Express 5 handlers, Nest lifecycle hooks and BullMQ processors all accept promises).
      // If one is ever needed, relax it on that line with a disable comment that says why.
      '@typescript-eslint/no-misused-promises': 'error',
      '@typescript-eslint/await-thenable': 'error',
      '@typescript-eslint/only-throw-error': 'error',
      // recommended already makes this an error; stated here because it matters.
      '@typescript-eslint/no-explicit-any': 'error',
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_', ignoreRestSiblings: true }],
    },
  },
  ...boundaryBlocks,
  {
    // Node scripts and tool config, CommonJS.
    files: ['scripts/**/*.js', '*.js'],
    extends: [eslint.configs.recommended],
    languageOptions: { sourceType: 'commonjs', globals: globals.node },
  },
  {
    files: ['*.mjs'],
    extends: [eslint.configs.recommended],
    languageOptions: { sourceType: 'module', globals: globals.node },
  },
  {
    // Browser scripts served to the dashboards as they are (no bundler).
    files: ['apps/*/src/**/assets/**/*.js'],
    extends: [eslint.configs.recommended],
    languageOptions: { sourceType: 'script', globals: { ...globals.browser, Chart: 'readonly' } }, // Chart.js, loaded by a <script> tag
  },
  {
    // Browser ES modules served as they are (type="module": GOV.UK Frontend's start-up).
    files: ['apps/*/src/**/assets/**/*.mjs'],
    extends: [eslint.configs.recommended],
    languageOptions: { sourceType: 'module', globals: globals.browser },
  },
  {
    // Prettier wraps code at 140 columns (printWidth) but not strings, template literals or comments.
    // max-len catches what it leaves. (Core max-len is deprecated, not removed, until ESLint 11; then
    // this becomes @stylistic/max-len with the same options.)
    files: ['**/*.ts', '**/*.js', '**/*.mjs'],
    rules: {
      'max-len': ['error', { code: 140, tabWidth: 2, ignoreUrls: true, ignoreRegExpLiterals: true }],
    },
  },
);
