import { classifyGitHubError, isAlreadyRunning, isRetryableKind } from './classify-error.js';

/** What a retrying caller (the guard) needs to know about a failed GitHub call. */
export interface GitHubRetryVerdict {
  readonly transient: boolean;
  /** The wait GitHub asked for, or the wait a still-running run needs. */
  readonly retryAfterMs?: number;
  /** Sent, and GitHub may have acted on it: never re-sent blindly (the state is read first). */
  readonly mayHaveActed?: boolean;
}

export interface RetryVerdictOptions {
  readonly nowMs: number;
  /** How long to wait when a re-run is refused because a job of the run is still going. */
  readonly alreadyRunningWaitMs: number;
}

/**
 * The one reading of a GitHub error for retries, used by the client's own policies' callers, the
 * engine and the guard alike: rate limits and transient failures are worth another try after
 * the wait GitHub asked for; "already running" clears when the last job ends; a POST that may
 * have acted is not re-sent; everything else is final.
 */
export function retryVerdictOf(error: unknown, options: RetryVerdictOptions): GitHubRetryVerdict {
  if (isAlreadyRunning(error)) return { transient: true, retryAfterMs: options.alreadyRunningWaitMs };
  const verdict = classifyGitHubError(error, { nowMs: options.nowMs });
  if (verdict.mayHaveActed) return { transient: false, mayHaveActed: true };
  return {
    transient: isRetryableKind(verdict.kind),
    ...(verdict.retryAfterMs === undefined ? {} : { retryAfterMs: verdict.retryAfterMs }),
  };
}
