// Test support only: tests, benches and scripts import it (lint keeps it out of sources).
export * from './github/builders.js';
export * from './github/test-client.js';
export * from './action-harness.js';
export { flakyNotifications } from './flaky-notifications.js';
export { createTestDatabase, describePg } from './postgres.js';
