export * from './token-bucket.js';
export * from './circuit-breaker.js';
export * from './kill-switch.js';
export * from './backoff.js';
export * from './kill-switch-rules.js';
