import { DEFAULT_BACKOFF, DEFAULT_CIRCUIT, type BackoffPolicy, type CircuitConfig } from '@opsguard/core';

/** Per-minute limits for the three token buckets every guarded call draws from. */
export interface RateLimits {
  readonly globalPerMinute: number;
  readonly servicePerMinute: number;
  readonly actionPerMinute: number;
}

export interface GuardPolicy {
  readonly rateLimits: RateLimits;
  readonly circuit: CircuitConfig;
  /** Retries after the first try, transient errors only. */
  readonly maxRetries: number;
  readonly backoff: BackoffPolicy;
}

export const DEFAULT_GUARD_POLICY: GuardPolicy = {
  rateLimits: { globalPerMinute: 50, servicePerMinute: 10, actionPerMinute: 5 },
  circuit: DEFAULT_CIRCUIT,
  maxRetries: 3,
  backoff: DEFAULT_BACKOFF,
};
