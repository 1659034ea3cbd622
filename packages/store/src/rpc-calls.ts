import type { JsonObject, JsonValue } from '@opsguard/core';
import { rowToBreaker, rowToIdempotency, toBreakerState, type JsonRow } from './record-rows.js';
import { asRow, bool, num, optText, text } from './row-values.js';
import type {
  AuditRecord,
  BreakerAdmission,
  BreakerSpec,
  IdempotencyClaim,
  IdempotencyResult,
  KillSwitchChange,
  KpiWindowQuery,
  KpiWindowRow,
  MetricPoint,
  TokenBucketSpec,
  TokenGrant,
} from './store.js';

/**
 * The SQL functions of supabase/migrations and their argument names. Every backend calls them
 * through the builders below (named arguments), and a test checks this table against pg_proc,
 * so the TypeScript cannot drift from the SQL.
 */
export const RPC_ARGS = {
  set_kill_switch: ['p_scope', 'p_target', 'p_active', 'p_reason', 'p_actor', 'p_at'],
  consume_tokens: ['p_buckets', 'p_now'],
  admit_breaker: ['p_target', 'p_open_ms', 'p_now'],
  record_breaker_outcome: ['p_target', 'p_success', 'p_failure_threshold', 'p_success_threshold', 'p_open_ms', 'p_now'],
  claim_idempotency_key: ['p_key', 'p_scope', 'p_owner', 'p_ttl_ms', 'p_now'],
  complete_idempotency_key: ['p_key', 'p_status', 'p_result', 'p_now'],
  release_idempotency_key: ['p_key', 'p_owner'],
  append_audit: [
    'p_id',
    'p_at',
    'p_action',
    'p_service',
    'p_target',
    'p_idempotency_key',
    'p_outcome',
    'p_reason',
    'p_dry_run',
    'p_actor',
    'p_attempts',
    'p_duration_ms',
    'p_details',
  ],
  upsert_runs: ['p_rows'],
  upsert_jobs: ['p_rows'],
  increment_metric: ['p_name', 'p_labels', 'p_value', 'p_at'],
  kpi_window: ['p_repo', 'p_now', 'p_days', 'p_default_branch'],
} as const;

export type RpcName = keyof typeof RPC_ARGS;
type ArgsOf<F extends RpcName> = { readonly [A in (typeof RPC_ARGS)[F][number]]: JsonValue };

export interface RpcCall<F extends RpcName = RpcName> {
  readonly fn: F;
  readonly args: ArgsOf<F>;
}

function call<F extends RpcName>(fn: F, args: ArgsOf<F>): RpcCall<F> {
  return { fn, args };
}

export const setKillSwitchCall = (c: KillSwitchChange) =>
  call('set_kill_switch', {
    p_scope: c.scope,
    p_target: c.target,
    p_active: c.active,
    p_reason: c.reason,
    p_actor: c.actor,
    p_at: c.at.toISOString(),
  });

export const consumeTokensCall = (buckets: readonly TokenBucketSpec[], now: Date) =>
  call('consume_tokens', {
    p_buckets: buckets.map((b) => ({ key: b.key, capacity: b.capacity, refill_per_second: b.refillPerSecond })),
    p_now: now.toISOString(),
  });

export const admitBreakerCall = (spec: BreakerSpec, now: Date) =>
  call('admit_breaker', { p_target: spec.target, p_open_ms: spec.openMs, p_now: now.toISOString() });

export const recordBreakerOutcomeCall = (spec: BreakerSpec, success: boolean, now: Date) =>
  call('record_breaker_outcome', {
    p_target: spec.target,
    p_success: success,
    p_failure_threshold: spec.failureThreshold,
    p_success_threshold: spec.successThreshold,
    p_open_ms: spec.openMs,
    p_now: now.toISOString(),
  });

export const claimIdempotencyKeyCall = (c: IdempotencyClaim) =>
  call('claim_idempotency_key', {
    p_key: c.key,
    p_scope: c.scope,
    p_owner: c.owner,
    p_ttl_ms: c.ttlMs,
    p_now: c.now.toISOString(),
  });

export const completeIdempotencyKeyCall = (
  key: string,
  status: 'completed' | 'failed',
  result: JsonObject,
  now: Date,
) => call('complete_idempotency_key', { p_key: key, p_status: status, p_result: result, p_now: now.toISOString() });

export const releaseIdempotencyKeyCall = (key: string, owner: string) =>
  call('release_idempotency_key', { p_key: key, p_owner: owner });

export const appendAuditCall = (r: AuditRecord) =>
  call('append_audit', {
    p_id: r.id,
    p_at: r.at,
    p_action: r.action,
    p_service: r.service,
    p_target: r.target,
    p_idempotency_key: r.idempotencyKey,
    p_outcome: r.outcome,
    p_reason: r.reason,
    p_dry_run: r.dryRun,
    p_actor: r.actor,
    p_attempts: r.attempts,
    p_duration_ms: r.durationMs,
    p_details: r.details,
  });

export const upsertRunsCall = (rows: readonly JsonRow[]) => call('upsert_runs', { p_rows: [...rows] });
export const upsertJobsCall = (rows: readonly JsonRow[]) => call('upsert_jobs', { p_rows: [...rows] });

export const incrementMetricCall = (p: MetricPoint) =>
  call('increment_metric', { p_name: p.name, p_labels: { ...p.labels }, p_value: p.value, p_at: p.at.toISOString() });

// Results: each function returns jsonb or a scalar, which pg, PGlite and PostgREST all hand
// back as the same JSON shape.

export function parseTokenGrant(value: unknown): TokenGrant {
  const row = asRow(value, 'consume_tokens');
  return {
    allowed: bool(row, 'allowed'),
    deniedKey: optText(row, 'denied_key'),
    retryAfterMs: num(row, 'retry_after_ms'),
  };
}

export function parseBreakerAdmission(value: unknown): BreakerAdmission {
  const row = asRow(value, 'admit_breaker');
  return {
    allowed: bool(row, 'allowed'),
    state: toBreakerState(text(row, 'state')),
    retryAfterMs: num(row, 'retry_after_ms'),
  };
}

export const parseBreakerSnapshot = rowToBreaker;

export function parseIdempotencyResult(value: unknown): IdempotencyResult {
  const row = asRow(value, 'claim_idempotency_key');
  const existing = row['existing'];
  return {
    claimed: bool(row, 'claimed'),
    existing: existing === null || existing === undefined ? null : rowToIdempotency(existing),
  };
}

export function parseBoolean(value: unknown, what: string): boolean {
  if (typeof value === 'boolean') return value;
  throw new TypeError(`store: ${what} returned ${JSON.stringify(value) ?? typeof value}, expected a boolean`);
}

export function parseCount(value: unknown, what: string): number {
  const n = typeof value === 'number' ? value : typeof value === 'string' ? Number(value) : NaN;
  if (Number.isInteger(n)) return n;
  throw new TypeError(`store: ${what} returned ${JSON.stringify(value) ?? typeof value}, expected a count`);
}

export const kpiWindowCall = (q: KpiWindowQuery) =>
  call('kpi_window', { p_repo: q.repo, p_now: q.now.toISOString(), p_days: q.days, p_default_branch: q.defaultBranch });

const optNumber = (v: unknown): number | null => (v === null || v === undefined ? null : Number(v));

/** A `kpi_window` row (numeric columns may arrive as strings from PostgREST or pg). */
export function parseKpiWindowRow(value: unknown): KpiWindowRow {
  const r = asRow(value, 'kpi_window');
  const causes = r['failures_by_cause'];
  const byCause: Record<string, number> = {};
  if (causes && typeof causes === 'object') for (const [k, n] of Object.entries(causes)) byCause[k] = Number(n);
  return {
    workflowName: optText(r, 'workflow_name'),
    runs: Number(r['runs'] ?? 0),
    attempts: Number(r['attempts'] ?? 0),
    successRateByRun: optNumber(r['success_rate_by_run']),
    successRateByAttempt: optNumber(r['success_rate_by_attempt']),
    meanRetryCount: optNumber(r['mean_retry_count']),
    durationMeanMs: optNumber(r['duration_mean_ms']),
    durationP50Ms: optNumber(r['duration_p50_ms']),
    durationP95Ms: optNumber(r['duration_p95_ms']),
    queueP50Ms: optNumber(r['queue_p50_ms']),
    queueP95Ms: optNumber(r['queue_p95_ms']),
    mttrMs: optNumber(r['mttr_ms']),
    incidents: Number(r['incidents'] ?? 0),
    autoRecoveryRate: optNumber(r['auto_recovery_rate']),
    autoReruns: Number(r['auto_reruns'] ?? 0),
    failuresByCause: byCause,
  };
}
