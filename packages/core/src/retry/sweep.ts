import { isFailure } from '../records/conclusions.js';

/** What the sweep needs of a run (the newest attempt, as GitHub lists it). */
export interface SweepRun {
  readonly id: number;
  /** `run_attempt` of the newest attempt. */
  readonly attempt: number;
  readonly workflowId: number;
  readonly workflowName: string;
  readonly event: string;
  readonly branch: string | null;
  readonly headSha: string;
  readonly status: string;
  readonly conclusion: string | null;
  readonly createdAt: string;
  readonly updatedAt: string;
}

/** Why the sweep left a run alone, before any diagnosis (a closed set, counted in the summary). */
export type SweepSkipReason =
  /** A newer run of the same workflow on the same branch succeeded: nothing left to fix. */
  | 'superseded'
  /** A pull request's branch has a newer head: the failed commit is no longer what will merge. */
  | 'head_moved'
  /** Merge-queue runs are GitHub's to retry (the queue re-forms the group). */
  | 'merge_group'
  /** Cancelled by a person or a newer run: never re-run automatically. */
  | 'cancelled'
  /** A job is still going (GitHub refuses a re-run then, with 403). */
  | 'in_progress';

export interface SweepLeft {
  readonly runId: number;
  readonly workflowName: string;
  readonly reason: SweepSkipReason;
  readonly detail: string;
}

export interface SweepPlan {
  /** Failed runs to hand to the retry engine (it diagnoses, decides and acts). */
  readonly candidates: readonly SweepRun[];
  readonly left: readonly SweepLeft[];
}

const PR_EVENTS = new Set(['pull_request', 'pull_request_target']);

/**
 * Which runs finished in the window (`updatedAt` within `windowMs` of `now`) the sweep re-runs,
 * and which it leaves and why. Pure; `runs` is every run GitHub listed for the period, so newer
 * runs of the same workflow and branch are in it.
 */
export function planSweep(runs: readonly SweepRun[], now: Date, windowMs: number): SweepPlan {
  const from = now.getTime() - windowMs;
  const candidates: SweepRun[] = [];
  const left: SweepLeft[] = [];
  const leave = (run: SweepRun, reason: SweepSkipReason, detail: string) =>
    left.push({ runId: run.id, workflowName: run.workflowName, reason, detail });
  for (const run of runs) {
    if (Date.parse(run.updatedAt) < from) continue;
    if (run.status !== 'completed') {
      // A run with an earlier (failed) attempt that is going again: never re-run while it runs.
      if (run.attempt > 1) leave(run, 'in_progress', `attempt ${run.attempt} is ${run.status}`);
      continue;
    }
    if (run.conclusion === 'cancelled') {
      leave(run, 'cancelled', 'cancelled runs are never re-run automatically');
      continue;
    }
    if (!isFailure(run.conclusion)) continue;
    if (run.event === 'merge_group') {
      leave(run, 'merge_group', 'the merge queue retries its own groups');
      continue;
    }
    const newer = runs.filter(
      (r) => r.branch === run.branch && r.branch !== null && Date.parse(r.createdAt) > Date.parse(run.createdAt),
    );
    const success = newer.find(
      (r) => r.workflowId === run.workflowId && r.status === 'completed' && r.conclusion === 'success',
    );
    if (success) {
      leave(run, 'superseded', `run ${success.id} of the same workflow on ${run.branch ?? ''} succeeded later`);
      continue;
    }
    const moved = PR_EVENTS.has(run.event) ? newer.find((r) => r.headSha !== run.headSha) : undefined;
    if (moved) {
      leave(run, 'head_moved', `the pull request's branch moved to ${moved.headSha.slice(0, 7)}`);
      continue;
    }
    candidates.push(run);
  }
  return { candidates, left };
}
