import { decideRetry, toError, type RetryDecision, type RetryLimits } from '@opsguard/core';
import {
  classifyGitHubError,
  formatRepo,
  getWorkflowRun,
  isAlreadyRunning,
  isRetryableKind,
  rerunFailedJobs,
  rerunWorkflowRun,
  type GitHubRequester,
  type RepoRef,
  type WorkflowRun,
} from '@opsguard/github';
import type { Guard } from '@opsguard/guard';
import type { RetryDecisionKind, RetryHistoryRecord, Store } from '@opsguard/store';
import { diagnoseRun, type Diagnose, type FailedJobEvidence } from './diagnose-run.js';

export interface RetryEngineDeps {
  readonly client: GitHubRequester;
  readonly repo: RepoRef;
  readonly store: Store;
  readonly guard: Guard;
  readonly limits: RetryLimits;
  readonly diagnose: Diagnose;
  readonly sanitize: (text: string) => string;
  readonly now: () => Date;
  readonly sleep: (ms: number, signal?: AbortSignal) => Promise<void>;
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
  /** What happened when acting: `rerun requested`, `refused: …`, `failed: …`; null when not acting. */
  readonly result: string | null;
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

const FAILED = new Set(['failure', 'timed_out', 'startup_failure']);
const IDEMPOTENCY_TTL_MS = 24 * 3_600_000;

async function settledRun(deps: RetryEngineDeps, runId: number): Promise<WorkflowRun> {
  let run = await getWorkflowRun(deps.client, deps.repo, runId);
  for (let waits = 0; run.status !== 'completed' && waits < deps.maxWaits; waits++) {
    deps.log(`run ${runId} is ${run.status}; waiting before deciding`);
    await deps.sleep(deps.limits.backoff.baseMs);
    run = await getWorkflowRun(deps.client, deps.repo, runId);
  }
  return run;
}

async function act(
  deps: RetryEngineDeps,
  run: WorkflowRun,
  decision: Extract<RetryDecision, { kind: 'rerun' | 'shadow' }>,
): Promise<string> {
  if (decision.delayMs > 0) await deps.sleep(decision.delayMs);
  const repo = formatRepo(deps.repo);
  const workflow = run.name ?? String(run.workflow_id);
  const outcome = await deps.guard.run({
    action: deps.mode,
    service: `github:${repo}:${workflow}`,
    // The breaker is per workflow: five failed re-runs of one workflow stop its re-runs.
    target: `${repo}:workflow:${workflow}`,
    idempotencyKey: `${run.id}:${run.run_attempt ?? 1}`,
    details: { runId: Number(run.id), attempt: run.run_attempt ?? 1, url: run.html_url },
    extraBuckets: [
      {
        key: `daily-reruns:${repo}`,
        capacity: deps.dailyRerunBudget,
        refillPerSecond: deps.dailyRerunBudget / 86_400,
      },
    ],
    classifyFailure: (error) => {
      // "already running" clears when the last job ends: wait and try again.
      if (isAlreadyRunning(error)) return { transient: true, retryAfterMs: deps.limits.backoff.baseMs };
      const verdict = classifyGitHubError(error, { nowMs: deps.now().getTime() });
      // A 5xx or a dropped connection on the POST may have queued the re-run already: never
      // send it again blindly. The next trigger sees the new attempt and decides afresh.
      if (verdict.mayHaveActed) return { transient: false };
      return {
        transient: isRetryableKind(verdict.kind),
        ...(verdict.retryAfterMs === undefined ? {} : { retryAfterMs: verdict.retryAfterMs }),
      };
    },
    execute: () =>
      deps.mode === 'rerun-all'
        ? rerunWorkflowRun(deps.client, deps.repo, run.id)
        : rerunFailedJobs(deps.client, deps.repo, run.id),
  });
  if (outcome.outcome === 'SUCCESS') return `rerun requested (attempt ${(run.run_attempt ?? 1) + 1})`;
  if (outcome.outcome === 'SKIPPED') return `refused: ${outcome.message}`;
  return `failed: ${outcome.error.message}`;
}

/**
 * The retry engine for one failed run: settle → claim `run_id:run_attempt` (two triggers never
 * re-run twice) → diagnose → decide → act through the guard → record. Every decision leaves a
 * retry-history row; the caller adds the returned outcome to the manifest.
 */
export async function handleFailedRun(deps: RetryEngineDeps, runId: number): Promise<RetryOutcome> {
  const repo = formatRepo(deps.repo);
  const run = await settledRun(deps, runId);
  const attempt = run.run_attempt ?? 1;
  const base = { repo, runId, attempt, workflowName: run.name ?? String(run.workflow_id), url: run.html_url };
  const candidate = {
    runId,
    attempt,
    workflowName: base.workflowName,
    workflowPath: run.path,
    branch: run.head_branch ?? null,
    status: run.status ?? 'unknown',
    conclusion: run.conclusion ?? null,
    createdAt: run.created_at,
  };
  // Shadow decisions claim their own key: deciding without acting must never block a real re-run.
  const key = `${deps.limits.shadow ? 'shadow' : 'retry'}:${repo}:${runId}:${attempt}`;
  const claim = await deps.store.claimIdempotencyKey({
    key,
    scope: deps.limits.shadow ? 'shadow' : 'retry',
    owner: deps.actor,
    ttlMs: IDEMPOTENCY_TTL_MS,
    now: deps.now(),
  });
  if (!claim.claimed) {
    const outcome = {
      ...base,
      cause: 'duplicate',
      transient: false,
      decision: 'skip' as const,
      reason: `attempt ${attempt} already handled by ${claim.existing?.owner ?? 'another trigger'}`,
      delayMs: 0,
      result: null,
      evidence: [],
      readLogs: false,
      logs: [],
      decidedAt: deps.now().toISOString(),
      handled: false,
    };
    await record(deps, outcome);
    return outcome;
  }
  let outcome: RetryOutcome;
  try {
    outcome = await decideAndAct(deps, run, candidate, base);
  } catch (error) {
    await deps.store.completeIdempotencyKey(key, 'failed', { error: toError(error).message }, deps.now());
    throw error;
  }
  await record(deps, outcome);
  await deps.store.completeIdempotencyKey(
    key,
    'completed',
    { decision: outcome.decision, result: outcome.result },
    deps.now(),
  );
  return outcome;
}

async function decideAndAct(
  deps: RetryEngineDeps,
  run: WorkflowRun,
  candidate: Parameters<typeof decideRetry>[0],
  base: Pick<RetryOutcome, 'repo' | 'runId' | 'attempt' | 'workflowName' | 'url'>,
): Promise<RetryOutcome> {
  const decidedAt = () => deps.now().toISOString();
  if (run.status !== 'completed' || !FAILED.has(run.conclusion ?? '')) {
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
      result: null,
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
  const result = decision.kind === 'rerun' ? await act(deps, run, decision) : null;
  deps.log(
    `run ${String(run.id)} attempt ${base.attempt}: ${diagnosis.cause} → ${decision.kind}${result ? ` (${result})` : ''}`,
  );
  return {
    ...base,
    cause: diagnosis.cause,
    transient: diagnosis.transient,
    decision: decision.kind,
    reason: decision.reason,
    delayMs: 'delayMs' in decision ? decision.delayMs : 0,
    result,
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
    result: o.result,
    evidence: o.evidence,
    decidedAt: o.decidedAt,
  };
  await deps.store.insertRetryHistory(row);
}
