import { normaliseAwsError, type AwsErrorInfo } from '@opsguard/aws';
import type { FailureClassifier, GuardOutcome } from '@opsguard/guard';

/** The AWS error inside what the guard returns (it wraps the last error when a deadline stopped it). */
export function awsErrorOf(error: unknown): AwsErrorInfo {
  const info = normaliseAwsError(error);
  if (info.code === 'Error' && error instanceof Error && error.cause !== undefined)
    return normaliseAwsError(error.cause);
  return info;
}

/**
 * IAM errors for the guard: throttling and 5xx are worth another try (the SDK has already tried
 * three times); LimitExceeded is a quota, never transient, though the SDK retries it as
 * throttling; AccessDenied and NoSuchEntity are answers.
 */
export const iamFailureClassifier: FailureClassifier = (error) => {
  const info = awsErrorOf(error);
  if (info.kind === 'limit-exceeded') return { transient: false };
  return { transient: info.kind === 'throttling' || (info.httpStatus ?? 0) >= 500 };
};

/** One line for a guard outcome that did not succeed. */
export function outcomeError(outcome: Exclude<GuardOutcome<unknown>, { outcome: 'SUCCESS' }>): string {
  if (outcome.outcome === 'SKIPPED') return `refused by the guard (${outcome.reason}): ${outcome.message}`;
  const info = awsErrorOf(outcome.error);
  return info.code === 'Error' ? info.message : `${info.code}: ${info.message}`;
}
