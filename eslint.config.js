// One lint toolchain (ESLint + typescript-eslint, type-aware; Prettier formats). The import rules
// below enforce DESIGN.md's dependency direction from one table, so every package has a rule:
// actions → action-kit, engine → guard, adapters → core; core imports nothing.
import js from '@eslint/js';
import { readdirSync } from 'node:fs';
import { createTypeScriptImportResolver } from 'eslint-import-resolver-typescript';
import { importX } from 'eslint-plugin-import-x';
import tseslint from 'typescript-eslint';

const IO_MODULES = [
  'fs',
  'fs/promises',
  'net',
  'http',
  'https',
  'http2',
  'child_process',
  'dgram',
  'dns',
  'tls',
  'worker_threads',
  'os',
  'readline',
  'stream',
  // Not I/O, but neither pure nor portable: hashing and randomness are the callers'.
  'crypto',
  'perf_hooks',
].flatMap((m) => [m, `node:${m}`]);
const ADAPTER_LIBS = [
  '@actions/*',
  '@octokit/*',
  'pg',
  '@electric-sql/*',
  '@supabase/*',
  '@aws-sdk/*',
  'undici',
  'nock',
  'fastify',
  'hono',
];

/**
 * What each package may import of the others (DESIGN.md "Folders"). A package not in the table
 * is an adapter: it may import core only, until it is given a row here.
 */
const ALLOWED = {
  core: [],
  config: ['core'],
  store: ['core'],
  github: ['core'],
  evidence: ['core'],
  notify: ['core'],
  sample: ['core'],
  aws: ['core'],
  guard: ['core', 'store'],
  'action-kit': ['core'],
  engine: ['core', 'config', 'guard', 'store', 'github', 'evidence', 'notify', 'aws', 'api'],
  'webhook-signature': ['core'],
  // The HTTP API: the store's readers and the signed intake; its actions are composed by the CLI.
  api: ['core', 'store', 'webhook-signature'],
};
const PACKAGES = readdirSync(new URL('./packages/', import.meta.url)).filter((name) => !name.startsWith('.'));
/** Everything may be imported by the CLI and by tests, except the test support by the CLI. */
const ENTRY_POINTS = new Set(['cli', 'testing']);

const noDeepImports = {
  group: ['@opsguard/*/*'],
  message: 'Import a package through its index (its public surface).',
};
const actionsCoreOnlyInKit = { group: ['@actions/core'], message: 'Only packages/action-kit imports @actions/core.' };
const noTestingInSource = {
  group: ['@opsguard/testing'],
  message: 'packages/testing is test support: only tests, benches and scripts import it.',
};

/** The patterns that keep `name` to its row of ALLOWED. */
function boundaryPatterns(name) {
  const allowed = new Set([name, ...(ALLOWED[name] ?? ['core'])]);
  const forbidden = PACKAGES.filter((p) => !allowed.has(p) && p !== 'testing');
  const patterns = [noDeepImports, noTestingInSource];
  if (name !== 'action-kit') patterns.push(actionsCoreOnlyInKit);
  if (forbidden.length > 0) {
    patterns.push({
      group: forbidden.map((p) => `@opsguard/${p}`),
      message: `packages/${name} may import ${[...allowed].filter((p) => p !== name).join(', ') || 'no other OpsGuard package'} (DESIGN.md dependency direction).`,
    });
  }
  if (name === 'core') patterns.push({ group: ADAPTER_LIBS, message: 'packages/core imports no adapter library.' });
  if (name === 'guard') {
    patterns.push({ group: ADAPTER_LIBS, message: 'the guard reaches outside systems only through callbacks.' });
  }
  return patterns;
}

const packageRules = PACKAGES.filter((name) => !ENTRY_POINTS.has(name)).map((name) => ({
  files: [`packages/${name}/src/**`],
  rules: {
    'no-restricted-imports': [
      'error',
      {
        ...(name === 'core' && { paths: IO_MODULES.map((m) => ({ name: m, message: 'packages/core has no I/O.' })) }),
        patterns: boundaryPatterns(name),
      },
    ],
  },
}));

export default tseslint.config(
  {
    ignores: [
      '**/dist/**',
      'dist/**',
      'node_modules/**',
      '.opsguard/**',
      'examples/sample/**',
      'coverage/**',
      '.tools/**',
    ],
  },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    languageOptions: {
      globals: {
        process: 'readonly',
        console: 'readonly',
        URL: 'readonly',
        Buffer: 'readonly',
        AbortController: 'readonly',
        AbortSignal: 'readonly',
        DOMException: 'readonly',
        setTimeout: 'readonly',
        clearTimeout: 'readonly',
        TextEncoder: 'readonly',
        TextDecoder: 'readonly',
        structuredClone: 'readonly',
        fetch: 'readonly',
        performance: 'readonly',
        setImmediate: 'readonly',
        queueMicrotask: 'readonly',
        globalThis: 'readonly',
      },
    },
    plugins: { 'import-x': importX },
    settings: {
      'import-x/resolver-next': [createTypeScriptImportResolver({ project: './tsconfig.json' })],
      // The files an import leads to are TypeScript too: parse them as such to follow cycles.
      'import-x/parsers': { '@typescript-eslint/parser': ['.ts'] },
      'import-x/extensions': ['.ts', '.js'],
    },
    rules: {
      '@typescript-eslint/no-explicit-any': 'error',
      // Generated documents state their numbers through a tagged template (DocBuilder.line).
      '@typescript-eslint/no-unused-expressions': ['error', { allowTaggedTemplates: true }],
      '@typescript-eslint/consistent-type-imports': ['error', { fixStyle: 'inline-type-imports' }],
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      'no-restricted-imports': ['error', { patterns: [noDeepImports, actionsCoreOnlyInKit] }],
      // A module that imports itself through others: split the shared part out instead.
      'import-x/no-cycle': ['error', { ignoreExternal: true }],
    },
  },
  {
    // Type-aware rules on every TypeScript file: a promise is awaited or handled, never dropped.
    files: ['**/*.ts'],
    languageOptions: { parserOptions: { projectService: true, tsconfigRootDir: import.meta.dirname } },
    rules: {
      '@typescript-eslint/no-floating-promises': 'error',
      '@typescript-eslint/no-misused-promises': 'error',
    },
  },
  ...packageRules,
  {
    // Core is pure: no I/O, no adapters, no clock, no randomness, no environment (all passed in).
    files: ['packages/core/src/**'],
    rules: {
      'no-restricted-globals': [
        'error',
        { name: 'performance', message: 'core takes the time as a parameter.' },
        { name: 'fetch', message: 'packages/core has no I/O.' },
        { name: 'crypto', message: 'hashing and randomness are passed into core.' },
      ],
      'no-restricted-syntax': [
        'error',
        {
          selector: "NewExpression[callee.name='Date'][arguments.length=0]",
          message: 'core takes the time as a parameter.',
        },
        {
          selector: "CallExpression[callee.object.name='Date'][callee.property.name='now']",
          message: 'core takes the time as a parameter.',
        },
        {
          selector: "CallExpression[callee.object.name='Math'][callee.property.name='random']",
          message: 'core takes randomness as a parameter.',
        },
        {
          selector: "MemberExpression[object.name='process']",
          message: 'core reads no process state (environment, arguments, clock): it is passed in.',
        },
      ],
    },
  },
  {
    // The HTTP API is adapter-level: core, the store, its framework and the signature library;
    // never the engine or the CLI (the CLI composes it with the guard and the GitHub client).
    files: ['packages/{api,webhook-signature}/src/**'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            noDeepImports,
            actionsCoreOnlyInKit,
            {
              group: ['@opsguard/cli', '@opsguard/engine', '@opsguard/guard', '@opsguard/github'],
              message: 'the api package imports core, store and webhook-signature only.',
            },
          ],
        },
      ],
    },
  },
  {
    // Actions are thin and import packages only: never another action, never a relative path out.
    files: ['actions/*/src/**'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            noDeepImports,
            actionsCoreOnlyInKit,
            noTestingInSource,
            {
              group: ['../../*', '../../../*'],
              message: 'an action imports packages/ (by name), never another folder.',
            },
            { group: ['@opsguard/cli', '@opsguard/sample'], message: 'actions do not import the CLI or the sample.' },
          ],
        },
      ],
    },
  },
  {
    files: ['packages/cli/src/**'],
    rules: {
      'no-restricted-imports': ['error', { patterns: [noDeepImports, actionsCoreOnlyInKit, noTestingInSource] }],
    },
  },
  {
    files: ['**/test/**', 'bench/**', 'scripts/**', 'packages/testing/**'],
    rules: { 'no-restricted-imports': ['error', { patterns: [actionsCoreOnlyInKit] }] },
  },
  {
    files: ['eslint.config.js'],
    languageOptions: { parserOptions: { projectService: false } },
    ...tseslint.configs.disableTypeChecked,
  },
);
