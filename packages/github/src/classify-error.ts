import { mayResendBlindly } from './idempotency.js';

/**
 * What a failed GitHub call means for the caller: retry it, wait, or give up and say why.
 * Pure: the clock comes in as `nowMs`, so a primary-limit wait is exact in tests.
 *
 * A 403 is judged by headers and message, never by status alone (DESIGN.md "Facts"): a rate-limit
 * 403 is worth waiting for, "Resource not accessible by integration" never is.
 */
export type GitHubErrorKind =
  | 'rate_limit'
  | 'transient'
  | 'permission'
  | 'not_found'
  | 'validation'
  | 'auth'
  | 'conflict'
  /** An answer that could not be parsed, still after the re-asks (malformed-response.ts). */
  | 'malformed'
  | 'fatal';

export interface GitHubErrorClassification {
  readonly kind: GitHubErrorKind;
  /** HTTP status, when GitHub answered (a network failure has none). */
  readonly status?: number;
  /** How long GitHub asked us to wait, when it said so (or the ≥ 60 s secondary-limit floor). */
  readonly retryAfterMs?: number;
  /** Epoch ms when the primary rate limit resets (`x-ratelimit-reset`). */
  readonly resetAtMs?: number;
  /**
   * A POST or PATCH that failed with a 5xx or a 408, or never got an answer: GitHub may have
   * acted on it. Transient, yet not to be re-sent blindly — check the state first (for a re-run:
   * read the run's `run_attempt` again). Absent when GitHub certainly did not act.
   */
  readonly mayHaveActed?: true;
}

export interface ClassifyOptions {
  /** Current time (epoch ms), used to turn `x-ratelimit-reset` into a wait. */
  readonly nowMs?: number;
}

/** GitHub's documented fallback: with no header, wait at least a minute on a secondary limit. */
export const SECONDARY_RATE_LIMIT_FALLBACK_MS = 60_000;

interface ErrorFacts {
  readonly status: number | undefined;
  readonly message: string;
  readonly headers: Readonly<Record<string, string>>;
  /** False when the request never reached GitHub (Octokit then reports status 500, no response). */
  readonly reachedGitHub: boolean;
  /** HTTP method, when the error says (Octokit's `request.method`, GitHubApiError's route). */
  readonly method: string | undefined;
}

export function classifyGitHubError(error: unknown, options: ClassifyOptions = {}): GitHubErrorClassification {
  const stored = storedClassification(error);
  if (stored) return stored;
  const facts = readErrorFacts(error);
  const verdict = classifyFacts(error, facts, options);
  const unsafe = verdict.kind === 'transient' && facts.method !== undefined && !mayResendBlindly(facts.method);
  return unsafe ? { ...verdict, mayHaveActed: true } : verdict;
}

function classifyFacts(error: unknown, facts: ErrorFacts, options: ClassifyOptions): GitHubErrorClassification {
  const { status } = facts;
  if (error instanceof Error && error.name === 'MalformedResponseError') {
    return { kind: 'malformed', ...(status === undefined ? {} : { status }) };
  }
  if (status === undefined) return { kind: looksLikeNetworkError(error) ? 'transient' : 'fatal' };
  if (!facts.reachedGitHub) return { kind: 'transient', status };
  if (status === 401) return { kind: 'auth', status };
  if (status === 403 || status === 429) {
    // The message first: a refusal that names its reason is final whatever headers come with it
    // (a 403 near the end of the hourly budget still carries `x-ratelimit-remaining: 0`).
    if (status === 403 && NOT_ACCESSIBLE.test(facts.message)) return { kind: 'permission', status };
    if (ALREADY_RUNNING.test(facts.message)) return { kind: 'conflict', status };
    if (CANNOT_BE_RETRIED.test(facts.message)) return { kind: 'validation', status };
    const limited = rateLimitWait(facts, options.nowMs);
    if (limited) return { kind: 'rate_limit', status, ...limited };
    if (status === 429) return { kind: 'rate_limit', status, retryAfterMs: SECONDARY_RATE_LIMIT_FALLBACK_MS };
    return { kind: 'permission', status };
  }
  if (status === 404 || status === 410) return { kind: 'not_found', status };
  if (status === 400 || status === 422) return { kind: 'validation', status };
  if (status === 409) return { kind: 'conflict', status };
  if (status === 408 || status >= 500) return { kind: 'transient', status };
  return { kind: 'fatal', status };
}

/** Whether waiting and sending the same request again can succeed. */
export function isRetryableKind(kind: GitHubErrorKind): boolean {
  return kind === 'rate_limit' || kind === 'transient';
}

const ALREADY_RUNNING = /already running/i;
// GitHub's words when the token lacks a permission (GITHUB_TOKEN: the workflow's `permissions:`).
const NOT_ACCESSIBLE =
  /resource not accessible by (?:integration|personal access token)|must have (?:admin|push) (?:rights|access)/i;
// GitHub refuses re-runs of runs older than 30 days, and of runs past 50 attempts.
const CANNOT_BE_RETRIED =
  /cannot be (?:retried|re-?run)|over a month ago|older than 30 days|maximum number of (?:re-?runs|attempts)/i;

/** 403 "This workflow is already running": a job of the run is still going; try after it ends. */
export function isAlreadyRunning(error: unknown): boolean {
  const { status, message } = readErrorFacts(error);
  return (status === 403 || status === 409) && ALREADY_RUNNING.test(message);
}

/**
 * 403 "Resource not accessible by integration": the token lacks a permission. Never worth a retry;
 * report it as a configuration problem (see `missingPermissionError`).
 */
export function isMissingPermission(error: unknown): boolean {
  const stored = storedClassification(error);
  if (stored) return stored.kind === 'permission';
  const { status, message } = readErrorFacts(error);
  return status === 403 && NOT_ACCESSIBLE.test(message);
}

/** 403 "cannot be retried": too old (30 days) or too many attempts; never worth another try. */
export function cannotBeRetried(error: unknown): boolean {
  const { status, message } = readErrorFacts(error);
  return (status === 403 || status === 422) && CANNOT_BE_RETRIED.test(message);
}

function rateLimitWait(
  facts: ErrorFacts,
  nowMs: number | undefined,
): { retryAfterMs?: number; resetAtMs?: number } | undefined {
  const retryAfterMs = parseRetryAfter(facts.headers['retry-after'], nowMs);
  if (retryAfterMs !== undefined) return { retryAfterMs };
  const resetSeconds = Number(facts.headers['x-ratelimit-reset']);
  const primary = facts.headers['x-ratelimit-remaining'] === '0' || /\bAPI rate limit exceeded\b/i.test(facts.message);
  if (primary && Number.isFinite(resetSeconds) && resetSeconds > 0) {
    const resetAtMs = resetSeconds * 1000;
    // One second past the reset, as GitHub's docs advise: the reset instant itself may still be limited.
    if (nowMs === undefined) return { resetAtMs };
    return { resetAtMs, retryAfterMs: Math.max(0, resetAtMs - nowMs + 1000) };
  }
  if (primary || /secondary rate limit|abuse/i.test(facts.message)) {
    return { retryAfterMs: SECONDARY_RATE_LIMIT_FALLBACK_MS };
  }
  return undefined;
}

/** `retry-after` is delta-seconds or an HTTP date (RFC 9110). */
function parseRetryAfter(value: string | undefined, nowMs: number | undefined): number | undefined {
  if (value === undefined || value.trim() === '') return undefined;
  const seconds = Number(value);
  if (Number.isFinite(seconds)) return Math.max(0, seconds * 1000);
  const date = Date.parse(value);
  if (Number.isNaN(date) || nowMs === undefined) return undefined;
  return Math.max(0, date - nowMs);
}

const KINDS: ReadonlySet<string> = new Set<GitHubErrorKind>([
  'rate_limit',
  'transient',
  'permission',
  'not_found',
  'validation',
  'auth',
  'conflict',
  'malformed',
  'fatal',
]);

/** A GitHubApiError was classified when it was made; re-classifying it must give the same answer. */
function storedClassification(error: unknown): GitHubErrorClassification | undefined {
  if (!(error instanceof Error) || error.name !== 'GitHubApiError') return undefined;
  const { kind, status, retryAfterMs, mayHaveActed } = error as Error & {
    kind?: unknown;
    status?: unknown;
    retryAfterMs?: unknown;
    mayHaveActed?: unknown;
  };
  if (typeof kind !== 'string' || !KINDS.has(kind)) return undefined;
  return {
    kind: kind as GitHubErrorKind,
    ...(typeof status === 'number' ? { status } : {}),
    ...(typeof retryAfterMs === 'number' ? { retryAfterMs } : {}),
    ...(mayHaveActed === true ? { mayHaveActed } : {}),
  };
}

function readErrorFacts(error: unknown): ErrorFacts {
  if (typeof error !== 'object' || error === null) {
    return { status: undefined, message: String(error), headers: {}, reachedGitHub: false, method: undefined };
  }
  const record = error as Record<string, unknown>;
  const status = typeof record['status'] === 'number' ? record['status'] : undefined;
  const message = typeof record['message'] === 'string' ? record['message'] : '';
  const method = methodOf(record);
  // GitHubApiError keeps the headers that matter and says whether GitHub answered;
  // Octokit's RequestError carries `response` only when GitHub answered.
  if (typeof record['reachedGitHub'] === 'boolean') {
    return {
      status,
      message,
      headers: stringRecord(record['headers']),
      reachedGitHub: record['reachedGitHub'],
      method,
    };
  }
  const response = record['response'];
  const reachedGitHub = typeof response === 'object' && response !== null;
  const headers = reachedGitHub ? stringRecord((response as Record<string, unknown>)['headers']) : {};
  return { status, message, headers, reachedGitHub, method };
}

/** `request.method` on Octokit's RequestError; the first word of a GitHubApiError's route. */
function methodOf(record: Record<string, unknown>): string | undefined {
  const request = record['request'];
  if (typeof request === 'object' && request !== null) {
    const method = (request as Record<string, unknown>)['method'];
    if (typeof method === 'string') return method;
  }
  const route = record['route'];
  if (typeof route === 'string') return /^([A-Z]+) /.exec(route)?.[1];
  return undefined;
}

function stringRecord(value: unknown): Record<string, string> {
  const out: Record<string, string> = {};
  if (typeof value !== 'object' || value === null) return out;
  for (const [key, raw] of Object.entries(value)) {
    if (typeof raw === 'string' || typeof raw === 'number') out[key.toLowerCase()] = String(raw);
  }
  return out;
}

function looksLikeNetworkError(error: unknown): boolean {
  if (!(error instanceof Error)) return false;
  const code = (error as { code?: unknown }).code;
  if (
    typeof code === 'string' &&
    /^(ECONNRESET|ECONNREFUSED|ETIMEDOUT|EAI_AGAIN|ENOTFOUND|EPIPE|UND_ERR_)/.test(code)
  ) {
    return true;
  }
  return error.name === 'AbortError' || (error.name === 'TypeError' && /fetch failed/i.test(error.message));
}

/** The headers worth keeping on a typed error: the rate-limit ones and GitHub's request id. */
export function keptHeaders(error: unknown): Record<string, string> {
  const { headers } = readErrorFacts(error);
  const kept: Record<string, string> = {};
  for (const name of [
    'retry-after',
    'x-ratelimit-remaining',
    'x-ratelimit-reset',
    'x-ratelimit-resource',
    'x-github-request-id',
  ]) {
    const value = headers[name];
    if (value !== undefined) kept[name] = value;
  }
  return kept;
}

export function reachedGitHub(error: unknown): boolean {
  return readErrorFacts(error).reachedGitHub;
}
