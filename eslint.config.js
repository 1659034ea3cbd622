// One lint toolchain (ESLint + typescript-eslint; Prettier formats). The import rules below
// enforce DESIGN.md's dependency direction: actions → action-kit, guard, adapters → core.
import js from '@eslint/js';
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
];
const OPSGUARD_PACKAGES = [
  'store',
  'guard',
  'github',
  'action-kit',
  'config',
  'cli',
  'evidence',
  'notify',
  'sample',
  'aws',
  'api',
  'webhook-signature',
];

const noDeepImports = {
  group: ['@opsguard/*/*', '!@opsguard/github/testing'],
  message: 'Import a package through its index (its public surface).',
};
const actionsCoreOnlyInKit = { group: ['@actions/core'], message: 'Only packages/action-kit imports @actions/core.' };

export default tseslint.config(
  { ignores: ['**/dist/**', 'node_modules/**', '.opsguard/**', 'examples/sample/**', 'coverage/**'] },
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
    rules: {
      '@typescript-eslint/no-explicit-any': 'error',
      // Generated documents state their numbers through a tagged template (DocBuilder.line).
      '@typescript-eslint/no-unused-expressions': ['error', { allowTaggedTemplates: true }],
      '@typescript-eslint/consistent-type-imports': ['error', { fixStyle: 'inline-type-imports' }],
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      'no-restricted-imports': ['error', { patterns: [noDeepImports, actionsCoreOnlyInKit] }],
    },
  },
  {
    files: ['packages/action-kit/**'],
    rules: { 'no-restricted-imports': ['error', { patterns: [noDeepImports] }] },
  },
  {
    // Core is pure: no I/O, no adapters, no clock, no randomness (they are passed in).
    files: ['packages/core/src/**'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          paths: IO_MODULES.map((name) => ({ name, message: 'packages/core has no I/O.' })),
          patterns: [
            { group: ADAPTER_LIBS, message: 'packages/core imports no adapter library.' },
            { group: ['@opsguard/*'], message: 'packages/core imports no other OpsGuard package.' },
          ],
        },
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
      ],
    },
  },
  {
    // The guard sits on core and the store interface only.
    files: ['packages/guard/src/**'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            noDeepImports,
            actionsCoreOnlyInKit,
            { group: ADAPTER_LIBS, message: 'the guard reaches outside systems only through callbacks.' },
            {
              group: OPSGUARD_PACKAGES.filter((p) => p !== 'store').map((p) => `@opsguard/${p}`),
              message: 'the guard imports core and the store interface only.',
            },
          ],
        },
      ],
    },
  },
  {
    // Adapters never import the CLI, the guard or each other's internals.
    files: ['packages/{store,github,evidence,notify,aws,config,sample}/src/**'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            noDeepImports,
            actionsCoreOnlyInKit,
            { group: ['@opsguard/cli', '@opsguard/guard'], message: 'adapters depend on core only.' },
          ],
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
            {
              group: ['../../*', '../../../*'],
              message: 'an action imports packages/ (by name), never another folder.',
            },
            { group: ['@opsguard/cli'], message: 'actions do not import the CLI.' },
          ],
        },
      ],
    },
  },
  {
    files: ['**/test/**', 'bench/**', 'scripts/**'],
    rules: { 'no-restricted-imports': ['error', { patterns: [actionsCoreOnlyInKit] }] },
  },
);
