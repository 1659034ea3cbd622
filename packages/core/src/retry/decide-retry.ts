import { backoffDelay, type BackoffPolicy } from '../policy/backoff.js';
import { allowedBy } from './name-patterns.js';

/** What the decision needs of the retry policy (config/retry-policy.json maps onto it). */
export interface RetryLimits {
  /** Total attempts, the first included (default 3). */
  readonly maxAttempts: number;
  readonly maxAttemptsByCause: Readonly<Record<string, number>>;
  readonly backoff: BackoffPolicy;
  readonly workflows: { readonly allow: readonly string[]; readonly deny: readonly string[] };
  readonly branches: { readonly allow: readonly string[]; readonly deny: readonly string[] };
  readonly shadow: boolean;
  /** The retry profile: a transient cause outside it is not re-run. Absent: every transient cause is. */
  readonly profile?: {
    readonly name: string;
    readonly families: readonly string[];
    readonly causes: readonly string[];
  };
}

/** GitHub's own limits on re-runs. */
export const GITHUB_MAX_ATTEMPTS = 50;
export const GITHUB_MAX_RERUN_AGE_DAYS = 30;

export interface RetryCandidate {
  readonly runId: number;
  /** `run_attempt` of the attempt that failed: counting attempts, never run numbers. */
  readonly attempt: number;
  readonly workflowName: string;
  /** `.github/workflows/deploy.yml`: matched too, so a renamed workflow stays denied. */
  readonly workflowPath: string;
  readonly branch: string | null;
  readonly status: string;
  readonly conclusion: string | null;
  /** When the run was created (attempt 1): GitHub refuses re-runs past 30 days. */
  readonly createdAt: string;
}

export interface RetryDiagnosis {
  readonly cause: string;
  readonly transient: boolean;
}

export type RetryDecision =
  | {
      readonly kind: 'rerun' | 'shadow';
      readonly reason: string;
      readonly delayMs: number;
      readonly nextAttempt: number;
    }
  | { readonly kind: 'wait'; readonly reason: string; readonly delayMs: number }
  | { readonly kind: 'skip'; readonly reason: string };

const DAY_MS = 86_400_000;

function basename(path: string): string {
  return path.split('/').pop() ?? path;
}

/**
 * Whether to re-run a failed run, in order: still running → wait; not a failure → skip; lists;
 * GitHub's limits; deterministic or unknown cause → skip; outside the retry profile → skip;
 * attempts used up → skip; otherwise
 * re-run (or, in shadow mode, record that it would) after the backoff for this attempt.
 */
export function decideRetry(
  run: RetryCandidate,
  diagnosis: RetryDiagnosis,
  limits: RetryLimits,
  now: Date,
  random: () => number = () => 0.5,
): RetryDecision {
  if (run.status !== 'completed') {
    return {
      kind: 'wait',
      reason: `run is ${run.status}: GitHub refuses a re-run while a job is still going`,
      delayMs: limits.backoff.baseMs,
    };
  }
  if (run.conclusion === 'success' || run.conclusion === 'skipped' || run.conclusion === 'neutral') {
    return { kind: 'skip', reason: `run concluded ${run.conclusion}: nothing to re-run` };
  }
  if (run.conclusion === 'cancelled')
    return { kind: 'skip', reason: 'run was cancelled (by a person or a newer run): not re-run' };
  const names = [run.workflowName, run.workflowPath, basename(run.workflowPath)];
  if (
    !names.some((n) => allowedBy(n, limits.workflows)) ||
    names.some((n) => !allowedBy(n, { allow: [], deny: limits.workflows.deny }))
  ) {
    return {
      kind: 'skip',
      reason: `workflow "${run.workflowName}" is not allowed by the retry policy's workflow lists`,
    };
  }
  if (run.branch !== null && !allowedBy(run.branch, limits.branches)) {
    return { kind: 'skip', reason: `branch "${run.branch}" is not allowed by the retry policy's branch lists` };
  }
  if (now.getTime() - Date.parse(run.createdAt) > GITHUB_MAX_RERUN_AGE_DAYS * DAY_MS) {
    return { kind: 'skip', reason: `run is older than ${GITHUB_MAX_RERUN_AGE_DAYS} days: GitHub no longer re-runs it` };
  }
  if (run.attempt >= GITHUB_MAX_ATTEMPTS)
    return { kind: 'skip', reason: `GitHub allows at most ${GITHUB_MAX_ATTEMPTS} attempts per run` };
  if (!diagnosis.transient) {
    return {
      kind: 'skip',
      reason:
        diagnosis.cause === 'unknown'
          ? 'cause unknown: never re-run blindly'
          : `${diagnosis.cause} is deterministic: a re-run would fail the same way`,
    };
  }
  if (limits.profile !== undefined && !limits.profile.causes.includes(diagnosis.cause)) {
    return {
      kind: 'skip',
      reason: `${diagnosis.cause} is transient, but the "${limits.profile.name}" retry profile re-runs only ${limits.profile.families.join(', ')} failures`,
    };
  }
  const max = Math.min(limits.maxAttemptsByCause[diagnosis.cause] ?? limits.maxAttempts, limits.maxAttempts);
  if (run.attempt >= max)
    return { kind: 'skip', reason: `attempt ${run.attempt} of ${max} for ${diagnosis.cause}: attempts used up` };
  const delayMs = backoffDelay(limits.backoff, run.attempt - 1, random);
  const kind = limits.shadow ? 'shadow' : 'rerun';
  const verb = limits.shadow ? 'would re-run (shadow mode)' : 're-run';
  return {
    kind,
    reason: `${diagnosis.cause} is transient: ${verb} failed jobs as attempt ${run.attempt + 1} of ${max}`,
    delayMs,
    nextAttempt: run.attempt + 1,
  };
}
