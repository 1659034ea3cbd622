/**
 * When a rollback is planned or applied, and what it does by default
 * (config/rollback-rules.json). Each condition can trigger a plan (reviewed, then applied by
 * hash) or an apply straight away.
 */
export type RollbackConditionKind = 'consecutive-failures' | 'critical-anomaly' | 'secret-leak' | 'manual';
export type RollbackResponse = 'plan' | 'apply';

export interface RollbackCondition {
  readonly kind: RollbackConditionKind;
  readonly response: RollbackResponse;
  /** consecutive-failures: how many failed runs in a row on the default branch (default 3). */
  readonly count?: number;
  /** Workflows (name or file) the condition watches; absent = every workflow. */
  readonly workflows?: readonly string[];
}

export interface RollbackStepDefaults {
  /** Disable the failing workflow and cancel its unfinished runs. */
  readonly stopWorkflow: boolean;
  /** Repository secrets to remove (`NAME`) or environment secrets (`environment/NAME`). */
  readonly removeSecrets: readonly string[];
  /** Config files put back as they were at the last good commit. */
  readonly restoreFiles: readonly string[];
  /** Re-enable workflows the kill switch (automation) disabled, never one a person disabled. */
  readonly reenableDisabled: boolean;
  /** Put back repository variables OpsGuard changed (e.g. OPSGUARD_KILL) as they were. */
  readonly restoreVariables: boolean;
}

export interface RollbackVerification {
  /** How long the recovery handler watches each re-enabled workflow's next run. */
  readonly watchNextRunMinutes: number;
}

export interface RollbackRules {
  readonly conditions: readonly RollbackCondition[];
  readonly steps: RollbackStepDefaults;
  readonly verification: RollbackVerification;
}

export const DEFAULT_CONSECUTIVE_FAILURES = 3;
