export { ABSENT_VARIABLE, variableTarget, type RollbackDeps, type RollbackStopTiming } from './rollback-deps.js';
export { planRollback, secretRef, type PlannedRollback, type RollbackRequest } from './plan-rollback.js';
export { applyRollback, findPlan, rollbackRecordId, type AppliedRollback, type AppliedStep } from './apply-rollback.js';
export { rollbackDepsOf } from './rollback-runtime.js';
export {
  recoverAfterStop,
  type RecoveryHandlerDeps,
  type RecoveryReport,
  type RecoveryRequest,
  type WatchedWorkflow,
} from './recover-after-stop.js';
export {
  rollbackRequestOf,
  runRollback,
  type RollbackOperation,
  type RollbackReport,
  type RollbackSetup,
  type RollbackStepsInput,
} from './run-rollback.js';
export {
  parseRollbackPlanFile,
  readRollbackPlanFile,
  rollbackPlanFileName,
  rollbackPlanFileText,
} from './plan-file.js';
export { ROLLBACK_LIMITS, rollbackSummary } from './rollback-summary.js';
export {
  ROLLBACK_DISPATCH_EVENT,
  dispatchRollbacks,
  rollbackConditionsSummary,
  rollbackSignalsOf,
  type RollbackDispatched,
} from './dispatch-rollbacks.js';
