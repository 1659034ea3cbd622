export { guardedAws, type AwsRunDeps, type StepError, type Guarded } from './aws-run.js';
export {
  memoryRestoreRecords,
  fileRestoreRecords,
  storeRestoreRecords,
  bothRestoreRecords,
  type RestoreRecordStore,
} from './restore-records.js';
export { planShutdown, type PlanShutdownInput } from './plan-shutdown.js';
export { applyShutdown, DRAIN_NOTE, type ShutdownResult, type ApplyShutdownOptions } from './apply-shutdown.js';
export { recoverFromRecord, type RecoverOptions, type RecoveryResult, type RecoveryStatus } from './recover.js';
export { checkHealth, type HealthCheck, type HealthOutcome } from './health-check.js';
export { announce, shutdownSubject, recoverySubject } from './announce.js';
export type { PhaseResult, PhaseStatus, PhaseResource } from './phase-result.js';
export { runShutdown, runRecovery, type PublishOptions, type Published } from './run-aws.js';
export { pollBudgetAlerts, respondOnce, type BudgetResponse } from './budget-trigger.js';
export { openAwsCostRuntime, type AwsCostRuntime, type AwsCostRuntimeOptions } from './aws-runtime.js';
export { planSummary, shutdownSummary, recoverySummary } from './summary.js';
