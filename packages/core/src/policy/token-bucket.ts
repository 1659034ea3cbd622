/**
 * Token-bucket arithmetic, the reference the SQL function `consume tokens` implements atomically.
 * A new bucket starts full; tokens refill continuously at `refillPerSecond` up to `capacity`.
 */
export interface BucketLimit {
  readonly capacity: number;
  readonly refillPerSecond: number;
}

export interface BucketState {
  readonly tokens: number;
  readonly updatedAtMs: number;
}

export interface BucketDecision {
  readonly allowed: boolean;
  readonly state: BucketState;
  /** 0 when allowed; otherwise when the next token will be there. */
  readonly retryAfterMs: number;
}

export function refillBucket(state: BucketState | null, limit: BucketLimit, nowMs: number): BucketState {
  if (state === null) return { tokens: limit.capacity, updatedAtMs: nowMs };
  // A clock that went backwards must not mint tokens nor take them away.
  const elapsedMs = Math.max(0, nowMs - state.updatedAtMs);
  const tokens = Math.min(limit.capacity, state.tokens + (elapsedMs / 1000) * limit.refillPerSecond);
  return { tokens, updatedAtMs: Math.max(nowMs, state.updatedAtMs) };
}

export function consumeToken(state: BucketState | null, limit: BucketLimit, nowMs: number, cost = 1): BucketDecision {
  const refilled = refillBucket(state, limit, nowMs);
  if (refilled.tokens >= cost) {
    return { allowed: true, state: { ...refilled, tokens: refilled.tokens - cost }, retryAfterMs: 0 };
  }
  const missing = cost - refilled.tokens;
  const retryAfterMs = limit.refillPerSecond > 0 ? Math.ceil((missing / limit.refillPerSecond) * 1000) : Infinity;
  return { allowed: false, state: refilled, retryAfterMs };
}

/** "50/min" style limits as bucket parameters. */
export function perMinute(count: number): BucketLimit {
  return { capacity: count, refillPerSecond: count / 60 };
}
