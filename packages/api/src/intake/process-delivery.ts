import { randomUUID } from 'node:crypto';
import { toError, type JsonObject, type JsonValue } from '@opsguard/core';
import { isStoreUnavailableError, type IntakeClaim, type IntakeStore } from '@opsguard/store';
import { header, verifyDelivery, type HeaderBag } from '@opsguard/webhook-signature';
import { sha256Hex } from '../api-key.js';
import { problem, type Problem, type ProblemKind } from '../problem.js';
import type { InFlight, InFlightEntry } from './in-flight.js';
import { localResult, type IntakeExecutor, type IntakeSource } from './intake-types.js';

export interface IntakeDeps {
  readonly intake: IntakeStore;
  readonly sources: ReadonlyMap<string, IntakeSource>;
  readonly execute: IntakeExecutor;
  readonly inFlight: InFlight;
  readonly now: () => Date;
  readonly sleep: (ms: number) => Promise<void>;
  readonly actor: string;
  readonly log: (line: string) => void;
}

export interface Delivery {
  readonly source: string;
  readonly headers: HeaderBag;
  readonly body: Buffer;
  /** Where it came from, for the audit of a refusal. */
  readonly remote: string;
}

/** What the route sends back: a JSON body (202) or a problem, plus headers. */
export interface IntakeAnswer {
  readonly status: number;
  readonly body: JsonObject | Problem;
  readonly headers: Readonly<Record<string, string>>;
}

const MAX_KEY_LENGTH = 255;

const answer = (status: number, body: JsonObject | Problem, headers: Record<string, string> = {}): IntakeAnswer => ({
  status,
  body,
  headers,
});

/**
 * A refused delivery: one audit record (best effort: a refusal must be answered even when the
 * store is down), nothing else stored or executed.
 */
export async function refuse(
  deps: Pick<IntakeDeps, 'intake' | 'now' | 'actor' | 'log'>,
  delivery: Pick<Delivery, 'source' | 'headers' | 'remote'>,
  known: boolean,
  kind: ProblemKind,
  reason: string,
  detail: string,
  headers: Record<string, string> = {},
): Promise<IntakeAnswer> {
  const body = problem(kind, detail, { reason });
  const key = header(delivery.headers, 'idempotency-key') ?? header(delivery.headers, 'webhook-id');
  try {
    await deps.intake.recordRefusal({
      id: `intake-refusal-${randomUUID()}`,
      // An unknown source's name is the sender's text: it goes to details, shortened, not to the service.
      source: known ? delivery.source : '(unknown)',
      key: key === null ? null : key.slice(0, MAX_KEY_LENGTH),
      reason,
      status: body.status,
      actor: deps.actor,
      details: { remote: delivery.remote, ...(known ? {} : { source: delivery.source.slice(0, 100) }) },
      now: deps.now(),
    });
  } catch (error) {
    deps.log(`refusal of a ${delivery.source} delivery (${reason}) not audited: ${toError(error).message}`);
  }
  return answer(body.status, body, headers);
}

function duplicateAnswer(claim: IntakeClaim): IntakeAnswer {
  return answer(202, {
    accepted: true,
    payload_sha256: claim.payloadSha256,
    reference: { audit_id: claim.auditId, received_at: claim.receivedAt, type: 'duplicate' },
  });
}

function storeDown(error: unknown): IntakeAnswer {
  const body = problem('store-unavailable', `the store cannot be reached: ${toError(error).message}`);
  return answer(503, body, { 'retry-after': '5' });
}

type Claimed = Extract<IntakeClaim, { outcome: 'claimed' }>;

async function processClaimed(
  deps: IntakeDeps,
  source: IntakeSource,
  key: string,
  claim: Claimed,
  payload: JsonValue,
): Promise<IntakeAnswer> {
  const fullKey = `${source.name}:${key}`;
  const outcome = await deps.inFlight.run(fullKey, claim, async () => {
    const result = await deps
      .execute({
        source,
        key,
        attempt: claim.attempt,
        auditId: claim.auditId,
        payloadSha256: claim.payloadSha256,
        payload,
      })
      .catch((error: unknown) => ({ status: 'failed' as const, error: toError(error).message, result: {} }));
    const stored: JsonObject = result.status === 'failed' ? { ...result.result, error: result.error } : result.result;
    await deps.intake.finishIntakeKey({
      source: source.name,
      key,
      attempt: claim.attempt,
      status: result.status,
      result: stored,
      actor: deps.actor,
      now: deps.now(),
    });
    return result;
  });
  if (outcome.status === 'failed') {
    const body = problem('action-failed', `the event was accepted but its action failed: ${outcome.error}`, {
      audit_id: claim.auditId,
      retryable: true,
    });
    return answer(502, body);
  }
  return acceptedAnswer(claim, outcome.result);
}

function acceptedAnswer(claim: Claimed, result: JsonObject): IntakeAnswer {
  return answer(202, {
    accepted: true,
    payload_sha256: claim.payloadSha256,
    audit_id: claim.auditId,
    attempt: claim.attempt,
    result,
  });
}

/** Waits (bounded) for this process's own holder of the key, then answers like it did. */
async function awaitLocalHolder(deps: IntakeDeps, source: IntakeSource, holder: InFlightEntry): Promise<IntakeAnswer> {
  const status = await Promise.race([
    holder.settled,
    deps.sleep(source.waitForInFlightMs).then(() => 'waiting' as const),
  ]);
  if (status === 'done') return duplicateAnswer(holder.claim);
  if (status === 'failed') {
    const body = problem('action-failed', 'the first delivery of this key failed; deliver it again to retry', {
      audit_id: holder.claim.auditId,
      retryable: true,
    });
    return answer(502, body);
  }
  return conflictAnswer({ ...holder.claim, leaseExpiresAt: null }, deps.now());
}

/**
 * A delivery whose key another holder is processing: wait for it (this process's own holder:
 * its promise; another server's: claim again with backoff, which also takes over an abandoned
 * lease), up to the source's wait, then 409.
 */
async function awaitHolder(
  deps: IntakeDeps,
  source: IntakeSource,
  key: string,
  claimAgain: () => Promise<IntakeClaim>,
  first: IntakeClaim,
): Promise<IntakeAnswer | IntakeClaim> {
  const local = deps.inFlight.get(`${source.name}:${key}`);
  if (local && local.claim.payloadSha256 === first.payloadSha256) return awaitLocalHolder(deps, source, local);
  const deadline = deps.now().getTime() + source.waitForInFlightMs;
  let delay = 25;
  let claim = first;
  while (claim.outcome === 'processing' && deps.now().getTime() < deadline) {
    await deps.sleep(Math.min(delay, Math.max(1, deadline - deps.now().getTime())));
    delay = Math.min(delay * 2, 500);
    claim = await claimAgain();
  }
  return claim;
}

function conflictAnswer(
  claim: Pick<Extract<IntakeClaim, { outcome: 'processing' }>, 'auditId' | 'receivedAt' | 'leaseExpiresAt'>,
  now: Date,
): IntakeAnswer {
  const leaseLeft = claim.leaseExpiresAt ? Date.parse(claim.leaseExpiresAt) - now.getTime() : 1000;
  const body = problem('conflict', 'a delivery with this idempotency key is still being processed', {
    reference: { audit_id: claim.auditId, received_at: claim.receivedAt, type: 'in_progress' },
  });
  return answer(409, body, { 'retry-after': String(Math.max(1, Math.ceil(Math.min(leaseLeft, 60_000) / 1000))) });
}

/**
 * One delivery to POST /api/v1/hooks/:source, framework-free: source → size → signature → key
 * → JSON → atomic claim → action (through the injected executor) → settle the key; a local
 * action (`record`) is claimed and settled in one SQL call instead. Refusals
 * store nothing but their audit record; a store that is down is a 503 with nothing half-written
 * (claim and acceptance audit are one SQL call).
 */
export async function processDelivery(deps: IntakeDeps, delivery: Delivery): Promise<IntakeAnswer> {
  const source = deps.sources.get(delivery.source);
  if (!source)
    return refuse(
      deps,
      delivery,
      false,
      'not-found',
      'unknown_source',
      `no intake source "${delivery.source.slice(0, 100)}"`,
    );
  if (delivery.body.length > source.maxBodyBytes) {
    return refuse(
      deps,
      delivery,
      true,
      'payload-too-large',
      'too_large',
      `the body is over ${source.maxBodyBytes} bytes`,
    );
  }
  const now = deps.now();
  const verified = verifyDelivery({
    headers: delivery.headers,
    body: delivery.body,
    secrets: source.secrets,
    styles: source.styles,
    toleranceMs: source.toleranceMs,
    now,
  });
  if (!verified.ok) {
    const kind: ProblemKind = verified.status === 400 ? 'bad-request' : 'unauthorized';
    return refuse(deps, delivery, true, kind, verified.reason, verified.message);
  }
  const key = header(delivery.headers, 'idempotency-key') ?? verified.id;
  if (key === null) {
    return refuse(
      deps,
      delivery,
      true,
      'bad-request',
      'missing_id',
      'send an Idempotency-Key (or webhook-id / X-GitHub-Delivery) header',
    );
  }
  if (key.length > MAX_KEY_LENGTH || !/^[\x21-\x7e]+$/.test(key)) {
    return refuse(
      deps,
      delivery,
      true,
      'bad-request',
      'malformed_key',
      `the idempotency key must be 1-${MAX_KEY_LENGTH} visible ASCII characters`,
    );
  }
  let payload: JsonValue;
  try {
    payload = JSON.parse(delivery.body.toString('utf8')) as JsonValue;
  } catch {
    return refuse(deps, delivery, true, 'bad-request', 'malformed_json', 'the body is not valid JSON');
  }
  const payloadSha256 = sha256Hex(delivery.body);
  // This process holds the key for the same payload: no need to ask the store.
  const holder = deps.inFlight.get(`${source.name}:${key}`);
  if (holder && holder.claim.payloadSha256 === payloadSha256) return awaitLocalHolder(deps, source, holder);
  const request = {
    source: source.name,
    key,
    payloadSha256,
    ttlMs: source.ttlMs,
    actor: deps.actor,
    details: { style: verified.style, remote: delivery.remote, bytes: delivery.body.length },
  };
  // A local action settles in the claim's own transaction (one commit); one that calls out
  // needs its claim durable before the call, then settles with a second.
  const local = localResult(source.action);
  const claimAgain = local
    ? () => deps.intake.acceptIntakeEvent({ ...request, result: local, now: deps.now() })
    : () => deps.intake.claimIntakeKey({ ...request, leaseMs: source.leaseMs, now: deps.now() });
  try {
    let claim = await claimAgain();
    if (claim.outcome === 'processing') {
      const waited = await awaitHolder(deps, source, key, claimAgain, claim);
      if (!('outcome' in waited)) return waited;
      claim = waited;
    }
    switch (claim.outcome) {
      case 'claimed':
        return local ? acceptedAnswer(claim, local) : await processClaimed(deps, source, key, claim, payload);
      case 'duplicate':
        return duplicateAnswer(claim);
      case 'processing':
        return conflictAnswer(claim, deps.now());
      case 'mismatch':
        return refuse(
          deps,
          delivery,
          true,
          'idempotency-key-reused',
          'idempotency_key_reused',
          `the key "${key}" was first used with another payload (sha256 ${claim.payloadSha256})`,
        );
    }
  } catch (error) {
    if (isStoreUnavailableError(error)) return storeDown(error);
    throw error;
  }
}
