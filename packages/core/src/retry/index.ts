export * from './decide-retry.js';
export { globToRegExp, matchesAny, allowedBy } from './name-patterns.js';
export { describeRerunAct, type RerunAct } from './rerun-act.js';
export { planSweep, type SweepLeft, type SweepPlan, type SweepRun, type SweepSkipReason } from './sweep.js';
