export { DEFAULT_READ_BACK, type GuardrailDeps, type ReadBackPolicy } from './guardrail-deps.js';
export { iamFailureClassifier, awsErrorOf } from './iam-failures.js';
export {
  applyGuardrailPlan,
  guardrailPlanHash,
  guardrailExecutionId,
  type AppliedItem,
  type AppliedStatus,
  type ApplyRequest,
  type ApplyResult,
} from './apply-guardrail-plan.js';
export { readBackDeny, confirmDetached, type DenyReadBack, type DetachConfirmation } from './read-back.js';
export {
  cleanupExpiredGuardrails,
  CLEANUP_BATCH_SIZE,
  ALERT_AFTER_FAILURES,
  CLEANUP_LEASE_MS,
  type CleanupError,
  type CleanupOptions,
  type CleanupResult,
} from './cleanup-guardrails.js';
export {
  handleBudgetAlert,
  cleanupFirst,
  auditDecisions,
  type BudgetAlertOutcome,
  type BudgetAlertRequest,
  type CleanupRun,
} from './handle-budget-alert.js';
export { confirmationNotification, approvalNotification } from './guardrail-notifications.js';
export { openGuardrailRuntime, type GuardrailRuntime, type GuardrailRuntimeOptions } from './guardrail-runtime.js';
export {
  budgetAlertSummary,
  cleanupLines,
  appliedLines,
  guardrailEvents,
  STORELESS_NOTE,
} from './guardrail-summary.js';
export { writeGuardrailEvidence, type GuardrailEvidence } from './guardrail-evidence.js';
export { runGuardrailStep, type GuardrailStepRequest, type GuardrailStepResult } from './guardrail-step.js';
