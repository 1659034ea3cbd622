import type { RetryPolicy } from '@opsguard/config';
import { compileRetryPolicy, diagnoseJobs, retryProfileOf, type RetryLimits } from '@opsguard/core';
import type { Diagnose } from './diagnose-run.js';

export interface RetryOverrides {
  readonly maxAttempts?: number | undefined;
  readonly shadow?: boolean | undefined;
  /** A retry profile by name (a key of the policy's `profiles`) instead of the policy's own. */
  readonly profile?: string | undefined;
}

/** The policy file's bounds as the pure decision reads them; inputs override the file. */
export function retryLimitsOf(policy: RetryPolicy, overrides: RetryOverrides): RetryLimits {
  const [first = 5, second = first * 2] = policy.backoffSeconds;
  const maxAttemptsByCause: Record<string, number> = {};
  for (const [cause, rule] of Object.entries(policy.causes)) {
    if (rule.maxAttempts !== undefined) maxAttemptsByCause[cause] = rule.maxAttempts;
  }
  return {
    maxAttempts: overrides.maxAttempts ?? policy.maxAttempts,
    maxAttemptsByCause,
    // A policy without backoff ([0]) doubles nothing: factor 1, never 0/0.
    backoff: {
      baseMs: first * 1000,
      factor: first > 0 ? second / first : 1,
      maxMs: policy.maxBackoffSeconds * 1000,
      jitter: 0,
    },
    workflows: { allow: policy.allow.workflows, deny: policy.deny.workflows },
    branches: { allow: policy.allow.branches, deny: policy.deny.branches },
    shadow: overrides.shadow ?? false,
    profile: retryProfileOf(policy, overrides.profile ?? policy.profile),
  };
}

/** The pure classifier over what the engine fetched: plain shapes in, a verdict out. */
export function diagnoseWith(policy: RetryPolicy): Diagnose {
  const compiled = compileRetryPolicy(policy);
  return (jobs) =>
    diagnoseJobs(
      compiled,
      jobs.map(({ job, annotations, logTail }) => ({
        name: job.name,
        conclusion: job.conclusion ?? null,
        steps: (job.steps ?? []).map((s) => ({ name: s.name, conclusion: s.conclusion ?? null })),
        annotations: annotations.map((a) => ({
          message: a.message ?? '',
          title: a.title ?? null,
          annotationLevel: a.annotation_level ?? null,
        })),
        logTail,
      })),
    );
}
