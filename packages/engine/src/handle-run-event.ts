import { isFailedRun, reportDate, sanitizeDeep, toError, type RetryLimits } from '@opsguard/core';
import { mergeRecordFile, mergeRetryManifest, type CapabilityEvent, type RetryManifestEntry } from '@opsguard/evidence';
import { formatRepo, getWorkflowRun, type RepoRef, type WorkflowRun } from '@opsguard/github';
import { auditId } from '@opsguard/guard';
import { createIssueChannel, createSlackChannel } from '@opsguard/notify';
import { mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import { logCapabilityEvents, retryEvent } from './capability-events.js';
import { githubIssueApi } from './issue-api.js';
import { handleRecoveredRun, type Recovery, type RecoveryDeps } from './recovery.js';
import { handleFailedRun, type RetryEngineDeps, type RetryOutcome } from './retry-engine.js';
import type { Runtime } from './runtime.js';

export type RunEventResult =
  | { readonly kind: 'decided'; readonly outcome: RetryOutcome; readonly manifest: string | null }
  | { readonly kind: 'recovered'; readonly recovery: Recovery }
  | { readonly kind: 'ignored'; readonly runId: number; readonly attempt: number; readonly reason: string };

export interface RunEventDeps extends RetryEngineDeps, Omit<RecoveryDeps, keyof RetryEngineDeps> {
  /** Where `reports/YYYY-MM-DD/AUTO_RETRY_MANIFEST.json` is merged; null → no manifest file. */
  readonly outDir: string | null;
  readonly timeZone: string;
}

/** The settings of one workflow_run handler (the retry action, the demo's auto-retry scene). */
export interface RunEventSettings {
  readonly repo: RepoRef;
  readonly actor: string;
  readonly log: (line: string) => void;
  /** Re-runs per repository per day; default the policy's. */
  readonly dailyRerunBudget?: number | undefined;
  /** How often to wait for a run still finishing its last job (× the first backoff). */
  readonly maxWaits: number;
  readonly slackWebhook?: string | undefined;
  readonly outDir: string | null;
  readonly timeZone: string;
  /** Overrides of the runtime's limits (shadow mode, max attempts) are already in the runtime. */
  readonly limits?: RetryLimits;
}

/** The one factory of the handler's dependencies, for the action, the CLI and the demo. */
export function runEventDepsOf(runtime: Runtime, s: RunEventSettings): RunEventDeps {
  return {
    client: runtime.client,
    repo: s.repo,
    store: runtime.store,
    guard: runtime.guard,
    guardState: runtime.guardState,
    limits: s.limits ?? runtime.retryLimits,
    diagnose: runtime.diagnose,
    sanitize: runtime.sanitize,
    now: () => runtime.clock.now(),
    budget: runtime.budget,
    random: runtime.random,
    dailyRerunBudget: s.dailyRerunBudget ?? runtime.retryPolicy.dailyRerunBudget,
    mode: runtime.retryPolicy.mode,
    maxWaits: s.maxWaits,
    actor: s.actor,
    log: s.log,
    channels: s.slackWebhook
      ? [
          createSlackChannel({
            webhookUrl: s.slackWebhook,
            now: () => runtime.clock.now().getTime(),
            sleep: (ms) => runtime.budget.sleep(ms),
            fetch: runtime.fetch,
          }),
        ]
      : [],
    issues: createIssueChannel(githubIssueApi(runtime.client, s.repo)),
    outDir: s.outDir,
    timeZone: s.timeZone,
  };
}

/**
 * A completed `workflow_run`: a failure goes to the retry engine, a successful re-run to the
 * recovery handler, anything else is left alone (with the reason). The run is read once.
 */
export async function handleRunEvent(deps: RunEventDeps, runId: number): Promise<RunEventResult> {
  const run = await getWorkflowRun(deps.client, deps.repo, runId);
  return handleRun(deps, run);
}

export async function handleRun(deps: RunEventDeps, run: WorkflowRun): Promise<RunEventResult> {
  const runId = Number(run.id);
  const attempt = run.run_attempt ?? 1;
  if (run.status === 'completed' && run.conclusion === 'success') {
    const recovery = attempt > 1 ? await handleRecoveredRun(deps, run) : null;
    // A recovery writes no bundle file (its outcome reaches the tickets through the retry history).
    if (recovery) return { kind: 'recovered', recovery };
    return { kind: 'ignored', runId, attempt, reason: 'the run succeeded on its first attempt' };
  }
  if (run.status === 'completed' && !isFailedRun(run)) {
    return {
      kind: 'ignored',
      runId,
      attempt,
      reason: `the run concluded ${run.conclusion ?? 'without a conclusion'}: nothing to re-run`,
    };
  }
  const outcome = await handleFailedRun(deps, run);
  const manifest = deps.outDir !== null && outcome.handled ? await appendManifest(deps, outcome) : null;
  if (outcome.handled) await logRetry(deps, retryEvent(outcome));
  return { kind: 'decided', outcome, manifest };
}

/** One manifest entry per decision, merged by run id + attempt (concurrent jobs lose nothing). */
async function appendManifest(deps: RunEventDeps, o: RetryOutcome): Promise<string> {
  const dir = join(deps.outDir ?? '.', 'reports', reportDate(deps.now(), deps.timeZone));
  await mkdir(dir, { recursive: true });
  const entry: RetryManifestEntry = {
    runId: o.runId,
    attempt: o.attempt,
    workflowName: o.workflowName,
    url: o.url,
    cause: o.cause,
    transient: o.transient,
    decision: o.decision,
    reason: o.reason,
    delayMs: o.delayMs,
    act: o.act,
    evidence: o.evidence,
    decidedAt: o.decidedAt,
  };
  return (await mergeRetryManifest(dir, [entry], deps.sanitize, deps.now())).path;
}

/** The day's `logs/retry_log_YYYYMMDD.log` (no bundle folder configured → nothing). */
async function logRetry(deps: RunEventDeps, event: CapabilityEvent): Promise<void> {
  if (deps.outDir === null) return;
  const date = reportDate(deps.now(), deps.timeZone);
  await logCapabilityEvents(
    { bundleDir: join(deps.outDir, 'reports', date), date, sanitize: deps.sanitize, now: deps.now, log: deps.log },
    { retry: [event] },
  );
}

/**
 * A handler that could not decide (an API that answered malformed JSON, a hung connection, a
 * store that failed) leaves a FAILURE in the audit trail with the reason, so the bundle says what
 * was not done and why; the caller still fails the step.
 */
export async function auditHandlerFailure(
  deps: Pick<RunEventDeps, 'store' | 'now' | 'repo' | 'actor' | 'log'>,
  runId: number,
  error: unknown,
  startedAt: Date,
): Promise<void> {
  const repo = formatRepo(deps.repo);
  const reason = toError(error).message;
  const at = deps.now();
  try {
    await deps.store.appendAudit({
      id: auditId('handle-run-event', `${repo}:run:${runId}`, `${runId}:${startedAt.toISOString()}`, 'FAILURE'),
      at: at.toISOString(),
      action: 'handle-run-event',
      service: `github:${repo}:retry`,
      target: `${repo}:run:${runId}`,
      idempotencyKey: `${runId}:${startedAt.toISOString()}`,
      outcome: 'FAILURE',
      reason,
      dryRun: false,
      actor: deps.actor,
      attempts: 1,
      durationMs: Math.max(0, at.getTime() - startedAt.getTime()),
      details: { runId },
    });
  } catch (recordError) {
    deps.log(`the failure of run ${runId}'s handler could not be audited: ${toError(recordError).message}`);
  }
}

/** The job's guard records (the store-less trail) into the day's AUDIT_TRAIL.json. */
export async function appendAuditTrail(
  deps: Pick<RunEventDeps, 'store' | 'now' | 'outDir' | 'timeZone' | 'sanitize'>,
  since: Date,
): Promise<string | null> {
  if (deps.outDir === null) return null;
  const records = await deps.store.listAudit({ since });
  if (records.length === 0) return null;
  const dir = join(deps.outDir, 'reports', reportDate(deps.now(), deps.timeZone));
  await mkdir(dir, { recursive: true });
  const path = join(dir, 'AUDIT_TRAIL.json');
  await mergeRecordFile(
    path,
    records.map((r) => sanitizeDeep(r, deps.sanitize)),
    (r) => r.id,
    deps.now(),
  );
  return path;
}
