import { mergeRetryManifest, type CapabilityEvent, type RetryManifestEntry } from '@opsguard/evidence';
import { getWorkflowRun } from '@opsguard/github';
import { reportDate } from '@opsguard/core';
import { mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import { logCapabilityEvents, retryEvent } from './capability-events.js';
import { handleRecoveredRun, type Recovery, type RecoveryDeps } from './recovery.js';
import { handleFailedRun, type RetryEngineDeps, type RetryOutcome } from './retry-engine.js';

export type RunEventResult =
  | { readonly kind: 'decided'; readonly outcome: RetryOutcome; readonly manifest: string | null }
  | { readonly kind: 'recovered'; readonly recovery: Recovery }
  | { readonly kind: 'ignored'; readonly runId: number; readonly attempt: number; readonly reason: string };

export interface RunEventDeps extends RetryEngineDeps, Omit<RecoveryDeps, keyof RetryEngineDeps> {
  /** Where `reports/YYYY-MM-DD/AUTO_RETRY_MANIFEST.json` is merged; null → no manifest file. */
  readonly outDir: string | null;
  readonly timeZone: string;
}

const FAILED = new Set(['failure', 'timed_out', 'startup_failure']);

/**
 * A completed `workflow_run`: a failure goes to the retry engine, a successful re-run to the
 * recovery handler, anything else is left alone (with the reason).
 */
export async function handleRunEvent(deps: RunEventDeps, runId: number): Promise<RunEventResult> {
  const run = await getWorkflowRun(deps.client, deps.repo, runId);
  const attempt = run.run_attempt ?? 1;
  if (run.status === 'completed' && run.conclusion === 'success') {
    const recovery = attempt > 1 ? await handleRecoveredRun(deps, runId) : null;
    // A recovery writes no bundle file (its outcome reaches the tickets through the retry history).
    if (recovery) return { kind: 'recovered', recovery };
    return { kind: 'ignored', runId, attempt, reason: 'the run succeeded on its first attempt' };
  }
  if (run.status === 'completed' && !FAILED.has(run.conclusion ?? '')) {
    return {
      kind: 'ignored',
      runId,
      attempt,
      reason: `the run concluded ${run.conclusion ?? 'without a conclusion'}: nothing to re-run`,
    };
  }
  const outcome = await handleFailedRun(deps, runId);
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
    result: o.result,
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
