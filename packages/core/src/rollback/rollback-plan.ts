import { sha256Hex } from '../hash/index.js';
import type { RollbackConditionKind } from './rollback-rules.js';
import { canonicalJson } from '../json.js';

/** Where a secret lives: the repository, or one environment. */
export type SecretLocation = { readonly kind: 'repository' } | { readonly kind: 'environment'; readonly name: string };

/** One file to put back: the blob it has now and the one it had at the good commit (null = absent). */
export interface FileRestore {
  readonly path: string;
  readonly mode: '100644' | '100755';
  readonly currentSha: string | null;
  readonly goodSha: string | null;
}

export type RollbackPlanStep =
  | {
      readonly kind: 'stop-workflow';
      readonly workflowId: number;
      readonly workflowName: string;
      /** The workflow's state when planned (`active`, `disabled_manually`, …). */
      readonly priorState: string;
      /** Unfinished runs to cancel (queued, waiting, in progress) when planned. */
      readonly runIds: readonly number[];
    }
  | { readonly kind: 'remove-secret'; readonly location: SecretLocation; readonly name: string }
  | {
      readonly kind: 'restore-files';
      readonly branch: string;
      /** The branch head when planned: applying refuses when the branch has moved since. */
      readonly headSha: string;
      readonly goodCommit: string;
      readonly files: readonly FileRestore[];
    }
  | {
      readonly kind: 'enable-workflow';
      readonly workflowId: number;
      readonly workflowName: string;
      /** The rollback record that says automation disabled it (and that it was active before). */
      readonly disabledBy: string;
    }
  | {
      readonly kind: 'restore-variable';
      readonly name: string;
      /** The value before OpsGuard changed it; null = it did not exist (so it is deleted). */
      readonly value: string | null;
      readonly changedBy: string;
    };

export type RollbackStepKind = RollbackPlanStep['kind'];

/** The order steps run in: stop first, put things back, then let automation run again. */
export const STEP_ORDER: readonly RollbackStepKind[] = [
  'stop-workflow',
  'remove-secret',
  'restore-files',
  'enable-workflow',
  'restore-variable',
];

export interface RollbackTrigger {
  readonly condition: RollbackConditionKind;
  /** What set it off, in a line: `CI failed 3 times in a row on main`, a person's reason. */
  readonly detail: string;
}

export interface RollbackPlan {
  readonly version: 1;
  /** `owner/name`. */
  readonly repo: string;
  readonly trigger: RollbackTrigger;
  /** UTC ISO-8601. */
  readonly plannedAt: string;
  readonly plannedBy: string;
  readonly steps: readonly RollbackPlanStep[];
}

/** A stable id per step within a plan (record steps and history entries use it). */
export function stepId(step: RollbackPlanStep): string {
  switch (step.kind) {
    case 'stop-workflow':
    case 'enable-workflow':
      return `${step.kind}:${step.workflowId}`;
    case 'remove-secret':
      return `remove-secret:${step.location.kind === 'repository' ? '' : `${step.location.name}/`}${step.name}`;
    case 'restore-files':
      return `restore-files:${step.branch}`;
    case 'restore-variable':
      return `restore-variable:${step.name}`;
  }
}

/** The plan as canonical JSON (keys sorted, no whitespace): what its hash is taken over. */
export function canonicalPlanJson(plan: RollbackPlan): string {
  return canonicalJson(plan);
}

/** SHA-256 of the canonical JSON: `apply` runs only the plan with exactly this hash. */
export function rollbackPlanHash(plan: RollbackPlan): string {
  return sha256Hex(canonicalPlanJson(plan));
}

/** Steps in STEP_ORDER (stable within a kind). */
export function orderSteps(steps: readonly RollbackPlanStep[]): RollbackPlanStep[] {
  return [...steps].sort((a, b) => STEP_ORDER.indexOf(a.kind) - STEP_ORDER.indexOf(b.kind));
}

/** The one-line description of a step, for the job summary and the history. */
export function describeStep(step: RollbackPlanStep): string {
  switch (step.kind) {
    case 'stop-workflow':
      return `stop workflow ${step.workflowName} (disable; cancel ${step.runIds.length} unfinished run(s))`;
    case 'remove-secret':
      return `remove ${step.location.kind === 'repository' ? 'repository' : `environment ${step.location.name}`} secret ${step.name} (cannot be restored: re-issue it)`;
    case 'restore-files':
      return `restore ${step.files.map((f) => f.path).join(', ')} on ${step.branch} to ${step.goodCommit.slice(0, 7)} (new commit on ${step.headSha.slice(0, 7)})`;
    case 'enable-workflow':
      return `re-enable workflow ${step.workflowName} (disabled by ${step.disabledBy})`;
    case 'restore-variable':
      return step.value === null
        ? `delete variable ${step.name} (it did not exist before ${step.changedBy})`
        : `restore variable ${step.name} to its value before ${step.changedBy}`;
  }
}
