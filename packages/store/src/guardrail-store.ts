import type { JsonObject, JsonValue } from '@opsguard/core';
import { asRow, iso, jsonObject, num, optIso, optText, stringArray, text } from './row-values.js';

/**
 * Guardrail executions (`public.guardrail_executions`): the IAM denies OpsGuard applied and where
 * each stands. A capability of its own, beside the core Store (the store-less backend has no
 * way to keep them). Every change is one SQL function, so Supabase (`rpc`), a Postgres server and
 * PGlite behave the same under concurrent runs. Times are passed in, never read here.
 */
export type GuardrailExecutionStatus = 'executed' | 'rolled_back' | 'failed';

export interface GuardrailPrincipalRecord {
  readonly arn: string;
  readonly kind: 'role' | 'user' | 'group';
  readonly name: string;
}

export interface NewGuardrailExecution {
  /** Deterministic: from the plan hash and the policy id (see the engine). */
  readonly id: string;
  readonly planHash: string;
  readonly policyId: string;
  readonly mode: 'manual' | 'auto';
  readonly accountId: string;
  readonly budgetName: string;
  readonly principals: readonly GuardrailPrincipalRecord[];
  readonly denyActions: readonly string[];
  readonly policyArn: string;
  /** The document as it is sent to IAM, expiry included. */
  readonly policyDocument: JsonObject;
  readonly executedBy: string;
  readonly executedAt: Date;
  readonly ttlExpiresAt: Date;
}

export interface GuardrailExecution {
  readonly id: string;
  readonly planHash: string;
  readonly policyId: string;
  readonly mode: 'manual' | 'auto';
  readonly accountId: string;
  readonly budgetName: string;
  readonly principals: readonly GuardrailPrincipalRecord[];
  readonly denyActions: readonly string[];
  readonly policyArn: string;
  readonly policyDocument: JsonObject;
  readonly status: GuardrailExecutionStatus;
  readonly executedBy: string;
  /** UTC ISO-8601. */
  readonly executedAt: string;
  readonly ttlExpiresAt: string;
  /** Clean-up attempts made on it. */
  readonly attempts: number;
  /** Clean-up attempts that failed in a row since the last success (reset on success). */
  readonly consecutiveFailures: number;
  readonly lastError: string | null;
  readonly rolledBackAt: string | null;
  readonly updatedAt: string;
}

export interface RecordedExecution {
  /** False when the same id was recorded before: `execution` is that earlier row. */
  readonly inserted: boolean;
  readonly execution: GuardrailExecution;
}

export interface ExecutionClaim {
  readonly now: Date;
  /** At most 1000; the clean-up works in batches of 100. */
  readonly limit: number;
  /** How long the rows stay this run's; a failed row is not picked again before then. */
  readonly leaseMs: number;
  /** Who claims (the run), so only the holder can finish. */
  readonly owner: string;
}

/** rolled_back: done; failed: try again later; terminal: give up (status `failed`). */
export type RollbackOutcome = 'rolled_back' | 'failed' | 'terminal';

export interface ExecutionFilter {
  readonly status?: GuardrailExecutionStatus;
  readonly planHash?: string;
  readonly limit?: number;
}

export interface GuardrailExecutionStore {
  /** Written before the first IAM call; idempotent on `id`. */
  recordExecution(execution: NewGuardrailExecution, now: Date): Promise<RecordedExecution>;
  /**
   * The apply failed. `expireNow: false` marks it `failed` (nothing of it is left in IAM);
   * `expireNow: true` keeps it `executed` and due at once, for a deny left half applied.
   * Null when the row is not `executed` (already handled).
   */
  failExecution(id: string, error: string, expireNow: boolean, now: Date): Promise<GuardrailExecution | null>;
  /** Expired `executed` rows no other run holds, oldest expiry first, leased to `owner`. */
  claimExpiredExecutions(claim: ExecutionClaim): Promise<GuardrailExecution[]>;
  /** Records one clean-up attempt; null when the row was no longer `executed` or is another's. */
  finishRollback(
    id: string,
    owner: string,
    outcome: RollbackOutcome,
    error: string | null,
    now: Date,
  ): Promise<GuardrailExecution | null>;
  getExecution(id: string): Promise<GuardrailExecution | null>;
  /** Oldest execution first. */
  listExecutions(filter?: ExecutionFilter): Promise<GuardrailExecution[]>;
}

/** The SQL functions of the guardrail migration and their argument names (checked against pg_proc). */
export const GUARDRAIL_RPC_ARGS = {
  record_guardrail_execution: ['p_execution', 'p_now'],
  fail_guardrail_execution: ['p_id', 'p_error', 'p_expire_now', 'p_now'],
  claim_expired_guardrail_executions: ['p_now', 'p_limit', 'p_lease_ms', 'p_owner'],
  finish_guardrail_rollback: ['p_id', 'p_owner', 'p_outcome', 'p_error', 'p_now'],
} as const;

export type GuardrailRpcName = keyof typeof GUARDRAIL_RPC_ARGS;

export interface GuardrailRpcCall<F extends GuardrailRpcName = GuardrailRpcName> {
  readonly fn: F;
  readonly args: { readonly [A in (typeof GUARDRAIL_RPC_ARGS)[F][number]]: JsonValue };
}

function guardrailCall<F extends GuardrailRpcName>(fn: F, args: GuardrailRpcCall<F>['args']): GuardrailRpcCall<F> {
  return { fn, args };
}

export const recordExecutionCall = (e: NewGuardrailExecution, now: Date) =>
  guardrailCall('record_guardrail_execution', {
    p_execution: {
      id: e.id,
      plan_hash: e.planHash,
      policy_id: e.policyId,
      mode: e.mode,
      account_id: e.accountId,
      budget_name: e.budgetName,
      principals: e.principals.map((p) => ({ arn: p.arn, kind: p.kind, name: p.name })),
      deny_actions: [...e.denyActions],
      policy_arn: e.policyArn,
      policy_document: e.policyDocument,
      executed_by: e.executedBy,
      executed_at: e.executedAt.toISOString(),
      ttl_expires_at: e.ttlExpiresAt.toISOString(),
    },
    p_now: now.toISOString(),
  });

export const failExecutionCall = (id: string, error: string, expireNow: boolean, now: Date) =>
  guardrailCall('fail_guardrail_execution', {
    p_id: id,
    p_error: error,
    p_expire_now: expireNow,
    p_now: now.toISOString(),
  });

export const claimExpiredCall = (c: ExecutionClaim) =>
  guardrailCall('claim_expired_guardrail_executions', {
    p_now: c.now.toISOString(),
    p_limit: c.limit,
    p_lease_ms: Math.max(0, Math.round(c.leaseMs)),
    p_owner: c.owner,
  });

export const finishRollbackCall = (
  id: string,
  owner: string,
  outcome: RollbackOutcome,
  error: string | null,
  now: Date,
) =>
  guardrailCall('finish_guardrail_rollback', {
    p_id: id,
    p_owner: owner,
    p_outcome: outcome,
    p_error: error,
    p_now: now.toISOString(),
  });

const STATUSES: readonly GuardrailExecutionStatus[] = ['executed', 'rolled_back', 'failed'];

function principalsOf(value: unknown): GuardrailPrincipalRecord[] {
  const list: unknown = typeof value === 'string' ? JSON.parse(value) : value;
  if (!Array.isArray(list)) throw new TypeError('store row: column principals should be a json array');
  return list.map((entry: unknown) => {
    const row = asRow(entry, 'principals');
    const kind = text(row, 'kind');
    if (kind !== 'role' && kind !== 'user' && kind !== 'group') {
      throw new TypeError(`store row: principal kind should be role, user or group, got ${kind}`);
    }
    return { arn: text(row, 'arn'), kind, name: text(row, 'name') };
  });
}

/** A row (or the jsonb the functions return) as a GuardrailExecution; every field checked. */
export function rowToExecution(value: unknown): GuardrailExecution {
  const row = asRow(value, 'guardrail_executions');
  const status = text(row, 'status') as GuardrailExecutionStatus;
  if (!STATUSES.includes(status)) throw new TypeError(`store row: unknown guardrail status ${status}`);
  const mode = text(row, 'mode');
  if (mode !== 'manual' && mode !== 'auto') throw new TypeError(`store row: unknown guardrail mode ${mode}`);
  return {
    id: text(row, 'id'),
    planHash: text(row, 'plan_hash'),
    policyId: text(row, 'policy_id'),
    mode,
    accountId: text(row, 'account_id'),
    budgetName: text(row, 'budget_name'),
    principals: principalsOf(row['principals']),
    denyActions: stringArray(row, 'deny_actions'),
    policyArn: text(row, 'policy_arn'),
    policyDocument: jsonObject(row, 'policy_document'),
    status,
    executedBy: text(row, 'executed_by'),
    executedAt: iso(row, 'executed_at'),
    ttlExpiresAt: iso(row, 'ttl_expires_at'),
    attempts: num(row, 'attempts'),
    consecutiveFailures: num(row, 'consecutive_failures'),
    lastError: optText(row, 'last_error'),
    rolledBackAt: optIso(row, 'rolled_back_at'),
    updatedAt: iso(row, 'updated_at'),
  };
}

export function parseRecordedExecution(value: unknown): RecordedExecution {
  const row = asRow(value, 'record_guardrail_execution');
  if (typeof row['inserted'] !== 'boolean') throw new TypeError('record_guardrail_execution: no inserted flag');
  return { inserted: row['inserted'], execution: rowToExecution(row['execution']) };
}

export function parseExecutionList(value: unknown, what: string): GuardrailExecution[] {
  const list: unknown = typeof value === 'string' ? JSON.parse(value) : value;
  if (!Array.isArray(list)) throw new TypeError(`store: ${what} returned ${typeof list}, expected a list`);
  return list.map(rowToExecution);
}

export function parseOptionalExecution(value: unknown): GuardrailExecution | null {
  return value === null || value === undefined ? null : rowToExecution(value);
}
