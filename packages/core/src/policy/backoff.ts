/** Exponential backoff with jitter; randomness injected so tests are exact. */
export interface BackoffPolicy {
  readonly baseMs: number;
  readonly factor: number;
  readonly maxMs: number;
  /** 0 = none; 0.5 = "equal jitter" (delay/2 + random·delay/2); 1 = full jitter. */
  readonly jitter: number;
}

/** The specification's retry defaults: 1 s doubling to 30 s, jitter factor 0.1. */
export const DEFAULT_BACKOFF: BackoffPolicy = { baseMs: 1_000, factor: 2, maxMs: 30_000, jitter: 0.1 };

/** Delay before retry number `retry` (0-based: the first retry is 0). */
export function backoffDelay(policy: BackoffPolicy, retry: number, random: () => number): number {
  const raw = Math.min(policy.maxMs, policy.baseMs * policy.factor ** Math.max(0, retry));
  const jitter = Math.min(1, Math.max(0, policy.jitter));
  const r = Math.min(1, Math.max(0, random()));
  return Math.round(raw * (1 - jitter) + raw * jitter * r);
}
