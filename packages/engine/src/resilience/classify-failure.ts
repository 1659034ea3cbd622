import { isGitHubApiError, retryVerdictOf } from '@opsguard/github';
import { defaultFailureClassifier, type FailureClassifier } from '@opsguard/guard';

/**
 * The guard's one classifier: GitHub errors by the GitHub client's own reading (rate limits,
 * 5xx, "already running", a POST that may have acted), everything else by what it says of
 * itself (the Slack channel marks 429 and 5xx transient).
 */
export function guardClassifier(now: () => Date, alreadyRunningWaitMs: number): FailureClassifier {
  return (error) =>
    isGitHubApiError(error)
      ? retryVerdictOf(error, { nowMs: now().getTime(), alreadyRunningWaitMs })
      : defaultFailureClassifier(error);
}
