import type { AcceptedEvent, ExecutionResult, IntakeExecutor } from '@opsguard/api';
import type { JsonObject } from '@opsguard/core';
import { createRepositoryDispatch, parseRepo, type GitHubRequester } from '@opsguard/github';
import type { Guard } from '@opsguard/guard';

export interface IntakeExecutorDeps {
  readonly guard: Guard;
  /** Null when no source dispatches (no token needed then). */
  readonly client: GitHubRequester | null;
  readonly dryRun: boolean;
}

/**
 * What an accepted intake event does (config/intake-sources.json): `record` only keeps the
 * event; `repository_dispatch` starts the named workflows through the guard (kill switch, rate
 * limit, breaker, retry, audit). The guard's idempotency key carries the intake key and the
 * attempt, so a redelivery after a failure is its own audited call.
 */
export function createIntakeExecutor(deps: IntakeExecutorDeps): IntakeExecutor {
  return async (event: AcceptedEvent): Promise<ExecutionResult> => {
    const action = event.source.action;
    if (action.type === 'record') return { status: 'done', result: { recorded: true } };
    const client = deps.client;
    if (!client) return { status: 'failed', error: 'no GitHub client to dispatch with', result: {} };
    const repo = parseRepo(action.repository);
    const outcome = await deps.guard.run({
      action: 'repository-dispatch',
      service: `intake:${event.source.name}`,
      target: `${action.repository}:dispatch:${action.eventType}`,
      idempotencyKey: `intake:${event.source.name}:${event.key}#${event.attempt}`,
      dryRun: deps.dryRun,
      details: { source: event.source.name, intake_audit_id: event.auditId, payload_sha256: event.payloadSha256 },
      execute: () =>
        createRepositoryDispatch(client, repo, action.eventType, {
          source: event.source.name,
          delivery: event.key,
          audit_id: event.auditId,
          payload_sha256: event.payloadSha256,
          event: event.payload,
        }),
    });
    const result: JsonObject = {
      repository: action.repository,
      event_type: action.eventType,
      guard_outcome: outcome.outcome,
      guard_audit_id: outcome.auditId,
    };
    switch (outcome.outcome) {
      case 'SUCCESS':
        return { status: 'done', result: { ...result, dispatched: true } };
      case 'FAILURE':
        return { status: 'failed', error: outcome.error.message, result };
      case 'SKIPPED':
        // A dry run did what was asked; any other refusal leaves the key failed, so a later
        // redelivery (after the kill switch is off or the bucket refilled) runs it.
        return outcome.reason === 'dry_run'
          ? { status: 'done', result: { ...result, dispatched: false, dry_run: true } }
          : {
              status: 'failed',
              error: `guard refused: ${outcome.message}`,
              result: { ...result, reason: outcome.reason },
            };
    }
  };
}
