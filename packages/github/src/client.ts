import type { Octokit } from '@octokit/core';
import { ConfigurationError } from '@opsguard/core';
import type { GitHubLogger, GitHubRequester, GitHubResponse, RequestCounts, RequestParams } from './client-types.js';
import { toGitHubApiError } from './errors.js';
import { countRequestsPlugin, RequestCounter } from './request-counter.js';
import { sanitizeCollectedText } from './collected-text.js';
import { malformedResponsePlugin } from './malformed-response.js';
import { rateLimitPolicyPlugin } from './retry-policy.js';

export interface GitHubClientOptions {
  /** GITHUB_TOKEN, a PAT or an App installation token. Never logged, never kept on errors. */
  readonly token: string;
  /** API root; defaults to `GITHUB_API_URL` (set on GHES runners), then https://api.github.com. */
  readonly baseUrl?: string;
  /** Retries per request for transient failures, and separately for rate limits. Default 3. */
  readonly maxRetries?: number;
  /**
   * plugin-retry's wait unit: transient failures wait 1, 4, 9 … × this many ms. Default 1000;
   * tests pass 0.
   */
  readonly retryBaseMs?: number;
  /** How a rate-limit wait is spent. Default: a real timer. Tests inject a recorder. */
  readonly sleep?: (ms: number) => Promise<void>;
  /** Clock for `x-ratelimit-reset`. Default Date.now. */
  readonly now?: () => number;
  /** Longest rate-limit wait worth taking before failing with a `rate_limit` error. Default 15 min. */
  readonly maxRateLimitWaitMs?: number;
  /**
   * plugin-throttling's pacing (writes ≥ 1 s apart, bounded concurrency), which keeps bursts of
   * re-runs under the secondary limits. Default true; tests turn it off to never wait.
   */
  readonly paceRequests?: boolean;
  readonly logger?: GitHubLogger;
  readonly userAgent?: string;
  /**
   * The fetch every request goes through, API and log downloads alike: the caller's, with its
   * connect and response timeouts (engine's boundedFetch). Default: Octokit's own.
   */
  readonly fetch?: typeof globalThis.fetch;
  /**
   * Masks secrets in the free text of what is read (run titles, commit messages, job and step
   * names, annotations) before any caller sees it: the one choke point for collected text.
   */
  readonly sanitize?: (text: string) => string;
  /** The web host for run and job URLs (GITHUB_SERVER_URL on GHES); default from the API URL. */
  readonly serverUrl?: string;
  /** Where `GITHUB_API_URL` is read from. Default process.env. */
  readonly env?: Readonly<Record<string, string | undefined>>;
}

export interface GitHubClient extends GitHubRequester {
  readonly baseUrl: string;
  /** Where people open runs: https://github.com, or the GHES host (GITHUB_SERVER_URL). */
  readonly serverUrl: string;
  /** Snapshot of the requests sent so far (retries included). */
  requests(): RequestCounts;
  resetRequests(): void;
  /** Escape hatch for endpoints without a helper; its requests are counted and retried the same way. */
  readonly octokit: Octokit;
}

export const DEFAULT_API_URL = 'https://api.github.com';
const DEFAULTS = { maxRetries: 3, retryBaseMs: 1000, maxRateLimitWaitMs: 15 * 60_000 } as const;

const quietLogger: GitHubLogger = {
  debug: () => undefined,
  warn: (message) => console.warn(message),
};

/**
 * Builds the Octokit every capability talks to GitHub through. Octokit and its plugins are
 * imported here, not at module load, so a bundle that never calls GitHub does not pay for them.
 */
export async function createGitHubClient(options: GitHubClientOptions): Promise<GitHubClient> {
  const settings = resolveSettings(options);
  const [{ getOctokit }, { retry }, { throttling }] = await Promise.all([
    import('@actions/github'),
    import('@octokit/plugin-retry'),
    import('@octokit/plugin-throttling'),
  ]);
  const counter = new RequestCounter();
  const log = options.logger ?? quietLogger;
  const now = options.now ?? Date.now;
  const sanitize = options.sanitize;

  // Plugin order is hook order, innermost first: count each attempt → retry transient failures
  // of idempotent requests → pace → rate-limit policy (and the no-blind-resend rule for POST and
  // PATCH, see retry-policy.ts) outermost.
  const octokit = getOctokit(
    options.token,
    {
      baseUrl: settings.baseUrl,
      ...(options.userAgent === undefined ? {} : { userAgent: options.userAgent }),
      ...(options.fetch === undefined ? {} : { request: { fetch: options.fetch } }),
      log: {
        debug: (message: string) => log.debug(message),
        info: (message: string) => log.debug(message),
        warn: (message: string) => log.warn(message),
        error: (message: string) => log.warn(message),
      },
      retry: {
        retries: settings.maxRetries,
        retryAfterBaseValue: settings.retryBaseMs,
        // 403 and 429 are the rate-limit policy's to judge by headers and message; the rest are
        // answers that will not change (451: unavailable for legal reasons).
        doNotRetry: [400, 401, 403, 404, 409, 410, 422, 429, 451],
      },
      throttle: {
        enabled: settings.paceRequests,
        // Pacing only: waiting on a rate limit is rateLimitPolicyPlugin's job, with one classifier.
        onRateLimit: () => false,
        onSecondaryRateLimit: () => false,
      },
    },
    countRequestsPlugin(counter),
    malformedResponsePlugin(settings.maxRetries),
    retry,
    throttling,
    rateLimitPolicyPlugin({
      maxRetries: settings.maxRetries,
      maxWaitMs: settings.maxRateLimitWaitMs,
      sleep: options.sleep ?? realSleep,
      now,
      log,
    }),
  );

  return {
    baseUrl: settings.baseUrl,
    serverUrl: options.serverUrl ?? serverUrlOf(settings.baseUrl, options.env ?? process.env),
    octokit,
    fetch: options.fetch ?? globalThis.fetch.bind(globalThis),
    requests: () => counter.snapshot(),
    resetRequests: () => counter.reset(),
    async request<T>(route: string, params: RequestParams = {}): Promise<GitHubResponse<T>> {
      try {
        const response = await octokit.request(route, params);
        const data: unknown =
          sanitize !== undefined && route.startsWith('GET ')
            ? sanitizeCollectedText(route, response.data, sanitize)
            : response.data;
        return { status: response.status, data: data as T, headers: response.headers };
      } catch (error) {
        throw toGitHubApiError(error, route, now());
      }
    },
  };
}

interface Settings {
  readonly baseUrl: string;
  readonly maxRetries: number;
  readonly retryBaseMs: number;
  readonly maxRateLimitWaitMs: number;
  readonly paceRequests: boolean;
}

function resolveSettings(options: GitHubClientOptions): Settings {
  if (typeof options.token !== 'string' || options.token.trim() === '') {
    throw new ConfigurationError('GitHub token is empty: pass `token` (for example secrets.GITHUB_TOKEN)');
  }
  const env = options.env ?? process.env;
  const rawUrl = options.baseUrl ?? (env['GITHUB_API_URL'] || DEFAULT_API_URL);
  return {
    baseUrl: parseBaseUrl(rawUrl),
    maxRetries: nonNegativeInteger('maxRetries', options.maxRetries ?? DEFAULTS.maxRetries),
    retryBaseMs: nonNegativeInteger('retryBaseMs', options.retryBaseMs ?? DEFAULTS.retryBaseMs),
    maxRateLimitWaitMs: nonNegativeInteger(
      'maxRateLimitWaitMs',
      options.maxRateLimitWaitMs ?? DEFAULTS.maxRateLimitWaitMs,
    ),
    paceRequests: options.paceRequests ?? true,
  };
}

function parseBaseUrl(raw: string): string {
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    throw new ConfigurationError(
      `GitHub API URL must be an http(s) URL such as https://ghe.example.com/api/v3, got ${JSON.stringify(raw)}`,
    );
  }
  if (url.protocol !== 'https:' && url.protocol !== 'http:') {
    throw new ConfigurationError(`GitHub API URL must use https, got ${JSON.stringify(raw)}`);
  }
  return url.toString().replace(/\/+$/, '');
}

function nonNegativeInteger(field: string, value: number): number {
  if (!Number.isInteger(value) || value < 0) {
    throw new ConfigurationError(`${field} must be a whole number ≥ 0, got ${String(value)}`);
  }
  return value;
}

function realSleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

/**
 * The web host behind an API URL: GITHUB_SERVER_URL when the runner sets it, github.com for
 * api.github.com, and the host of a GHES `https://host/api/v3`.
 */
export function serverUrlOf(apiUrl: string, env: Readonly<Record<string, string | undefined>>): string {
  const fromEnv = env['GITHUB_SERVER_URL']?.trim();
  if (fromEnv) return fromEnv.replace(/\/+$/, '');
  const url = new URL(apiUrl);
  if (url.hostname === 'api.github.com') return 'https://github.com';
  if (url.hostname.startsWith('api.')) return `${url.protocol}//${url.hostname.slice(4)}`;
  return `${url.protocol}//${url.host}`;
}
