import type { JsonObject } from '@opsguard/core';

/**
 * The signed intake's state (supabase/migrations/20261202004100_intake_and_api_keys.sql): an
 * idempotency key per delivery with a processing state and the payload's hash, claimed and
 * settled by SQL functions, so concurrent deliveries on any number of servers agree.
 */
export type IntakeKeyState = 'processing' | 'done' | 'failed';

export interface IntakeClaimRequest {
  readonly source: string;
  /** The delivery's key (`Idempotency-Key`, else `webhook-id`), unprefixed. */
  readonly key: string;
  readonly payloadSha256: string;
  readonly ttlMs: number;
  /** How long a claim may stay `processing` before another delivery may take it over. */
  readonly leaseMs: number;
  readonly actor: string;
  /** Added to the acceptance audit record (never the payload itself). */
  readonly details: JsonObject;
  readonly now: Date;
}

/**
 * A delivery whose action is local and synchronous (`record`): claim, settle `done` with
 * `result` and both audit records in one transaction (accept_intake_event).
 */
export interface IntakeAcceptRequest extends Omit<IntakeClaimRequest, 'leaseMs'> {
  readonly result: JsonObject;
}

interface ClaimBase {
  /** The acceptance audit record of the delivery that holds (or held) the key. */
  readonly auditId: string;
  /** When that delivery was received (UTC ISO-8601). */
  readonly receivedAt: string;
  readonly attempt: number;
  readonly payloadSha256: string;
  readonly expiresAt: string;
}

export type IntakeClaim =
  | (ClaimBase & { readonly outcome: 'claimed' })
  | (ClaimBase & { readonly outcome: 'duplicate'; readonly result: JsonObject | null })
  | (ClaimBase & { readonly outcome: 'processing'; readonly leaseExpiresAt: string | null })
  | (ClaimBase & { readonly outcome: 'mismatch' });

export interface IntakeFinishRequest {
  readonly source: string;
  readonly key: string;
  /** The claim's attempt: a holder whose lease was taken over cannot settle the new claim. */
  readonly attempt: number;
  readonly status: 'done' | 'failed';
  readonly result: JsonObject;
  readonly actor: string;
  readonly now: Date;
}

export interface IntakeFinish {
  readonly finished: boolean;
  readonly auditId: string | null;
}

/** A refused delivery: only this audit record is written for it. */
export interface IntakeRefusal {
  readonly id: string;
  readonly source: string;
  readonly key: string | null;
  /** Machine-readable: `bad_signature`, `missing_signature`, `stale_timestamp`, … */
  readonly reason: string;
  readonly status: number;
  readonly actor: string;
  readonly details: JsonObject;
  readonly now: Date;
}

export interface CleanupCounts {
  readonly intakeKeys: number;
  readonly otherKeys: number;
  readonly tokenBuckets: number;
}

export interface IntakeStore {
  claimIntakeKey(request: IntakeClaimRequest): Promise<IntakeClaim>;
  /** claimIntakeKey and finishIntakeKey(done) in one transaction; `claimed` means already done. */
  acceptIntakeEvent(request: IntakeAcceptRequest): Promise<IntakeClaim>;
  finishIntakeKey(request: IntakeFinishRequest): Promise<IntakeFinish>;
  recordRefusal(refusal: IntakeRefusal): Promise<void>;
  /** Deletes expired idempotency keys and full token buckets idle for `bucketIdleMs`. */
  cleanupExpired(now: Date, bucketIdleMs: number): Promise<CleanupCounts>;
}

export type ApiKeyRole = 'reader' | 'writer';

export interface ApiKeyRecord {
  /** The key's public part (12 characters); the key is `og_<id>_<secret>`. */
  readonly id: string;
  readonly name: string;
  readonly role: ApiKeyRole;
  readonly createdAt: string;
  readonly createdBy: string;
  readonly revokedAt: string | null;
}

export interface StoredApiKey extends ApiKeyRecord {
  /** SHA-256 (hex) of the whole key; the key itself is never stored. */
  readonly keySha256: string;
}

export interface ApiKeyStore {
  insertApiKey(key: StoredApiKey): Promise<void>;
  /** Oldest first, revoked ones included. */
  listApiKeys(): Promise<ApiKeyRecord[]>;
  /** False when there is no such key or it was already revoked. */
  revokeApiKey(id: string, now: Date): Promise<boolean>;
  findApiKey(id: string): Promise<StoredApiKey | null>;
}
