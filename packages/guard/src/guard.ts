import { toError, type JsonObject } from '@opsguard/core';
import type { AuditOutcome, AuditRecord } from '@opsguard/store';
import { auditId } from './audit-id.js';
import type { GuardPolicy } from './guard-config.js';
import { executeWithRetry } from './execute-with-retry.js';
import { breakerFor, checkGates, type Refusal } from './gates.js';
import type { AuditWrite, GuardDeps, GuardedCall, GuardOutcome } from './guard-types.js';
import { defaultFailureClassifier } from './transient.js';

export interface Guard {
  /** The one gate every mutating call passes (DESIGN.md "The guard"). */
  run<T>(call: GuardedCall<T>): Promise<GuardOutcome<T>>;
  /** The limits it enforces (the store-less runner derives breaker state with the same spec). */
  readonly policy: GuardPolicy;
}

interface Ending {
  readonly outcome: AuditOutcome;
  readonly reason: string | null;
  readonly attempts: number;
  readonly details: JsonObject;
}

async function writeAudit(
  deps: GuardDeps,
  call: GuardedCall<unknown>,
  ending: Ending,
  startedAt: Date,
  id: string,
): Promise<AuditWrite> {
  const finishedAt = deps.now();
  const record: AuditRecord = {
    id,
    at: finishedAt.toISOString(),
    action: call.action,
    service: call.service,
    target: call.target,
    idempotencyKey: call.idempotencyKey,
    outcome: ending.outcome,
    reason: ending.reason,
    dryRun: call.dryRun === true,
    actor: deps.actor,
    attempts: ending.attempts,
    durationMs: Math.max(0, finishedAt.getTime() - startedAt.getTime()),
    details: { ...(call.details ?? {}), ...ending.details, ...(call.brake === true ? { brake: true } : {}) },
  };
  try {
    const { inserted } = await deps.store.appendAudit(record);
    return inserted ? 'recorded' : 'duplicate';
  } catch (error) {
    deps.logger?.warn(`audit record ${id} for ${call.action} on ${call.target} not written: ${toError(error).message}`);
    return 'failed';
  }
}

async function emitMetric(deps: GuardDeps, call: GuardedCall<unknown>, ending: Ending): Promise<void> {
  try {
    await deps.store.incrementMetric({
      name: 'guard_calls',
      // A FAILURE's reason is the error message: as a label it would make a new series per
      // message (and could carry run ids or worse), so only a SKIPPED record's reason is a label.
      labels: {
        action: call.action,
        service: call.service,
        outcome: ending.outcome,
        reason: ending.outcome === 'SKIPPED' ? (ending.reason ?? '') : '',
        ...(call.brake === true ? { brake: 'true' } : {}),
      },
      value: 1,
      at: deps.now(),
    });
  } catch (error) {
    // Metrics are best effort: the audit trail is the record of truth.
    deps.logger?.warn(`metric not written: ${toError(error).message}`);
  }
}

/** SKIPPED records differ by why, and by whether the call was a dry run (see auditId). */
function qualifierOf(call: GuardedCall<unknown>, ending: Ending): string | undefined {
  if (ending.outcome !== 'SKIPPED') return undefined;
  return `${call.dryRun === true ? 'dry-run:' : ''}${ending.reason ?? ''}`;
}

async function finish(deps: GuardDeps, call: GuardedCall<unknown>, ending: Ending, startedAt: Date) {
  const id = auditId(call.action, call.target, call.idempotencyKey, ending.outcome, qualifierOf(call, ending));
  const audit = await writeAudit(deps, call, ending, startedAt, id);
  await emitMetric(deps, call, ending);
  return { auditId: id, audit };
}

async function skip<T>(
  deps: GuardDeps,
  call: GuardedCall<T>,
  refusal: Refusal,
  startedAt: Date,
): Promise<GuardOutcome<T>> {
  deps.logger?.info(`skipped ${call.action} on ${call.target}: ${refusal.message}`);
  const ending: Ending = {
    outcome: 'SKIPPED',
    reason: refusal.reason,
    attempts: 0,
    details: { message: refusal.message },
  };
  const written = await finish(deps, call, ending, startedAt);
  return {
    ...written,
    outcome: 'SKIPPED',
    reason: refusal.reason,
    message: refusal.message,
    retryAfterMs: refusal.retryAfterMs,
  };
}

async function execute<T>(deps: GuardDeps, call: GuardedCall<T>, startedAt: Date): Promise<GuardOutcome<T>> {
  const controller = new AbortController();
  const signal = call.signal ? AbortSignal.any([call.signal, controller.signal]) : controller.signal;
  const run = await executeWithRetry(call.execute.bind(call), {
    maxRetries: deps.policy.maxRetries,
    backoff: deps.policy.backoff,
    classify: call.classifyFailure ?? deps.classifyFailure ?? defaultFailureClassifier,
    random: deps.random,
    sleep: deps.sleep,
    signal,
    budget: deps.budget,
    onRetry: (attempt, delay, error) =>
      deps.logger?.info(
        `${call.action} on ${call.target}: attempt ${attempt} failed (${error.message}); retrying in ${delay} ms`,
      ),
  });
  try {
    await deps.store.recordBreakerOutcome(breakerFor(deps.policy, call.target), run.ok, deps.now());
  } catch (error) {
    deps.logger?.warn(`circuit breaker outcome for ${call.target} not recorded: ${toError(error).message}`);
  }
  if (run.ok) {
    const written = await finish(
      deps,
      call,
      { outcome: 'SUCCESS', reason: null, attempts: run.attempts, details: {} },
      startedAt,
    );
    return { ...written, outcome: 'SUCCESS', value: run.value, attempts: run.attempts };
  }
  const reason =
    run.deadline === null ? run.error.message : `deadline: ${run.deadline}; last error: ${run.error.message}`;
  const error = run.deadline === null ? run.error : new Error(reason, { cause: run.error });
  const written = await finish(
    deps,
    call,
    {
      outcome: 'FAILURE',
      reason,
      attempts: run.attempts,
      details: run.mayHaveActed ? { mayHaveActed: true } : {},
    },
    startedAt,
  );
  return { ...written, outcome: 'FAILURE', error, attempts: run.attempts, mayHaveActed: run.mayHaveActed };
}

export function createGuard(deps: GuardDeps): Guard {
  return {
    policy: deps.policy,
    async run<T>(call: GuardedCall<T>): Promise<GuardOutcome<T>> {
      const startedAt = deps.now();
      // The brake's own calls pass no gate (see GuardedCall.brake); everything after them holds.
      const refusal = call.brake === true ? null : await checkGates(deps, call, startedAt);
      if (refusal) return skip(deps, call, refusal, startedAt);
      if (call.dryRun === true) {
        // Gates 1–3 ran for real; the plan is recorded instead of executed.
        return skip(
          deps,
          call,
          { reason: 'dry_run', message: `dry run: would ${call.action} on ${call.target}`, retryAfterMs: 0 },
          startedAt,
        );
      }
      return execute(deps, call, startedAt);
    },
  };
}
