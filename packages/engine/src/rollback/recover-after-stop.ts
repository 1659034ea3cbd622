import { historyEntryId, sha256Hex, type RollbackRecord } from '@opsguard/core';
import { formatRepo, getWorkflow, listWorkflowRuns, type WorkflowRun } from '@opsguard/github';
import type { NotificationChannel } from '@opsguard/notify';
import type { Store } from '@opsguard/store';
import { notifyAll } from '../notify-outcomes.js';
import { restoreWorkflows, type RestoreResult } from '../killswitch/restore-workflows.js';
import type { RollbackDeps } from './rollback-deps.js';

export interface RecoveryHandlerDeps extends RollbackDeps {
  /** Turns the kill switch off (the store's switch, or OPSGUARD_KILL): the first step. */
  readonly deactivate: () => Promise<void>;
  readonly sleep: (ms: number) => Promise<void>;
  readonly store: Store;
  /** Slack, then the issue channel, then the log: where the report goes. */
  readonly channels: readonly NotificationChannel[];
}

export interface RecoveryRequest {
  /** The kill-switch record whose disabled workflows come back. */
  readonly record: RollbackRecord;
  /** How long the next run of each re-enabled workflow is watched (the rules' verification). */
  readonly watchMs: number;
  readonly pollMs?: number;
}

export interface WatchedWorkflow {
  readonly id: number;
  readonly name: string;
  /** The next run after the re-enable, as last seen; null when none started before the deadline. */
  readonly run: { readonly id: number; readonly status: string; readonly conclusion: string | null } | null;
  readonly verdict: 'recovered' | 'failed' | 'not-run' | 'still-running';
}

export interface RecoveryReport {
  readonly recordId: string;
  /** The re-enable step, read back (what came back, what a person had disabled and stays so). */
  readonly restore: RestoreResult;
  readonly reenabled: readonly number[];
  readonly watched: readonly WatchedWorkflow[];
  readonly ok: boolean;
  readonly message: string;
}

/** Kept from the budget for the last poll, the names and the report after the watch. */
const REPORT_MARGIN_MS = 30_000;

const verdictOf = (run: WorkflowRun | undefined): WatchedWorkflow['verdict'] =>
  run === undefined
    ? 'not-run'
    : run.status !== 'completed'
      ? 'still-running'
      : run.conclusion === 'success'
        ? 'recovered'
        : 'failed';

/**
 * The recovery handler after a kill switch or a rollback: deactivate → re-enable exactly what
 * the record says automation disabled → verify (the next run of each re-enabled workflow is
 * watched until it completes, bounded by `watchMs` on the injected clock) → report through the
 * notification chain, and record the outcome in the rollback history.
 */
export async function recoverAfterStop(deps: RecoveryHandlerDeps, request: RecoveryRequest): Promise<RecoveryReport> {
  await deps.deactivate();
  const since = deps.now();
  const restored = await restoreWorkflows(
    {
      client: deps.client,
      repo: deps.repo,
      guard: deps.guard,
      records: deps.records,
      now: deps.now,
      sleep: deps.sleep,
    },
    request.record,
  );
  const reenabled = restored.workflows.filter((w) => w.outcome === 'enabled').map((w) => w.id);
  // The watch ends with the job's budget if that comes first, so the report and the history are
  // still written (a wait past the budget would fail the step with neither).
  const watchEnd = since.getTime() + request.watchMs;
  const budgetEnd = deps.spendableMs ? deps.now().getTime() + deps.spendableMs() - REPORT_MARGIN_MS : Infinity;
  const deadline = Math.min(watchEnd, budgetEnd);
  const pollMs = request.pollMs ?? 30_000;
  const latest = new Map<number, WorkflowRun | undefined>();
  for (;;) {
    for (const id of reenabled) {
      const [run] = await listWorkflowRuns(deps.client, deps.repo, {
        workflowId: id,
        created: `>=${since.toISOString().slice(0, 19)}Z`,
        limit: 1,
      });
      latest.set(id, run);
    }
    const settled = reenabled.every((id) => latest.get(id)?.status === 'completed');
    if (settled || deps.now().getTime() + pollMs > deadline) break;
    await deps.sleep(pollMs);
  }
  const watched: WatchedWorkflow[] = [];
  for (const id of reenabled) {
    const run = latest.get(id);
    const name = (await getWorkflow(deps.client, deps.repo, id)).name;
    watched.push({
      id,
      name,
      run: run ? { id: Number(run.id), status: run.status ?? 'unknown', conclusion: run.conclusion } : null,
      verdict: verdictOf(run),
    });
  }
  const ok = watched.every((w) => w.verdict === 'recovered');
  const cut =
    !ok && budgetEnd < watchEnd
      ? ` (watched ${Math.round((deadline - since.getTime()) / 60_000)} min of ${Math.round(request.watchMs / 60_000)}: the job's time budget ended the watch)`
      : '';
  const message = ok
    ? `Recovered: ${watched.map((w) => `${w.name} run ${w.run?.id ?? '?'} succeeded`).join(', ') || 'nothing was disabled'}`
    : `Not recovered: ${watched
        .filter((w) => w.verdict !== 'recovered')
        .map((w) => `${w.name} ${w.verdict}`)
        .join(', ')}${cut}`;
  // A rollback's record is scoped by its plan hash; a kill switch's entries go under its record id's hash.
  const hash = request.record.kind === 'rollback' ? request.record.scope : sha256Hex(request.record.id);
  await deps.history.append({
    id: historyEntryId(hash, ok ? 'recovery-verified' : 'recovery-failed', request.record.id),
    at: deps.now().toISOString(),
    repo: formatRepo(deps.repo),
    planHash: hash,
    event: ok ? 'recovery-verified' : 'recovery-failed',
    step: request.record.id,
    actor: deps.actor,
    detail: message,
    data: {
      reenabled,
      watched: watched.map((w) => ({ id: w.id, name: w.name, verdict: w.verdict, run: w.run?.id ?? null })),
    },
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
        log: deps.log,
      },
      [
        {
          fingerprint: `recovery:${request.record.id}`,
          kind: 'recovery',
          severity: ok ? 'info' : 'warning',
          title: message,
          lines: [
            `after ${request.record.kind} ${request.record.id}: ${request.record.reason}`,
            ...watched.map((w) => `${w.name}: ${w.verdict}`),
          ],
          links: [],
        },
      ],
    );
  }
  return { recordId: request.record.id, restore: restored, reenabled, watched, ok, message };
}
