/** @jest-config-loader esbuild-register */
import type { Config } from 'jest';

// ESM + swc: fastest transform here; `tsc --noEmit` does the type checking.
const config: Config = {
  testEnvironment: 'node',
  extensionsToTreatAsEsm: ['.ts'],
  transform: {
    '^.+\\.ts$': [
      '@swc/jest',
      {
        // Keep `with { type: 'json' }`: Jest warns (and will refuse) JSON imports without it.
        jsc: { parser: { syntax: 'typescript' }, target: 'es2022', experimental: { keepImportAttributes: true } },
        module: { type: 'es6' },
      },
    ],
  },
  moduleNameMapper: { '^(\\.{1,2}/.*)\\.js$': '$1' },
  testMatch: [
    '<rootDir>/packages/*/test/**/*.test.ts',
    '<rootDir>/actions/*/test/**/*.test.ts',
    '<rootDir>/test/**/*.test.ts',
  ],
  setupFilesAfterEnv: ['<rootDir>/test/setup/nock.ts'],
  globalSetup: '<rootDir>/test/setup/global-setup.ts',
  globalTeardown: '<rootDir>/test/setup/global-teardown.ts',
  testTimeout: 60_000,
  // Two workers on the 2-core machines (jest's default is cores − 1): the tests wait on WASM and
  // sockets more than they compute.
  maxWorkers: 2,
  // `npm test` stays fast; what runs whole programs (the demo twice, `opsguard serve` as a
  // process) is `npm run test:slow`, which CI runs too.
  testPathIgnorePatterns: ['/node_modules/', '\\.slow\\.test\\.ts$'],
};

export default config;
