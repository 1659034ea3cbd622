import type { Octokit } from '@octokit/core';
import { classifyGitHubError, SECONDARY_RATE_LIMIT_FALLBACK_MS } from './classify-error.js';
import type { GitHubLogger } from './client-types.js';
import { toGitHubApiError } from './errors.js';
import { mayResendBlindly } from './idempotency.js';
import { routeKey } from './request-counter.js';

export interface RateLimitPolicy {
  readonly maxRetries: number;
  /** Longest wait worth taking; a later reset fails now with a `rate_limit` error instead. */
  readonly maxWaitMs: number;
  readonly sleep: (ms: number) => Promise<void>;
  readonly now: () => number;
  readonly log: GitHubLogger;
}

/**
 * The outermost request hook. Two decisions plugin-retry and plugin-throttling cannot make:
 *
 * 1. THE NO-BLIND-RESEND RULE. A POST or PATCH (create an issue or a comment, re-run, dispatch,
 *    cancel) that failed with a 5xx or a 408, or whose answer never arrived, may have been acted
 *    on: sending it again could open a second issue or start a second attempt. Such requests go
 *    down with `retries: 0`, so plugin-retry leaves them alone and the caller sees the failure
 *    (a GitHubApiError with `reachedGitHub` telling the two cases apart) and decides — for
 *    example by reading the run's `run_attempt` again before deciding to re-run it.
 * 2. Rate limits, for every method: a rate-limited request (403/429 judged by headers and
 *    message) was refused before GitHub acted, so it is re-sent after the wait GitHub asked for
 *    (`retry-after`, `x-ratelimit-reset` + 1 s, else ≥ 60 s), at most `maxRetries` times and only
 *    when the wait is within `maxWaitMs`; otherwise it fails at once with a `rate_limit` error
 *    saying how long GitHub asked to wait. One classifier covers every 403/429 shape, and the
 *    injected sleep lets tests assert the wait without taking it.
 */
export function rateLimitPolicyPlugin(policy: RateLimitPolicy) {
  return (octokit: Octokit): void => {
    octokit.hook.wrap('request', async (request, options) => {
      const route = routeKey(options.method, options.url);
      const blindResend = mayResendBlindly(options.method);
      for (let attempt = 0; ; attempt += 1) {
        // before-after-hook binds every inner hook to this very `options` object (whatever is
        // passed to `request(...)` is ignored), so the settings must be written into it. A fresh
        // `request` object per attempt: the defaults' one may be shared between calls, and
        // plugin-retry writes its retry count into it.
        options.request = blindResend
          ? { ...options.request, retryCount: 0 }
          : { ...options.request, retries: 0, retryCount: 0 };
        try {
          return await request(options);
        } catch (error) {
          const nowMs = policy.now();
          const verdict = classifyGitHubError(error, { nowMs });
          if (verdict.kind !== 'rate_limit') throw error;
          const waitMs = verdict.retryAfterMs ?? SECONDARY_RATE_LIMIT_FALLBACK_MS;
          if (attempt >= policy.maxRetries) {
            const detail = `still rate-limited after ${attempt + 1} attempts`;
            policy.log.warn(`GitHub rate limit on ${route}: ${detail}`);
            throw toGitHubApiError(error, route, nowMs, detail);
          }
          if (waitMs > policy.maxWaitMs) {
            const detail = `GitHub asks to wait ${seconds(waitMs)} s, longer than the ${seconds(policy.maxWaitMs)} s allowed (maxRateLimitWaitMs)`;
            policy.log.warn(`GitHub rate limit on ${route}: ${detail}`);
            throw toGitHubApiError(error, route, nowMs, detail);
          }
          policy.log.warn(
            `GitHub rate limit on ${route} (${verdict.status ?? 'no status'}): waiting ${seconds(waitMs)} s, then retry ${attempt + 1}/${policy.maxRetries}`,
          );
          await policy.sleep(waitMs);
        }
      }
    });
  };
}

function seconds(ms: number): number {
  return Math.ceil(ms / 1000);
}
