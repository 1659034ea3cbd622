import { backoffDelay, toError, type BackoffPolicy } from '@opsguard/core';
import type { GuardBudget } from './guard-types.js';
import type { FailureClassifier } from './transient.js';

export type RetryRun<T> =
  | { readonly ok: true; readonly value: T; readonly attempts: number }
  | {
      readonly ok: false;
      readonly error: Error;
      readonly attempts: number;
      readonly mayHaveActed: boolean;
      /** Set when a retry was due but its wait would have passed the job's deadline. */
      readonly deadline: string | null;
    };

export interface RetryOptions {
  readonly maxRetries: number;
  readonly backoff: BackoffPolicy;
  readonly classify: FailureClassifier;
  readonly random: () => number;
  readonly sleep: (ms: number, signal?: AbortSignal) => Promise<void>;
  readonly signal: AbortSignal;
  readonly budget?: GuardBudget | undefined;
  readonly onRetry?: (attempt: number, delayMs: number, error: Error) => void;
}

/**
 * Runs `work`, retrying transient failures only, waiting the longer of backoff and retry-after,
 * and never waiting past the job's deadline: a wait that does not fit ends the call as a failure
 * that says so.
 */
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
      const failed = { ok: false as const, error, attempts: attempt, mayHaveActed: verdict.mayHaveActed === true };
      const retriesUsed = attempt - 1;
      if (!verdict.transient || retriesUsed >= options.maxRetries || options.signal.aborted) {
        return { ...failed, deadline: null };
      }
      const delay = Math.max(backoffDelay(options.backoff, retriesUsed, options.random), verdict.retryAfterMs ?? 0);
      if (options.budget && !options.budget.allows(delay)) {
        const left = Math.floor(options.budget.spendableMs() / 1000);
        return {
          ...failed,
          deadline: `retry in ${Math.ceil(delay / 1000)} s would pass the job's deadline (${left} s left)`,
        };
      }
      options.onRetry?.(attempt, delay, error);
      await options.sleep(delay, options.signal);
      if (options.signal.aborted) return { ...failed, deadline: null };
    }
  }
}
