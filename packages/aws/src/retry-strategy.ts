// A retry strategy for the SDK clients whose waits go through an injected sleep, so tests of
// throttling and 5xx retries never wait for real. Real runs keep the SDK's standard strategy.

/** What the SDK's retry middleware passes on a failed attempt (structurally @smithy/types' RetryErrorInfo). */
interface RetryErrorInfo {
  readonly errorType: string;
}

interface RetryToken {
  getRetryCount(): number;
  getRetryDelay(): number;
}

export interface SleepingRetryOptions {
  /** Attempts in all, the first included (≥ 1). */
  readonly maxAttempts: number;
  readonly sleep: (ms: number) => Promise<void>;
  /** Delay before retry n (1-based); default 100 ms × 2^(n−1). */
  readonly delayMs?: (retry: number) => number;
}

const RETRYABLE = new Set(['THROTTLING', 'TRANSIENT', 'SERVER_ERROR']);

const tokenOf = (count: number): RetryToken => ({ getRetryCount: () => count, getRetryDelay: () => 0 });

/** A RetryStrategyV2 (acquire / refresh / recordSuccess) that sleeps through `options.sleep`. */
export function sleepingRetryStrategy(options: SleepingRetryOptions): {
  acquireInitialRetryToken(scope: string): Promise<RetryToken>;
  refreshRetryTokenForRetry(token: RetryToken, error: RetryErrorInfo): Promise<RetryToken>;
  recordSuccess(token: RetryToken): void;
} {
  if (!Number.isInteger(options.maxAttempts) || options.maxAttempts < 1)
    throw new RangeError(`maxAttempts must be a whole number ≥ 1, got ${options.maxAttempts}`);
  const delayMs = options.delayMs ?? ((retry: number) => 100 * 2 ** (retry - 1));
  return {
    acquireInitialRetryToken: () => Promise.resolve(tokenOf(0)),
    async refreshRetryTokenForRetry(token, error) {
      const next = token.getRetryCount() + 1;
      if (!RETRYABLE.has(error.errorType) || next >= options.maxAttempts)
        throw new Error(`no retry left (${error.errorType})`);
      await options.sleep(delayMs(next));
      return tokenOf(next);
    },
    recordSuccess: () => undefined,
  };
}
