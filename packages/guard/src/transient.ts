/** What the guard needs to know about a failure to decide whether to try again. */
export interface FailureVerdict {
  readonly transient: boolean;
  /** A wait the remote side asked for (retry-after), used instead of the backoff when longer. */
  readonly retryAfterMs?: number;
  /** Sent, and the remote side may have acted on it: not retried, reported as such. */
  readonly mayHaveActed?: boolean;
}

export type FailureClassifier = (error: unknown) => FailureVerdict;

/**
 * For errors that say what they are (`transient`, `retryAfterMs`, like the Slack channel's);
 * the composition root gives the guard the GitHub-aware classifier that falls back to this.
 */
export const defaultFailureClassifier: FailureClassifier = (error) => {
  if (error === null || typeof error !== 'object' || !('transient' in error)) return { transient: false };
  const { transient, retryAfterMs } = error as { transient: unknown; retryAfterMs?: unknown };
  return {
    transient: transient === true,
    ...(typeof retryAfterMs === 'number' && retryAfterMs >= 0 ? { retryAfterMs } : {}),
  };
};
