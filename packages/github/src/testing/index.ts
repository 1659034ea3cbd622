// Second entry (`@opsguard/github/testing`): builders and a no-wait client for any package's tests.
export * from './builders.js';
export * from './test-client.js';
