import { planSweep, toError, type SweepLeft } from '@opsguard/core';
import type { WorkflowRun } from '@opsguard/github';
import type { Collected } from '../collect-runs.js';
import { handleFailedRun, type RetryEngineDeps, type RetryOutcome } from '../retry-engine.js';
import type { Gap, StepContext } from './step-context.js';

export interface RetryStepOptions {
  /** Act (re-run) or decide and record only (shadow). */
  readonly apply: boolean;
  /** Failures that finished this recently are swept (default 48 h, docs/retry-engine.md). */
  readonly windowHours: number;
  readonly dailyRerunBudget: number;
  readonly mode: 'rerun-failed-jobs' | 'rerun-all';
}

export const DEFAULT_SWEEP_WINDOW_HOURS = 48;

export interface RetryStepResult {
  readonly decisions: readonly RetryOutcome[];
  /** Runs the sweep did not hand to the retry engine, with the reason. */
  readonly left: readonly SweepLeft[];
  readonly gaps: readonly Gap[];
}

const sweepRunOf = (r: WorkflowRun) => ({
  id: Number(r.id),
  attempt: r.run_attempt ?? 1,
  workflowId: Number(r.workflow_id),
  workflowName: r.name ?? String(r.workflow_id),
  event: r.event,
  branch: r.head_branch ?? null,
  headSha: r.head_sha,
  status: r.status ?? 'unknown',
  conclusion: r.conclusion ?? null,
  createdAt: r.created_at,
  updatedAt: r.updated_at,
});

/** The retry engine's dependencies for one step context. */
export function retryEngineDepsOf(
  ctx: StepContext,
  options: Pick<RetryStepOptions, 'apply' | 'dailyRerunBudget' | 'mode'> & { readonly maxWaits: number },
): RetryEngineDeps {
  return {
    client: ctx.client,
    repo: ctx.repo,
    store: ctx.store,
    guard: ctx.guard,
    guardState: ctx.guardState,
    limits: options.apply ? ctx.retryLimits : { ...ctx.retryLimits, shadow: true },
    diagnose: ctx.diagnose,
    sanitize: ctx.sanitize,
    now: ctx.now,
    budget: ctx.budget,
    random: ctx.random,
    dailyRerunBudget: options.dailyRerunBudget,
    mode: options.mode,
    maxWaits: options.maxWaits,
    actor: ctx.actor,
    log: ctx.log,
  };
}

/**
 * Step 2, the re-run sweep (`opsguard audit --apply`, the scheduled ops-audit): every failure in
 * the window that was not superseded, moved on or cancelled goes to the retry engine, which
 * re-runs it once when its cause is transient and its attempts are not used up. Read-only
 * (shadow) unless `apply`. What it leaves, it lists by reason.
 */
export async function retryStep(
  ctx: StepContext,
  collected: Collected,
  options: RetryStepOptions,
): Promise<RetryStepResult> {
  const plan = planSweep(collected.runs.map(sweepRunOf), ctx.now(), options.windowHours * 3_600_000);
  ctx.log(
    `retry sweep: ${plan.candidates.length} failed run(s) in the last ${options.windowHours} h, ${plan.left.length} left alone (${options.apply ? 'acting' : 'shadow mode'})`,
  );
  const deps = retryEngineDepsOf(ctx, { ...options, maxWaits: 0 });
  const decisions: RetryOutcome[] = [];
  const gaps: Gap[] = [];
  const byId = new Map(collected.runs.map((r) => [Number(r.id), r]));
  for (const candidate of plan.candidates) {
    const run = byId.get(candidate.id);
    if (!run) continue;
    try {
      decisions.push(await handleFailedRun(deps, run));
    } catch (error) {
      gaps.push({ step: 'retry', reason: `run ${candidate.id}: ${toError(error).message}` });
    }
  }
  return { decisions, left: plan.left, gaps };
}
