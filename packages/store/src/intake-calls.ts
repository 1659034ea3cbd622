import type { JsonObject, JsonValue } from '@opsguard/core';
import type { KpiApiQuery } from './api-reader.js';
import type {
  ApiKeyRecord,
  CleanupCounts,
  IntakeAcceptRequest,
  IntakeClaim,
  IntakeClaimRequest,
  IntakeFinish,
  IntakeFinishRequest,
  StoredApiKey,
} from './intake-store.js';
import { asRow, iso, num, optIso, optJsonObject, optText, text } from './row-values.js';

/**
 * The intake's SQL functions and their argument names, like RPC_ARGS for the core store: both
 * SQL backends and Supabase call them with these names, and a test checks them against pg_proc.
 */
export const INTAKE_RPC_ARGS = {
  claim_intake_key: [
    'p_source',
    'p_key',
    'p_payload_sha256',
    'p_ttl_ms',
    'p_lease_ms',
    'p_actor',
    'p_details',
    'p_now',
  ],
  accept_intake_event: [
    'p_source',
    'p_key',
    'p_payload_sha256',
    'p_ttl_ms',
    'p_actor',
    'p_details',
    'p_result',
    'p_now',
  ],
  accept_intake_batch: ['p_events'],
  finish_intake_key: ['p_source', 'p_key', 'p_attempt', 'p_status', 'p_result', 'p_actor', 'p_now'],
  cleanup_expired_state: ['p_now', 'p_bucket_idle_ms'],
  api_kpi: ['p_repo', 'p_workflow', 'p_until', 'p_days', 'p_branch'],
} as const;

export type IntakeRpcName = keyof typeof INTAKE_RPC_ARGS;
type ArgsOf<F extends IntakeRpcName> = { readonly [A in (typeof INTAKE_RPC_ARGS)[F][number]]: JsonValue };

export interface IntakeRpcCall<F extends IntakeRpcName = IntakeRpcName> {
  readonly fn: F;
  readonly args: ArgsOf<F>;
}

function intakeCall<F extends IntakeRpcName>(fn: F, args: ArgsOf<F>): IntakeRpcCall<F> {
  return { fn, args };
}

export const claimIntakeKeyCall = (r: IntakeClaimRequest) =>
  intakeCall('claim_intake_key', {
    p_source: r.source,
    p_key: r.key,
    p_payload_sha256: r.payloadSha256,
    p_ttl_ms: r.ttlMs,
    p_lease_ms: r.leaseMs,
    p_actor: r.actor,
    p_details: r.details,
    p_now: r.now.toISOString(),
  });

export const acceptIntakeEventCall = (r: IntakeAcceptRequest) =>
  intakeCall('accept_intake_event', {
    p_source: r.source,
    p_key: r.key,
    p_payload_sha256: r.payloadSha256,
    p_ttl_ms: r.ttlMs,
    p_actor: r.actor,
    p_details: r.details,
    p_result: r.result,
    p_now: r.now.toISOString(),
  });

/** Many accepts in one call (one transaction); each element is one accept_intake_event. */
export const acceptIntakeBatchCall = (requests: readonly IntakeAcceptRequest[]) =>
  intakeCall('accept_intake_batch', {
    p_events: requests.map((r) => ({
      source: r.source,
      key: r.key,
      payload_sha256: r.payloadSha256,
      ttl_ms: r.ttlMs,
      actor: r.actor,
      details: r.details,
      result: r.result,
      now: r.now.toISOString(),
    })),
  });

/**
 * accept_intake_batch's answers, one per request in order. A claim is answered
 * `[audit_id, attempt]` (the rest is the request's own: its time, payload hash and TTL); any
 * other outcome with the object claim_intake_key gives.
 */
export function parseIntakeBatch(value: unknown, requests: readonly IntakeAcceptRequest[]): IntakeClaim[] {
  if (!Array.isArray(value) || value.length !== requests.length) {
    throw new TypeError(`store: accept_intake_batch returned no array of ${requests.length} answers`);
  }
  return value.map((answer: unknown, i) => {
    if (!Array.isArray(answer)) return parseIntakeClaim(answer, 'accept_intake_batch');
    const request = requests[i] as IntakeAcceptRequest;
    const [auditId, attempt] = answer as unknown[];
    if (typeof auditId !== 'string' || typeof attempt !== 'number' || answer.length !== 2) {
      throw new TypeError('store: accept_intake_batch answered a claim that is not [audit_id, attempt]');
    }
    return {
      outcome: 'claimed',
      auditId,
      attempt,
      receivedAt: request.now.toISOString(),
      payloadSha256: request.payloadSha256,
      expiresAt: new Date(request.now.getTime() + request.ttlMs).toISOString(),
    };
  });
}

export const finishIntakeKeyCall = (r: IntakeFinishRequest) =>
  intakeCall('finish_intake_key', {
    p_source: r.source,
    p_key: r.key,
    p_attempt: r.attempt,
    p_status: r.status,
    p_result: r.result,
    p_actor: r.actor,
    p_now: r.now.toISOString(),
  });

export const cleanupCall = (now: Date, bucketIdleMs: number) =>
  intakeCall('cleanup_expired_state', {
    p_now: now.toISOString(),
    p_bucket_idle_ms: Math.max(0, Math.floor(bucketIdleMs)),
  });

export const apiKpiCall = (q: KpiApiQuery) =>
  intakeCall('api_kpi', {
    p_repo: q.repository ?? null,
    p_workflow: q.workflow ?? null,
    p_until: q.until.toISOString(),
    p_days: q.days,
    p_branch: q.branch,
  });

export function parseIntakeClaim(value: unknown, fn = 'claim_intake_key'): IntakeClaim {
  const row = asRow(value, fn);
  const base = {
    auditId: text(row, 'audit_id'),
    receivedAt: iso(row, 'received_at'),
    attempt: num(row, 'attempt'),
    payloadSha256: text(row, 'payload_sha256'),
    expiresAt: iso(row, 'expires_at'),
  };
  const outcome = text(row, 'outcome');
  switch (outcome) {
    case 'claimed':
    case 'mismatch':
      return { ...base, outcome };
    case 'duplicate':
      return { ...base, outcome, result: optJsonObject(row, 'result') };
    case 'processing':
      return { ...base, outcome, leaseExpiresAt: optIso(row, 'lease_expires_at') };
    default:
      throw new TypeError(`store: ${fn} returned unknown outcome ${outcome}`);
  }
}

export function parseIntakeFinish(value: unknown): IntakeFinish {
  const row = asRow(value, 'finish_intake_key');
  return { finished: row['finished'] === true, auditId: optText(row, 'audit_id') };
}

export function parseCleanupCounts(value: unknown): CleanupCounts {
  const row = asRow(value, 'cleanup_expired_state');
  return {
    intakeKeys: num(row, 'intake_keys'),
    otherKeys: num(row, 'other_keys'),
    tokenBuckets: num(row, 'token_buckets'),
  };
}

export function apiKeyToRow(key: StoredApiKey): JsonObject {
  return {
    id: key.id,
    name: key.name,
    role: key.role,
    key_sha256: key.keySha256,
    created_at: key.createdAt,
    created_by: key.createdBy,
    revoked_at: key.revokedAt,
  };
}

export function rowToApiKey(value: unknown): StoredApiKey {
  const row = asRow(value, 'api key');
  const role = text(row, 'role');
  if (role !== 'reader' && role !== 'writer') throw new TypeError(`store row: api key role ${role} is unknown`);
  return {
    id: text(row, 'id'),
    name: text(row, 'name'),
    role,
    keySha256: text(row, 'key_sha256'),
    createdAt: iso(row, 'created_at'),
    createdBy: text(row, 'created_by'),
    revokedAt: optIso(row, 'revoked_at'),
  };
}

export function publicApiKey(key: StoredApiKey): ApiKeyRecord {
  const { keySha256: _hash, ...record } = key;
  return record;
}
