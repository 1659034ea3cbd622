import { classifyGitHubError, keptHeaders, reachedGitHub, type GitHubErrorKind } from './classify-error.js';
import { permissionAdvice } from './permissions.js';

/**
 * A failed GitHub call, typed: status, route template and GitHub's message, plus what it means
 * (`kind`). It keeps no request options, so neither the token nor a request body can leak through
 * it into logs or evidence.
 */
export class GitHubApiError extends Error {
  override readonly name = 'GitHubApiError';
  /** HTTP status; undefined when the request never reached GitHub. */
  readonly status: number | undefined;
  /** Route template, e.g. `POST /repos/{owner}/{repo}/actions/runs/{run_id}/rerun-failed-jobs`. */
  readonly route: string;
  readonly kind: GitHubErrorKind;
  readonly retryAfterMs: number | undefined;
  readonly reachedGitHub: boolean;
  /**
   * A POST/PATCH that failed with a 5xx or a 408, or never got an answer: GitHub may have acted on
   * it, so it was not re-sent. Check the state (e.g. the run's `run_attempt`) before sending it again.
   */
  readonly mayHaveActed: boolean;
  /** Rate-limit headers and `x-github-request-id` only (what support and the classifier need). */
  readonly headers: Readonly<Record<string, string>>;

  constructor(init: {
    route: string;
    message: string;
    status: number | undefined;
    kind: GitHubErrorKind;
    retryAfterMs?: number | undefined;
    reachedGitHub: boolean;
    mayHaveActed?: boolean | undefined;
    headers?: Readonly<Record<string, string>>;
    /** What OpsGuard made of it (e.g. why it stopped waiting), appended to GitHub's message. */
    detail?: string | undefined;
  }) {
    const where = init.status === undefined ? 'no response' : String(init.status);
    const advice = init.kind === 'permission' ? ` (${permissionAdvice(init.route)})` : '';
    const detail = init.detail === undefined ? '' : `; ${init.detail}`;
    super(`${init.route} failed (${where}, ${init.kind}): ${redactTokens(init.message)}${advice}${detail}`);
    this.status = init.status;
    this.route = init.route;
    this.kind = init.kind;
    this.retryAfterMs = init.retryAfterMs;
    this.reachedGitHub = init.reachedGitHub;
    this.mayHaveActed = init.mayHaveActed ?? false;
    this.headers = init.headers ?? {};
  }

  get requestId(): string | undefined {
    return this.headers['x-github-request-id'];
  }
}

/** Guard by name: survives duplicated bundles where `instanceof` does not. */
export function isGitHubApiError(value: unknown): value is GitHubApiError {
  return value instanceof Error && value.name === 'GitHubApiError';
}

/** Wraps whatever Octokit threw for `route` into a GitHubApiError (idempotent). */
export function toGitHubApiError(error: unknown, route: string, nowMs?: number, detail?: string): GitHubApiError {
  if (isGitHubApiError(error)) return error;
  const classification = classifyGitHubError(error, nowMs === undefined ? {} : { nowMs });
  const status =
    typeof (error as { status?: unknown } | null)?.status === 'number'
      ? (error as { status: number }).status
      : undefined;
  const answered = reachedGitHub(error);
  return new GitHubApiError({
    route,
    message: error instanceof Error ? error.message : String(error),
    // Octokit reports a request that never reached GitHub as 500; that 500 is not GitHub's.
    status: answered ? status : undefined,
    kind: classification.kind,
    retryAfterMs: classification.retryAfterMs,
    reachedGitHub: answered,
    mayHaveActed: classification.mayHaveActed === true,
    headers: keptHeaders(error),
    detail,
  });
}

// Belt and braces: GitHub never echoes a token, but a proxy or a network error message might.
const TOKEN_PATTERN = /\b(?:gh[pousr]_[A-Za-z0-9]{20,}|github_pat_[A-Za-z0-9_]{20,})\b/g;

function redactTokens(text: string): string {
  return text.replace(TOKEN_PATTERN, '***');
}
