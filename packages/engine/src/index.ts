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
export { runAuditLoop, type AuditLoopResult, type LoopPlan } from './audit-loop.js';
export * from './steps/index.js';
export { stepContextOf } from './loop-context.js';
export { loopProblems, actProblems, describeProblem, type Problem } from './problems.js';
export {
  notifyAll,
  resolveRecovered,
  anomalyNotification,
  failureNotification,
  type NotifyDeps,
} from './notify-outcomes.js';
export { handleRecoveredRun, type Recovery, type RecoveryDeps } from './recovery.js';
export { systemClock, virtualClock, seededRandom, type Clock } from './clock.js';
export {
  createRuntime,
  DEFAULT_TIME_BUDGET_MS,
  type PolicyFiles,
  type Runtime,
  type RuntimeOptions,
} from './runtime.js';
export { retryLimitsOf, diagnoseWith, type RetryOverrides } from './policy-adapters.js';
export { killVariableSetting, killVariableReader, type KillVariableSetting } from './brake-reader.js';
export { RunnerStore, DURABLE_STATE, type GuardStateNeeds, type GuardStateSource } from './runner-store.js';
export * from './resilience/index.js';
export { githubIssueApi } from './issue-api.js';
export {
  auditRepository,
  auditSetupOf,
  type AuditRun,
  type AuditSetup,
  type LoopKind,
  type LoopSettings,
} from './audit-repository.js';
export { commitBundle, type CommitBundleOptions } from './commit-bundle.js';
export { dispatchAnomalies, type DispatchDeps } from './dispatch-response.js';
export {
  handleRunEvent,
  handleRun,
  runEventDepsOf,
  appendAuditTrail,
  auditHandlerFailure,
  type RunEventDeps,
  type RunEventResult,
  type RunEventSettings,
} from './handle-run-event.js';
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
export { publishEvidence, type CommitResult, type PublishOptions, type Published } from './publish-evidence.js';
export { openAuditRuntime, runLoopOn } from './audit-repository.js';
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
export * from './killswitch/index.js';
export * from './guardrails/index.js';
export * from './rollback/index.js';
export * from './aws/index.js';
