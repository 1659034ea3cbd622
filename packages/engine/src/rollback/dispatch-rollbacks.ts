import {
  evaluateRollbackConditions,
  markdownCell,
  toError,
  type Anomaly,
  type RollbackRules,
  type RollbackSignals,
  type RunRecord,
  type TriggeredRollback,
} from '@opsguard/core';
import { createRepositoryDispatch, type GitHubRequester, type RepoRef } from '@opsguard/github';
import type { Guard } from '@opsguard/guard';
import type { Store } from '@opsguard/store';
import type { LabelEvidence } from '../label-causes.js';
import { sentKeysOf } from '../sent-before.js';

/** The repository_dispatch the rollback workflow (rollback.yml) handles. */
export const ROLLBACK_DISPATCH_EVENT = 'opsguard-rollback';

export interface RollbackSignalInput {
  readonly defaultBranch: string;
  /** The window's attempts; only each run's newest attempt counts (a re-run that passed is a pass). */
  readonly attempts: readonly RunRecord[];
  readonly anomalies: readonly Anomaly[];
  /** What the labelling read of each failed attempt: a masked secret in a log is a leak. */
  readonly evidence: ReadonlyMap<string, LabelEvidence>;
}

/** What the sweep saw, in the shape the rollback conditions read (pure). */
export function rollbackSignalsOf(input: RollbackSignalInput): RollbackSignals {
  const newest = new Map<number, RunRecord>();
  for (const a of input.attempts) {
    const seen = newest.get(a.runId);
    if (seen === undefined || a.attempt > seen.attempt) newest.set(a.runId, a);
  }
  const runs = [...newest.values()]
    .filter((r) => r.branch !== null && r.status === 'completed')
    .map((r) => ({
      workflowName: r.workflowName,
      workflowPath: '',
      branch: r.branch ?? '',
      conclusion: r.conclusion,
      createdAt: r.createdAt,
      headSha: r.headSha,
    }));
  const secretLeaks = [...input.evidence.entries()].flatMap(([attempt, e]) =>
    e.jobs.filter((j) => j.secretMasked === true).map((j) => ({ where: `${attempt} job ${j.job.name}`, rule: 'log' })),
  );
  return {
    defaultBranch: input.defaultBranch,
    runs,
    criticalAnomalies: input.anomalies
      .filter((a) => a.severity === 'critical')
      .map((a) => ({ rule: a.rule, subject: a.subject })),
    secretLeaks,
  };
}

export interface RollbackDispatchDeps {
  readonly client: GitHubRequester;
  readonly repo: RepoRef;
  readonly guard: Guard;
  readonly rules: RollbackRules;
  /** detection's dispatch response (config response.dispatch.enabled): off → reported only. */
  readonly enabled: boolean;
  readonly dryRun: boolean;
  /** The audit trail: a condition dispatched today is not sent again (the guard's key only names the record). */
  readonly store: Pick<Store, 'listAudit'>;
  readonly now: () => Date;
  readonly log: (line: string) => void;
}

export interface RollbackDispatched {
  readonly triggered: TriggeredRollback;
  /** Sent to the rollback workflow, which makes the plan (and applies it after review for `apply`). */
  readonly sent: boolean;
  readonly note: string;
}

/**
 * The rollback conditions the sweep meets, each sent once a day (the idempotency key is the
 * condition, its workflow and the day) as `opsguard-rollback` to the rollback workflow through
 * the guard. With the dispatch response off they are only reported: a plan is a person's call.
 */
export async function dispatchRollbacks(
  deps: RollbackDispatchDeps,
  signals: RollbackSignals,
  day: string,
): Promise<RollbackDispatched[]> {
  const out: RollbackDispatched[] = [];
  const target = `${deps.repo.owner}/${deps.repo.repo}:dispatch:${ROLLBACK_DISPATCH_EVENT}`;
  const sentKeys = sentKeysOf(deps.store, { action: 'repository-dispatch', target }, deps.now);
  for (const t of evaluateRollbackConditions(deps.rules, signals).filter((x) => x.trigger.condition !== 'manual')) {
    if (!deps.enabled) {
      out.push({ triggered: t, sent: false, note: 'met; the dispatch response is off (config response.dispatch)' });
      continue;
    }
    const payload = {
      command: 'plan',
      condition: t.trigger.condition,
      reason: t.trigger.detail,
      ...(t.workflow !== undefined && { workflow: t.workflow }),
      ...(t.goodCommit !== undefined && { good_commit: t.goodCommit }),
      apply: t.response === 'apply',
    };
    const idempotencyKey = `rollback:${t.trigger.condition}:${t.workflow ?? ''}:${day}`;
    try {
      if ((await sentKeys()).has(idempotencyKey)) {
        out.push({ triggered: t, sent: false, note: `already dispatched today (${day})` });
        continue;
      }
      const outcome = await deps.guard.run({
        action: 'repository-dispatch',
        service: `github:${deps.repo.owner}/${deps.repo.repo}:rollback`,
        target,
        idempotencyKey,
        dryRun: deps.dryRun,
        details: { condition: t.trigger.condition, response: t.response, workflow: t.workflow ?? null },
        execute: () => createRepositoryDispatch(deps.client, deps.repo, ROLLBACK_DISPATCH_EVENT, payload),
      });
      const note =
        outcome.outcome === 'SUCCESS'
          ? 'dispatched to the rollback workflow'
          : outcome.outcome === 'SKIPPED'
            ? `not dispatched (${outcome.reason}): ${outcome.message}`
            : `not dispatched: ${outcome.error.message}`;
      out.push({ triggered: t, sent: outcome.outcome === 'SUCCESS', note });
    } catch (error) {
      out.push({ triggered: t, sent: false, note: `not dispatched: ${toError(error).message}` });
    }
    deps.log(`rollback condition met: ${t.trigger.detail} (${t.response}) → ${out.at(-1)?.note ?? ''}`);
  }
  return out;
}

/** The job summary's section for the rollback conditions met; empty when none was. */
export function rollbackConditionsSummary(met: readonly RollbackDispatched[]): string {
  if (met.length === 0) return '';
  const lines = ['### Rollback conditions met', '', '| condition | what | response | sent |', '|---|---|---|---|'];
  for (const m of met)
    lines.push(
      `| ${m.triggered.trigger.condition} | ${markdownCell(m.triggered.trigger.detail)} | ${m.triggered.response} | ${markdownCell(m.note)} |`,
    );
  lines.push(
    '',
    'A sent condition starts the rollback workflow (rollback.yml), which makes a plan and changes nothing until it is applied.',
  );
  return lines.join('\n');
}
