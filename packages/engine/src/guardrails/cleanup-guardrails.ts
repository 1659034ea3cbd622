import { principalOf, toError, type PrincipalRef } from '@opsguard/core';
import type { Notification } from '@opsguard/notify';
import type { GuardrailExecution, GuardrailExecutionStore, RollbackOutcome } from '@opsguard/store';
import type { GuardrailDeps } from './guardrail-deps.js';
import { awsErrorOf, iamFailureClassifier, outcomeError } from './iam-failures.js';
import { confirmDetached } from './read-back.js';

/** The clean-up works in batches of this many expired executions. */
export const CLEANUP_BATCH_SIZE = 100;
/** A rollback that failed this many times in a row alerts people. */
export const ALERT_AFTER_FAILURES = 3;
/** Long enough for one batch; a crashed run's rows are free again after it. */
export const CLEANUP_LEASE_MS = 10 * 60_000;

export interface CleanupError {
  readonly executionId: string;
  readonly policyArn: string;
  readonly principal: string | null;
  readonly code: string;
  readonly message: string;
  /** After this attempt, failures in a row (the store's count). */
  readonly consecutiveFailures: number;
  /** Status `failed`: retrying cannot help (LimitExceeded), people must look. */
  readonly terminal: boolean;
}

/** The clean-up's result, as the specification names it. */
export interface CleanupResult {
  readonly total_found: number;
  readonly rolled_back: number;
  readonly failed: number;
  readonly errors: readonly CleanupError[];
  /** Executions whose failure alerted (the third in a row, or terminal). */
  readonly alerted: readonly string[];
  /** Policies deleted after their last detach (a policy left behind denies nothing after its expiry). */
  readonly policies_deleted: number;
  /** False when the time budget ended the run before every due execution was claimed. */
  readonly complete: boolean;
}

export interface CleanupOptions {
  /** Who this run is (the lease owner): the workflow run id and attempt, or the CLI's pid. */
  readonly owner: string;
  readonly batchSize?: number;
  readonly leaseMs?: number;
  /** Stops claiming new batches when this says so (the job's time budget). */
  readonly hasTime?: () => boolean;
}

type Step =
  | { readonly ok: true }
  | {
      readonly ok: false;
      readonly principal: string | null;
      readonly code: string;
      readonly message: string;
      readonly terminal: boolean;
    };

function principalsOf(execution: GuardrailExecution): PrincipalRef[] {
  return execution.principals.flatMap((p) => {
    const ref = principalOf(p.arn);
    return ref ? [ref] : [];
  });
}

/** Detaches the deny from one principal through the guard; NoSuchEntity means it is not attached: done. */
async function detach(deps: GuardrailDeps, execution: GuardrailExecution, principal: PrincipalRef): Promise<Step> {
  const outcome = await deps.guard.run({
    action: `iam-detach-${principal.kind}-policy`,
    service: 'aws:iam',
    target: principal.arn,
    // One audit record per attempt: a retry in a later run is its own call.
    idempotencyKey: `${execution.id}:detach#${execution.attempts + 1}`,
    classifyFailure: iamFailureClassifier,
    details: { execution_id: execution.id, policy_arn: execution.policyArn, plan_hash: execution.planHash },
    execute: async () => {
      try {
        await deps.iam.detachPolicy(principal, execution.policyArn);
        return 'detached' as const;
      } catch (error) {
        if (awsErrorOf(error).kind === 'not-found') return 'not_attached' as const;
        throw error;
      }
    },
  });
  if (outcome.outcome === 'SUCCESS') return { ok: true };
  if (outcome.outcome === 'SKIPPED') {
    return {
      ok: false,
      principal: principal.arn,
      code: outcome.reason,
      message: outcomeError(outcome),
      terminal: false,
    };
  }
  const info = awsErrorOf(outcome.error);
  return {
    ok: false,
    principal: principal.arn,
    code: info.code,
    message: info.message,
    terminal: info.kind === 'limit-exceeded',
  };
}

/** Deletes the detached policy; best effort (NoSuchEntity: already gone). */
async function deletePolicy(deps: GuardrailDeps, execution: GuardrailExecution): Promise<boolean> {
  const outcome = await deps.guard.run({
    action: 'iam-delete-policy',
    service: 'aws:iam',
    target: execution.policyArn,
    idempotencyKey: `${execution.id}:delete#${execution.attempts + 1}`,
    classifyFailure: iamFailureClassifier,
    details: { execution_id: execution.id },
    execute: async () => {
      try {
        await deps.iam.deletePolicy(execution.policyArn);
      } catch (error) {
        if (awsErrorOf(error).kind !== 'not-found') throw error;
      }
    },
  });
  if (outcome.outcome !== 'SUCCESS') deps.log(`policy ${execution.policyArn} not deleted: ${outcomeError(outcome)}`);
  return outcome.outcome === 'SUCCESS';
}

/** Every principal detached and confirmed by a re-read; the first failure of each principal kept. */
async function rollBack(deps: GuardrailDeps, execution: GuardrailExecution): Promise<Step[]> {
  const steps: Step[] = [];
  for (const principal of principalsOf(execution)) {
    const detached = await detach(deps, execution, principal);
    if (!detached.ok) {
      steps.push(detached);
      continue;
    }
    const confirmed = await confirmDetached(deps, principal, execution.policyArn);
    steps.push(
      confirmed.confirmed
        ? { ok: true }
        : { ok: false, principal: principal.arn, code: 'NotConfirmed', message: confirmed.error, terminal: false },
    );
  }
  return steps;
}

function alertOf(execution: GuardrailExecution, failure: CleanupError): Notification {
  return {
    fingerprint: `guardrail-cleanup:${execution.id}`,
    kind: 'failure',
    severity: 'critical',
    title: failure.terminal
      ? `Guardrail ${execution.policyId}: rollback gave up (${failure.code})`
      : `Guardrail ${execution.policyId}: rollback failed ${failure.consecutiveFailures} times in a row`,
    lines: [
      `policy ${execution.policyArn}, expired ${execution.ttlExpiresAt}`,
      `last error on ${failure.principal ?? 'the policy'}: ${failure.code}: ${failure.message}`,
      // Why nobody is locked out meanwhile: the deny's own condition stopped holding at the expiry.
      `the deny's DateLessThan ${execution.ttlExpiresAt} condition no longer holds; detach it by hand if the clean-up cannot`,
    ],
    links: [],
  };
}

interface Tally {
  found: number;
  rolledBack: number;
  failed: number;
  deleted: number;
  errors: CleanupError[];
  alerted: string[];
}

async function finishOne(
  deps: GuardrailDeps,
  store: GuardrailExecutionStore,
  owner: string,
  execution: GuardrailExecution,
  tally: Tally,
): Promise<void> {
  let steps: Step[];
  try {
    steps = await rollBack(deps, execution);
  } catch (error) {
    // An unexpected throw is one failed attempt of this execution, not the end of the run.
    steps = [{ ok: false, principal: null, code: 'Error', message: toError(error).message, terminal: false }];
  }
  const failures = steps.filter((s): s is Extract<Step, { ok: false }> => !s.ok);
  const outcome: RollbackOutcome =
    failures.length === 0 ? 'rolled_back' : failures.some((f) => f.terminal) ? 'terminal' : 'failed';
  const first = failures.find((f) => f.terminal) ?? failures[0];
  const error = first ? `${first.principal ?? execution.policyArn}: ${first.code}: ${first.message}` : null;
  if (outcome === 'rolled_back' && (await deletePolicy(deps, execution))) tally.deleted++;
  let after: GuardrailExecution | null = null;
  try {
    after = await store.finishRollback(execution.id, owner, outcome, error, deps.clock.now());
  } catch (e) {
    // The row stays `executed` and leased: the next run after the lease claims it again.
    deps.log(`outcome of ${execution.id} not recorded (${toError(e).message}): it is retried after its lease`);
    if (outcome === 'rolled_back') {
      tally.failed++;
      tally.errors.push({
        executionId: execution.id,
        policyArn: execution.policyArn,
        principal: null,
        code: 'StoreError',
        message: toError(e).message,
        consecutiveFailures: execution.consecutiveFailures,
        terminal: false,
      });
      return;
    }
  }
  if (outcome === 'rolled_back') {
    tally.rolledBack++;
    return;
  }
  tally.failed++;
  const failure: CleanupError = {
    executionId: execution.id,
    policyArn: execution.policyArn,
    principal: first?.principal ?? null,
    code: first?.code ?? 'Error',
    message: first?.message ?? '',
    consecutiveFailures: after?.consecutiveFailures ?? execution.consecutiveFailures + 1,
    terminal: outcome === 'terminal',
  };
  tally.errors.push(failure);
  if (failure.terminal || failure.consecutiveFailures >= ALERT_AFTER_FAILURES) {
    tally.alerted.push(execution.id);
    await deps.notify(alertOf(execution, failure)).catch((e: unknown) => {
      deps.log(`alert for ${execution.id} not sent: ${toError(e).message}`);
    });
  }
}

/**
 * The TTL clean-up: claims expired `executed` executions in batches of 100 (leased, so two runs
 * never work on one), detaches each deny from every principal through the guard, re-reads to
 * confirm (IAM is eventually consistent), deletes the policy, and marks the execution
 * `rolled_back`. Idempotent: only `executed` rows are claimed, so a second run changes nothing.
 * A failure is recorded on its execution (retried by the next run, which is never lost: the row
 * stays `executed` and due) and the run goes on; the third failure in a row alerts;
 * `NoSuchEntity` on a detach is done, `LimitExceeded` is terminal (status `failed`).
 */
export async function cleanupExpiredGuardrails(deps: GuardrailDeps, options: CleanupOptions): Promise<CleanupResult> {
  const store = deps.executions;
  const tally: Tally = { found: 0, rolledBack: 0, failed: 0, deleted: 0, errors: [], alerted: [] };
  if (!store) throw new TypeError('the clean-up needs a store to find executions');
  const limit = options.batchSize ?? CLEANUP_BATCH_SIZE;
  let complete = true;
  for (;;) {
    if (options.hasTime && !options.hasTime()) {
      complete = false;
      break;
    }
    const batch = await store.claimExpiredExecutions({
      now: deps.clock.now(),
      limit,
      leaseMs: options.leaseMs ?? CLEANUP_LEASE_MS,
      owner: options.owner,
    });
    tally.found += batch.length;
    for (const execution of batch) await finishOne(deps, store, options.owner, execution, tally);
    // A failed row keeps its lease until it runs out, so the next claim never returns it again.
    if (batch.length < limit) break;
  }
  return {
    total_found: tally.found,
    rolled_back: tally.rolledBack,
    failed: tally.failed,
    errors: tally.errors,
    alerted: tally.alerted,
    policies_deleted: tally.deleted,
    complete,
  };
}
