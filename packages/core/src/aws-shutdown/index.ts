export * from './shutdown-targets.js';
export * from './shutdown-plan.js';
export * from './restore-record.js';
export * from './budget-alert.js';
