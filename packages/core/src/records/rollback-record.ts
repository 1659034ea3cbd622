/**
 * A rollback record (table `rollback_records`): what the kill switch or the rollback engine is
 * about to change, with each target's state before, written BEFORE the first change and updated
 * after each step. Undoing reads it, so only what was changed is put back.
 */
export type RollbackRecordKind = 'kill-switch' | 'rollback';

/** `open`: being applied; `applied`: every step done; `partial`: some failed; `restored`: undone. */
export type RollbackRecordStatus = 'open' | 'applied' | 'partial' | 'restored';

export type RollbackStepStatus = 'pending' | 'done' | 'failed' | 'skipped';

export const ROLLBACK_RECORD_STATUSES: readonly RollbackRecordStatus[] = ['open', 'applied', 'partial', 'restored'];
export const ROLLBACK_STEP_STATUSES: readonly RollbackStepStatus[] = ['pending', 'done', 'failed', 'skipped'];

export interface RollbackStep {
  /** Unique within the record, stable across runs: `disable:61200417`, `cancel:901`. */
  readonly id: string;
  /** What the step does: `disable-workflow`, `cancel-run`, `force-cancel-run`, `enable-workflow`, … */
  readonly kind: string;
  readonly target: string;
  readonly status: RollbackStepStatus;
  /** Why it failed or was skipped, or a note; null when there is nothing to say. */
  readonly detail: string | null;
  /** When the status was set (UTC ISO-8601). */
  readonly at: string;
}

export interface NewRollbackRecord {
  /** Deterministic where a second run must find the first's record. */
  readonly id: string;
  readonly kind: RollbackRecordKind;
  /** `owner/name`. */
  readonly repo: string;
  /** What the change covers: `global:*`, `service:github:acme/web:CI`, a plan hash. */
  readonly scope: string;
  readonly reason: string;
  /** Per target, its state before the change: `workflow:61200417` → `active`. */
  readonly priorState: Readonly<Record<string, string>>;
  readonly createdBy: string;
}

export interface RollbackRecord extends NewRollbackRecord {
  readonly steps: readonly RollbackStep[];
  readonly status: RollbackRecordStatus;
  /** UTC ISO-8601. */
  readonly createdAt: string;
  readonly updatedAt: string;
}

/** The prior-state key of a workflow. */
export function workflowTarget(workflowId: number | string): string {
  return `workflow:${String(workflowId)}`;
}

/** The record's status from its steps: `partial` when any failed, else `applied` once none is pending. */
export function statusFromSteps(steps: readonly RollbackStep[]): RollbackRecordStatus {
  if (steps.some((s) => s.status === 'failed')) return 'partial';
  return steps.some((s) => s.status === 'pending') ? 'open' : 'applied';
}

/** Adds prior states for targets not yet recorded; one already recorded keeps its first value. */
export function mergePriorState(
  recorded: Readonly<Record<string, string>>,
  seen: Readonly<Record<string, string>>,
): Record<string, string> {
  return { ...seen, ...recorded };
}

/** Replaces the step with the same id, else appends it. */
export function withStep(steps: readonly RollbackStep[], step: RollbackStep): RollbackStep[] {
  return steps.some((s) => s.id === step.id) ? steps.map((s) => (s.id === step.id ? step : s)) : [...steps, step];
}
