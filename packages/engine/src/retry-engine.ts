import {
  decideRetry,
  describeRerunAct,
  isFailedRun,
  toError,
  type RerunAct,
  type RetryDecision,
  type RetryLimits,
} from '@opsguard/core';
import {
  formatRepo,
  getWorkflowRun,
  rerunFailedJobs,
  rerunWorkflowRun,
  type GitHubRequester,
  type RepoRef,
  type WorkflowRun,
} from '@opsguard/github';
import { breakerFor, type Guard } from '@opsguard/guard';
import type { RetryDecisionKind, RetryHistoryRecord, Store } from '@opsguard/store';
import { diagnoseRun, type Diagnose, type FailedJobEvidence } from './diagnose-run.js';
import { isDeadlineExceededError, type Budget } from './resilience/index.js';
import type { GuardStateSource } from './runner-store.js';

export interface RetryEngineDeps {
  readonly client: GitHubRequester;
  readonly repo: RepoRef;
  readonly store: Store;
  readonly guard: Guard;
  /** Seeds the guard's state from GitHub first when there is no durable store. */
  readonly guardState: GuardStateSource;
  readonly limits: RetryLimits;
  readonly diagnose: Diagnose;
  /** Masks downloaded log tails (collected text is sanitised by the client as it arrives). */
  readonly sanitize: (text: string) => string;
  readonly now: () => Date;
  /** Every wait of the engine is drawn from the job's budget. */
  readonly budget: Budget;
  readonly random: () => number;
  /** Re-runs per repository per day, a token bucket through the guard. */
  readonly dailyRerunBudget: number;
  readonly mode: 'rerun-failed-jobs' | 'rerun-all';
  /** How often to wait for a run still in progress before giving up for now. */
  readonly maxWaits: number;
  readonly actor: string;
  readonly log: (line: string) => void;
}

/** One decision, as the manifest and the retry history record it. */
export interface RetryOutcome {
  readonly repo: string;
  readonly runId: number;
  readonly attempt: number;
  readonly workflowName: string;
  readonly url: string;
  readonly cause: string;
  readonly transient: boolean;
  readonly decision: RetryDecisionKind;
  readonly reason: string;
  readonly delayMs: number;
  /** What acting did; null when the decision did not act. */
  readonly act: RerunAct | null;
  readonly evidence: readonly string[];
  readonly readLogs: boolean;
  /** Sanitised log tails read for the diagnosis, for the evidence bundle's logs/. */
  readonly logs: readonly { readonly jobId: number; readonly text: string }[];
  /** The failed jobs as the diagnosis read them (names, what was masked, logs that were gone). */
  readonly failedJobs?: readonly FailedJobEvidence[];
  readonly decidedAt: string;
  /** False when another trigger already handled this attempt: not written to the manifest. */
  readonly handled: boolean;
}

const IDEMPOTENCY_TTL_MS = 24 * 3_600_000;

type Base = Pick<RetryOutcome, 'repo' | 'runId' | 'attempt' | 'workflowName' | 'url'>;

/** The run, waited for (within the budget) while a job of it is still going. */
async function settledRun(deps: RetryEngineDeps, given: WorkflowRun): Promise<WorkflowRun> {
  const runId = Number(given.id);
  let run = given;
  for (let waits = 0; run.status !== 'completed' && waits < deps.maxWaits; waits++) {
    if (!deps.budget.allows(deps.limits.backoff.baseMs)) break;
    deps.log(`run ${runId} is ${run.status}; waiting before deciding`);
    await deps.budget.sleep(deps.limits.backoff.baseMs);
    run = await getWorkflowRun(deps.client, deps.repo, runId);
  }
  return run;
}

/** The guarded re-run: its act, typed, straight from the guard's outcome. */
async function act(
  deps: RetryEngineDeps,
  run: WorkflowRun,
  decision: Extract<RetryDecision, { kind: 'rerun' | 'shadow' }>,
): Promise<RerunAct> {
  if (decision.delayMs > 0) {
    try {
      await deps.budget.sleep(decision.delayMs);
    } catch (error) {
      if (!isDeadlineExceededError(error)) throw error;
      return { kind: 'refused', reason: 'deadline', message: error.message };
    }
  }
  const repo = formatRepo(deps.repo);
  const workflow = run.name ?? String(run.workflow_id);
  const target = `${repo}:workflow:${workflow}`;
  const attempt = run.run_attempt ?? 1;
  const dailyBudget = {
    key: `daily-reruns:${repo}`,
    capacity: deps.dailyRerunBudget,
    refillPerSecond: deps.dailyRerunBudget / 86_400,
  };
  await deps.guardState.prepare(run, { breaker: breakerFor(deps.guard.policy, target), dailyBudget });
  const outcome = await deps.guard.run({
    action: deps.mode,
    service: `github:${repo}:${workflow}`,
    // The breaker is per workflow: five failed re-runs of one workflow stop its re-runs.
    target,
    idempotencyKey: `${run.id}:${attempt}`,
    details: { runId: Number(run.id), attempt, url: run.html_url },
    extraBuckets: [dailyBudget],
    execute: () =>
      deps.mode === 'rerun-all'
        ? rerunWorkflowRun(deps.client, deps.repo, run.id)
        : rerunFailedJobs(deps.client, deps.repo, run.id),
  });
  switch (outcome.outcome) {
    case 'SUCCESS':
      return { kind: 'requested', attempt: attempt + 1 };
    case 'SKIPPED':
      return { kind: 'refused', reason: outcome.reason, message: outcome.message };
    case 'FAILURE':
      return { kind: 'failed', message: outcome.error.message, mayHaveActed: outcome.mayHaveActed };
  }
}

/**
 * What to do with the attempt's claim once decided. Kept when the decision is final (a re-run
 * was sent, or the failure is not one to re-run); let go when the same attempt must be decided
 * again later: a refusal (kill switch, rate limit, open breaker, deadline) is temporary, a run
 * still in progress is not decided yet, and a re-run that certainly did not reach GitHub can be
 * asked again. A re-run that may have been queued is kept: the next trigger sees the new attempt.
 */
function keepsClaim(outcome: RetryOutcome): boolean {
  if (outcome.decision === 'wait') return false;
  if (outcome.act?.kind === 'refused') return false;
  if (outcome.act?.kind === 'failed') return outcome.act.mayHaveActed;
  return true;
}

/**
 * The retry engine for one failed run, as just read from GitHub: settle → claim `run_id:run_attempt` (two triggers never
 * re-run twice) → diagnose → decide → act through the guard → record. Every decision leaves a
 * retry-history row; the caller adds the returned outcome to the manifest.
 */
export async function handleFailedRun(deps: RetryEngineDeps, given: WorkflowRun): Promise<RetryOutcome> {
  const repo = formatRepo(deps.repo);
  const run = await settledRun(deps, given);
  const runId = Number(run.id);
  const attempt = run.run_attempt ?? 1;
  const base: Base = { repo, runId, attempt, workflowName: run.name ?? String(run.workflow_id), url: run.html_url };
  // Shadow decisions claim their own key: deciding without acting must never block a real re-run.
  const scope = deps.limits.shadow ? 'shadow' : 'retry';
  const key = `${scope}:${repo}:${runId}:${attempt}`;
  const claim = await deps.store.claimIdempotencyKey({
    key,
    scope,
    owner: deps.actor,
    ttlMs: IDEMPOTENCY_TTL_MS,
    now: deps.now(),
    subject: { kind: 'run-attempt', runId, attempt },
  });
  if (!claim.claimed) {
    const outcome = duplicateOutcome(deps, base, claim.existing?.owner ?? 'another trigger');
    await record(deps, outcome);
    return outcome;
  }
  let outcome: RetryOutcome;
  try {
    outcome = await decideAndAct(deps, run, base);
  } catch (error) {
    // Nothing was decided: the next trigger decides this attempt afresh.
    await deps.store.releaseIdempotencyKey(key, deps.actor).catch(() => false);
    throw error;
  }
  await record(deps, outcome);
  if (keepsClaim(outcome)) {
    await deps.store.completeIdempotencyKey(
      key,
      'completed',
      { decision: outcome.decision, result: describeRerunAct(outcome.act) },
      deps.now(),
    );
  } else {
    await deps.store.releaseIdempotencyKey(key, deps.actor);
  }
  return outcome;
}

function duplicateOutcome(deps: RetryEngineDeps, base: Base, owner: string): RetryOutcome {
  return {
    ...base,
    cause: 'duplicate',
    transient: false,
    decision: 'skip',
    reason: `attempt ${base.attempt} already handled by ${owner}`,
    delayMs: 0,
    act: null,
    evidence: [],
    readLogs: false,
    logs: [],
    decidedAt: deps.now().toISOString(),
    handled: false,
  };
}

async function decideAndAct(deps: RetryEngineDeps, run: WorkflowRun, base: Base): Promise<RetryOutcome> {
  const candidate = {
    runId: base.runId,
    attempt: base.attempt,
    workflowName: base.workflowName,
    workflowPath: run.path,
    branch: run.head_branch ?? null,
    status: run.status ?? 'unknown',
    conclusion: run.conclusion ?? null,
    createdAt: run.created_at,
  };
  const decidedAt = () => deps.now().toISOString();
  if (!isFailedRun(run)) {
    const decision = decideRetry(
      candidate,
      { cause: run.conclusion ?? 'none', transient: false },
      deps.limits,
      deps.now(),
      deps.random,
    );
    return {
      ...base,
      cause: run.conclusion ?? 'in_progress',
      transient: false,
      decision: decision.kind,
      reason: decision.reason,
      delayMs: 'delayMs' in decision ? decision.delayMs : 0,
      act: null,
      evidence: [],
      readLogs: false,
      logs: [],
      decidedAt: decidedAt(),
      handled: true,
    };
  }
  const diagnosis = await diagnoseRun(deps.client, deps.repo, Number(run.id), {
    diagnose: deps.diagnose,
    sanitize: deps.sanitize,
  });
  const decision = decideRetry(candidate, diagnosis, deps.limits, deps.now(), deps.random);
  const acted = decision.kind === 'rerun' ? await act(deps, run, decision) : null;
  deps.log(
    `run ${String(run.id)} attempt ${base.attempt}: ${diagnosis.cause} → ${decision.kind}${acted ? ` (${describeRerunAct(acted)})` : ''}`,
  );
  return {
    ...base,
    cause: diagnosis.cause,
    transient: diagnosis.transient,
    decision: decision.kind,
    reason: decision.reason,
    delayMs: 'delayMs' in decision ? decision.delayMs : 0,
    act: acted,
    evidence: diagnosis.evidence,
    readLogs: diagnosis.readLogs,
    logs: diagnosis.failedJobs.flatMap((j) =>
      j.logTail === null ? [] : [{ jobId: Number(j.job.id), text: j.logTail }],
    ),
    failedJobs: diagnosis.failedJobs,
    decidedAt: decidedAt(),
    handled: true,
  };
}

async function record(deps: RetryEngineDeps, o: RetryOutcome): Promise<void> {
  const row: RetryHistoryRecord = {
    repo: o.repo,
    runId: o.runId,
    attempt: o.attempt,
    workflowName: o.workflowName,
    cause: o.cause,
    transient: o.transient,
    decision: o.decision,
    reason: o.reason,
    delayMs: o.delayMs,
    act: o.act,
    evidence: o.evidence,
    decidedAt: o.decidedAt,
  };
  try {
    await deps.store.insertRetryHistory(row);
  } catch (error) {
    // The decision stands and is returned (manifest, summary); the lost row is reported.
    deps.log(`retry history for run ${o.runId} attempt ${o.attempt} not written: ${toError(error).message}`);
  }
}
