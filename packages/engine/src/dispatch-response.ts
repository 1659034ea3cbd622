import type { Anomaly, DetectionRules, Severity } from '@opsguard/core';
import { createRepositoryDispatch, type GitHubRequester, type RepoRef } from '@opsguard/github';
import type { Guard } from '@opsguard/guard';
import type { Store } from '@opsguard/store';
import { sentKeysOf } from './sent-before.js';

const RANK: Readonly<Record<Severity, number>> = { info: 0, warning: 1, critical: 2 };

export interface DispatchDeps {
  readonly client: GitHubRequester;
  readonly repo: RepoRef;
  readonly guard: Guard;
  readonly rules: DetectionRules;
  readonly dryRun: boolean;
  /** The audit trail: an anomaly dispatched today is not sent again. */
  readonly store: Pick<Store, 'listAudit'>;
  readonly now: () => Date;
}

/**
 * The optional response to anomalies: one `repository_dispatch` per anomaly at or above the
 * configured severity, through the guard (its idempotency key is the anomaly's fingerprint and
 * day, and the audit trail is asked first, so a re-run of the audit does not fire twice). Returns how many were sent.
 */
export async function dispatchAnomalies(
  deps: DispatchDeps,
  anomalies: readonly Anomaly[],
  day: string,
): Promise<number> {
  const response = deps.rules.response.dispatch;
  if (!response.enabled) return 0;
  let sent = 0;
  const call = {
    action: 'repository-dispatch',
    target: `${deps.repo.owner}/${deps.repo.repo}:dispatch:${response.eventType}`,
  };
  const sentKeys = sentKeysOf(deps.store, call, deps.now);
  for (const a of anomalies.filter((x) => RANK[x.severity] >= RANK[response.minSeverity])) {
    const idempotencyKey = `dispatch:${a.fingerprint}:${day}`;
    if (!deps.dryRun && (await sentKeys()).has(idempotencyKey)) continue;
    const outcome = await deps.guard.run({
      ...call,
      idempotencyKey,
      service: `github:${deps.repo.owner}/${deps.repo.repo}:detect`,
      dryRun: deps.dryRun,
      details: { rule: a.rule, subject: a.subject, severity: a.severity },
      execute: () =>
        createRepositoryDispatch(deps.client, deps.repo, response.eventType, {
          rule: a.rule,
          subject: a.subject,
          severity: a.severity,
          value: a.value,
          baseline: a.baseline,
          message: a.message,
          fingerprint: a.fingerprint,
        }),
    });
    if (outcome.outcome === 'SUCCESS') sent++;
  }
  return sent;
}
