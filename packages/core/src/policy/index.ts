export * from './token-bucket.js';
export * from './circuit-breaker.js';
export * from './kill-switch.js';
export * from './backoff.js';
export * from './kill-switch-rules.js';
export { killVariableWith } from './kill-variable.js';
export { killSwitchTriggerActivations } from './kill-switch-triggers.js';
export * from './ci-guard.js';
export * from './safety-alarms.js';
