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
};

export default config;
