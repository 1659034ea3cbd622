import rateLimit, { type FastifyRateLimitStore, type FastifyRateLimitStoreCtor } from '@fastify/rate-limit';
import type { Store } from '@opsguard/store';
import type { FastifyInstance } from 'fastify';
import { ProblemError } from './problem.js';

export interface RateLimitSettings {
  /** Requests per minute per API key (also the burst: the bucket's capacity). */
  readonly perMinute: number;
}

/**
 * @fastify/rate-limit's store contract over the store's token bucket (consume_tokens): the
 * bucket lives in the database, so the limit holds across every `opsguard serve` process on
 * one store. The plugin keeps what it is good at (per-route hooks, key generation, Retry-After,
 * the 429); a refusal is reported as one over `max`, with the bucket's own wait as its ttl.
 */
function tokenBucketStore(store: Store, now: () => Date): FastifyRateLimitStoreCtor {
  class TokenBucketStore implements FastifyRateLimitStore {
    incr(
      key: string,
      callback: (error: Error | null, result?: { current: number; ttl: number }) => void,
      timeWindow: number,
      max: number,
    ): void {
      store
        .consumeTokens([{ key: `api-key:${key}`, capacity: max, refillPerSecond: (max * 1000) / timeWindow }], now())
        .then(
          (grant) =>
            callback(null, grant.allowed ? { current: 1, ttl: 0 } : { current: max + 1, ttl: grant.retryAfterMs }),
          (error: unknown) => callback(error instanceof Error ? error : new Error(String(error))),
        );
    }

    child(): FastifyRateLimitStore {
      return this;
    }
  }
  return TokenBucketStore;
}

/** Registers the plugin for routes that opt in with `config: { rateLimit: {} }`. */
export async function registerRateLimit(
  app: FastifyInstance,
  store: Store,
  now: () => Date,
  settings: RateLimitSettings,
): Promise<void> {
  await app.register(rateLimit, {
    global: false,
    hook: 'preHandler',
    max: settings.perMinute,
    timeWindow: 60_000,
    store: tokenBucketStore(store, now),
    keyGenerator: (request) => request.apiKey?.id ?? 'anonymous',
    // Only Retry-After: the bucket does not report how many tokens are left.
    addHeaders: {
      'x-ratelimit-limit': true,
      'x-ratelimit-remaining': false,
      'x-ratelimit-reset': false,
      'retry-after': true,
    },
    addHeadersOnExceeding: { 'x-ratelimit-limit': false, 'x-ratelimit-remaining': false, 'x-ratelimit-reset': false },
    errorResponseBuilder: (_request, context) =>
      new ProblemError(
        'rate-limited',
        `over ${context.max} requests per minute for this API key; retry in ${context.after}`,
      ),
  });
}
