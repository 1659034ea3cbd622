export * from './rollback-rules.js';
export * from './rollback-plan.js';
export * from './rollback-conditions.js';
export * from './rollback-history.js';
