import {
  formatRepo,
  getWorkflowRunAttempt,
  type GitHubRequester,
  type RepoRef,
  type WorkflowRun,
} from '@opsguard/github';
import type { Guard } from '@opsguard/guard';
import type { IssueChannel, NotificationChannel } from '@opsguard/notify';
import type { Store } from '@opsguard/store';
import { notifyAll } from './notify-outcomes.js';

export interface RecoveryDeps {
  readonly client: GitHubRequester;
  readonly repo: RepoRef;
  readonly store: Store;
  readonly guard: Guard;
  /** Where the completion message goes (Slack when configured); empty → the caller's summary only. */
  readonly channels: readonly NotificationChannel[];
  readonly issues: IssueChannel | null;
  readonly now: () => Date;
  /** Where a delivery that could not be recorded in the store is reported (the job log). */
  readonly log?: (line: string) => void;
}

export interface Recovery {
  readonly runId: number;
  readonly attempt: number;
  readonly workflowName: string;
  readonly url: string;
  /** First failed attempt's end → the successful attempt's end. */
  readonly timeToRecoverMs: number;
  readonly message: string;
  readonly issueClosed: boolean;
}

/**
 * The recovery handler: a re-run attempt succeeded. Records the recovery and its time to
 * recover, posts a completion message, and closes the incident issue the failure opened.
 * Returns null when the run is not a recovery (first attempt, or not a success).
 */
export async function handleRecoveredRun(deps: RecoveryDeps, run: WorkflowRun): Promise<Recovery | null> {
  const runId = Number(run.id);
  const attempt = run.run_attempt ?? 1;
  if (run.conclusion !== 'success' || attempt < 2) return null;
  const first = await getWorkflowRunAttempt(deps.client, deps.repo, runId, 1);
  const workflowName = run.name ?? String(run.workflow_id);
  const timeToRecoverMs = Math.max(0, Date.parse(run.updated_at) - Date.parse(first.updated_at));
  const minutes = Math.round(timeToRecoverMs / 60_000);
  const message = `${workflowName} run ${runId} recovered on attempt ${attempt} after ${minutes} min`;
  await deps.store.insertRetryHistory({
    repo: formatRepo(deps.repo),
    runId,
    attempt,
    workflowName,
    cause: 'recovered',
    transient: true,
    decision: 'recovered',
    reason: message,
    delayMs: 0,
    act: null,
    evidence: [],
    decidedAt: deps.now().toISOString(),
  });
  if (deps.channels.length > 0) {
    await notifyAll(
      {
        guard: deps.guard,
        repo: formatRepo(deps.repo),
        channels: deps.channels,
        issues: null,
        dryRun: false,
        store: deps.store,
        now: deps.now,
        ...(deps.log !== undefined && { log: deps.log }),
      },
      [
        {
          fingerprint: `recovery:${runId}:${attempt}`,
          kind: 'recovery',
          severity: 'info',
          title: message,
          lines: [],
          links: [{ text: `run ${runId}`, url: run.html_url }],
        },
      ],
    );
  }
  let issueClosed = false;
  if (deps.issues) {
    const issues = deps.issues;
    const outcome = await deps.guard.run({
      action: 'close-issue',
      service: `github:${formatRepo(deps.repo)}:notifications`,
      target: `${formatRepo(deps.repo)}:issue:failure:${workflowName}`,
      idempotencyKey: `${runId}:${attempt}`,
      execute: () => issues.resolve(`failure:${workflowName}`, message),
    });
    issueClosed = outcome.outcome === 'SUCCESS' && outcome.value;
  }
  return { runId, attempt, workflowName, url: run.html_url, timeToRecoverMs, message, issueClosed };
}
