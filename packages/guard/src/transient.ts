/** What the guard needs to know about a failure to decide whether to try again. */
export interface FailureVerdict {
  readonly transient: boolean;
  /** A wait the remote side asked for (retry-after), used instead of the backoff when longer. */
  readonly retryAfterMs?: number;
}

export type FailureClassifier = (error: unknown) => FailureVerdict;

/** Default: only errors that say so (`transient: true`) are retried. */
export const defaultFailureClassifier: FailureClassifier = (error) => {
  if (error !== null && typeof error === 'object' && 'transient' in error) {
    return { transient: (error as { transient: unknown }).transient === true };
  }
  return { transient: false };
};
