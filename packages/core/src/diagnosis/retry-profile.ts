import { ConfigurationError } from '../errors.js';
import type { RetryFamily, RetryPolicy } from './retry-policy-types.js';

/**
 * Retry profiles, as the mature CI systems scope automatic retries (GitLab's closed `retry:when`
 * reasons, Jenkins' typed failure classes): `conservative` re-runs only the loss of a runner and
 * GitHub's own infrastructure; `infra` (the default) adds network, registry and rate-limit failures.
 */
export const BUILTIN_RETRY_PROFILES: Readonly<Record<string, readonly RetryFamily[]>> = {
  conservative: ['runner', 'infrastructure'],
  infra: ['runner', 'infrastructure', 'network', 'registry', 'rate-limit'],
};

export const DEFAULT_RETRY_PROFILE = 'infra';

export interface RetryProfile {
  readonly name: string;
  readonly families: readonly RetryFamily[];
  /** The transient causes this profile re-runs, by name. */
  readonly causes: readonly string[];
}

/** The profile `name` (default: the policy's own) resolved against the policy's causes. */
export function retryProfileOf(
  policy: Pick<RetryPolicy, 'causes' | 'profile' | 'profiles'>,
  name: string = policy.profile ?? DEFAULT_RETRY_PROFILE,
): RetryProfile {
  const profiles = policy.profiles ?? BUILTIN_RETRY_PROFILES;
  const families = profiles[name];
  if (families === undefined) {
    throw new ConfigurationError(
      `retry profile "${name}" is not defined: expected one of ${Object.keys(profiles)
        .map((p) => `"${p}"`)
        .join(', ')}`,
    );
  }
  const causes = Object.entries(policy.causes)
    // A transient cause without a family (a user's own, unscoped) is re-run under every profile.
    .filter(([, rule]) => rule.transient && (rule.family === undefined || families.includes(rule.family)))
    .map(([cause]) => cause);
  return { name, families, causes };
}
