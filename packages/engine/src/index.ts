export { collectRuns, type Collected, type CollectOptions } from './collect-runs.js';
export { runRecordOf, jobRecordOf, earlierAttempts, conclusionOf, queueMsOf } from './run-records.js';
export {
  diagnoseRun,
  type Diagnose,
  type DiagnoseOptions,
  type FailedJobEvidence,
  type RunDiagnosis,
  type RunVerdict,
} from './diagnose-run.js';
export { handleFailedRun, type RetryEngineDeps, type RetryOutcome } from './retry-engine.js';
export { runAuditLoop, type AuditLoopDeps, type AuditLoopResult } from './audit-loop.js';
export {
  notifyAll,
  resolveRecovered,
  anomalyNotification,
  failureNotification,
  type NotifyDeps,
} from './notify-outcomes.js';
export { handleRecoveredRun, type Recovery, type RecoveryDeps } from './recovery.js';
export { systemClock, virtualClock, seededRandom, type Clock } from './clock.js';
export { createRuntime, type PolicyFiles, type Runtime, type RuntimeOptions } from './runtime.js';
export { retryLimitsOf, diagnoseWith, type RetryOverrides } from './policy-adapters.js';
export { githubIssueApi } from './issue-api.js';
export { auditRepository, auditSetupOf, type AuditSetup, type LoopSettings } from './audit-repository.js';
export { commitBundle, type CommitBundleOptions } from './commit-bundle.js';
export { dispatchAnomalies, type DispatchDeps } from './dispatch-response.js';
export { handleRunEvent, type RunEventDeps, type RunEventResult } from './handle-run-event.js';
export { existingBundle } from './existing-bundle.js';
export { labelCauses, type LabelDeps } from './label-causes.js';
export {
  collectArtifacts,
  DEFAULT_MAX_ARTIFACT_BYTES,
  DEFAULT_MAX_BUNDLE_ARTIFACT_BYTES,
  type ArtifactCaps,
  type ArtifactsCollected,
  type ArtifactsSetting,
  type CollectArtifactsOptions,
  type CollectedArtifact,
  type SkippedArtifact,
} from './collect-artifacts.js';
export { createIntakeExecutor, type IntakeExecutorDeps } from './intake-executor.js';
export {
  buildAuditTickets,
  auditTicketSource,
  openTicketIssues,
  ticketNotification,
  type AuditTicketDeps,
  type TicketIssueDeps,
  type TicketIssues,
} from './audit-tickets/write-audit-tickets.js';
export {
  failureOccurrences,
  ticketRuns,
  ticketRetries,
  ticketKillSwitch,
  type AttemptEvidence,
  type TicketFacts,
} from './audit-tickets/failure-occurrences.js';
export {
  logCapabilityEvents,
  retryEvent,
  detectionEvents,
  notificationEvents,
  killSwitchEvents,
  type CapabilityLogDeps,
} from './capability-events.js';
export type { AuditTicketSettings } from './audit-loop.js';
