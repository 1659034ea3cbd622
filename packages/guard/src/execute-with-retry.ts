import { backoffDelay, toError, type BackoffPolicy } from '@opsguard/core';
import type { FailureClassifier } from './transient.js';

export interface RetryRun<T> {
  readonly ok: boolean;
  readonly value?: T;
  readonly error?: Error;
  readonly attempts: number;
}

export interface RetryOptions {
  readonly maxRetries: number;
  readonly backoff: BackoffPolicy;
  readonly classify: FailureClassifier;
  readonly random: () => number;
  readonly sleep: (ms: number, signal?: AbortSignal) => Promise<void>;
  readonly signal: AbortSignal;
  readonly onRetry?: (attempt: number, delayMs: number, error: Error) => void;
}

/** Runs `work`, retrying transient failures only, waiting the longer of backoff and retry-after. */
export async function executeWithRetry<T>(
  work: (signal: AbortSignal) => Promise<T>,
  options: RetryOptions,
): Promise<RetryRun<T>> {
  for (let attempt = 1; ; attempt++) {
    try {
      return { ok: true, value: await work(options.signal), attempts: attempt };
    } catch (thrown) {
      const error = toError(thrown);
      const verdict = options.classify(thrown);
      const retriesUsed = attempt - 1;
      if (!verdict.transient || retriesUsed >= options.maxRetries || options.signal.aborted) {
        return { ok: false, error, attempts: attempt };
      }
      const delay = Math.max(backoffDelay(options.backoff, retriesUsed, options.random), verdict.retryAfterMs ?? 0);
      options.onRetry?.(attempt, delay, error);
      await options.sleep(delay, options.signal);
      if (options.signal.aborted) return { ok: false, error, attempts: attempt };
    }
  }
}
