/**
 * Classification of a failure for audit tickets, two ways (the specification's audit generator):
 * by the HTTP status the failure carries, judged with its message (a 403 is a missing permission
 * or a rate limit, never decided by the status alone), and by cause (the retry engine's taxonomy
 * in config/retry-policy.json). Pure.
 */

/** What an HTTP status (or its absence) means for an auditor. */
export type HttpFailureClass =
  | 'auth_401'
  | 'permission_403'
  | 'rate_limit_403'
  | 'not_found_404'
  | 'conflict_409'
  | 'configuration_422'
  | 'rate_limit_429'
  | 'server_5xx'
  | 'network'
  | 'missing_secret';

export interface HttpClassification {
  /** The status the failure carried; null for network failures and missing secrets. */
  readonly status: number | null;
  readonly class: HttpFailureClass;
  /** Where the status came from: the API error itself, or the failure's message. */
  readonly source: 'status' | 'message';
  readonly retryable: boolean;
}

/** Families of the retry engine's causes, for rules that do not list every cause. */
export type CauseFamily =
  | 'configuration'
  | 'permission'
  | 'authentication'
  | 'resource'
  | 'code'
  | 'capacity'
  | 'timeout'
  | 'infrastructure'
  | 'rate_limit'
  | 'network'
  | 'cancelled'
  | 'unknown'
  | 'other';

const FAMILIES: Readonly<Record<string, CauseFamily>> = {
  invalid_workflow: 'configuration',
  bad_action_ref: 'configuration',
  missing_secret: 'configuration',
  validation_422: 'configuration',
  toolchain_not_found: 'configuration',
  permission_403: 'permission',
  auth_failed: 'authentication',
  not_found_404: 'resource',
  dependency_lockfile: 'code',
  dependency_resolution: 'code',
  compile_error: 'code',
  test_failure: 'code',
  lint: 'code',
  script_error: 'code',
  account_limit: 'capacity',
  oom: 'capacity',
  disk_full: 'capacity',
  job_timeout: 'timeout',
  cancelled: 'cancelled',
  runner_shutdown: 'infrastructure',
  runner_lost: 'infrastructure',
  package_manager_lock: 'infrastructure',
  github_5xx: 'infrastructure',
  registry_5xx: 'infrastructure',
  docker_pull_limit: 'rate_limit',
  rate_limit: 'rate_limit',
  download_timeout: 'network',
  network: 'network',
  unknown: 'unknown',
};

export function causeFamily(cause: string): CauseFamily {
  return FAMILIES[cause] ?? 'other';
}

export interface CauseClassification {
  /** The retry engine's cause (`unknown` when nothing was recognised). */
  readonly name: string;
  readonly transient: boolean;
  readonly family: CauseFamily;
}

export interface FailureClassification {
  /** Null when the failure carries no HTTP status and is neither a network failure nor a missing secret. */
  readonly http: HttpClassification | null;
  readonly cause: CauseClassification;
  /** Flat labels (`http:permission_403`, `cause:test_failure`, `family:code`), for search and rules. */
  readonly classes: readonly string[];
}

export interface FailureFacts {
  /** The status of the API error, when the failure is one (a refused re-run); null otherwise. */
  readonly status: number | null;
  /** The failure's message: the error, or the evidence line the diagnosis kept. */
  readonly message: string;
  readonly cause: string;
  readonly transient: boolean;
}

const RATE_LIMITED = /\b(?:api )?rate limit|secondary rate limit|abuse detection|too many requests/i;
const NOT_ACCESSIBLE =
  /resource not accessible by (?:integration|personal access token)|must have (?:admin|push) (?:rights|access)|permission to \S+ denied/i;
const NO_DISPATCH = /does not have 'workflow_dispatch' trigger|validation failed|unprocessable entity/i;
const NETWORK =
  /\b(?:ECONNRESET|ECONNREFUSED|ETIMEDOUT|EAI_AGAIN|ENOTFOUND|EPIPE|socket hang up|network (?:is )?unreachable|connection (?:reset|refused|timed out)|fetch failed)\b/i;
const MISSING_SECRET =
  /input required and not supplied|secrets? \S+ (?:is )?(?:not set|missing|empty)|credentials could not be loaded|no (?:api )?token (?:was )?(?:provided|found)/i;

const STATUS_WORDS: readonly [RegExp, number][] = [
  [/\b401 Unauthorized\b|\bBad credentials\b/i, 401],
  [/\b403 Forbidden\b/i, 403],
  [/\b404 Not Found\b|HttpError: Not Found/i, 404],
  [/\b409 Conflict\b/i, 409],
  [/\b422 Unprocessable Entity\b/i, 422],
  [/\b429 Too Many Requests\b/i, 429],
  [/\b(50[0-4]) (?:Internal Server Error|Not Implemented|Bad Gateway|Service Unavailable|Gateway Time-?out)\b/i, 0],
];
const EXPLICIT_STATUS =
  /(?:HTTP(?:\/[\d.]+)?|status(?: code)?|HttpError:?|returned(?: error)?|responded with|error code|answered)[\s"':=]+([1-5]\d\d)\b/i;

/** The status a message states or implies (GitHub's own wording), or null. */
export function statusFromMessage(message: string): number | null {
  const explicit = EXPLICIT_STATUS.exec(message);
  if (explicit?.[1]) return Number(explicit[1]);
  for (const [pattern, status] of STATUS_WORDS) {
    const match = pattern.exec(message);
    if (match) return status === 0 ? Number(match[1]) : status;
  }
  // GitHub answers these with a status its message does not repeat.
  if (NOT_ACCESSIBLE.test(message)) return 403;
  if (/\bAPI rate limit exceeded\b|secondary rate limit/i.test(message)) return 403;
  if (NO_DISPATCH.test(message)) return 422;
  return null;
}

function byStatus(status: number, message: string, source: 'status' | 'message'): HttpClassification | null {
  const of = (cls: HttpFailureClass, retryable: boolean): HttpClassification => ({
    status,
    class: cls,
    source,
    retryable,
  });
  if (status === 401) return of('auth_401', false);
  if (status === 403) {
    // The message decides: "Resource not accessible" is final even near the end of the hourly budget.
    if (NOT_ACCESSIBLE.test(message)) return of('permission_403', false);
    return RATE_LIMITED.test(message) ? of('rate_limit_403', true) : of('permission_403', false);
  }
  if (status === 404 || status === 410) return of('not_found_404', false);
  if (status === 409) return of('conflict_409', false);
  if (status === 400 || status === 422) return of('configuration_422', false);
  if (status === 429) return of('rate_limit_429', true);
  if (status === 408 || (status >= 500 && status <= 599)) return of('server_5xx', true);
  return null;
}

/** By HTTP status where the failure carries one, else network / missing secret by message and cause. */
export function classifyHttp(facts: FailureFacts): HttpClassification | null {
  if (facts.status !== null) {
    const verdict = byStatus(facts.status, facts.message, 'status');
    if (verdict) return verdict;
  }
  const stated = statusFromMessage(facts.message);
  if (stated !== null) {
    const verdict = byStatus(stated, facts.message, 'message');
    if (verdict) return verdict;
  }
  if (facts.cause === 'missing_secret' || MISSING_SECRET.test(facts.message)) {
    return { status: null, class: 'missing_secret', source: 'message', retryable: false };
  }
  if (facts.cause === 'network' || facts.cause === 'download_timeout' || NETWORK.test(facts.message)) {
    return { status: null, class: 'network', source: 'message', retryable: true };
  }
  return null;
}

export function classifyFailure(facts: FailureFacts): FailureClassification {
  const http = classifyHttp(facts);
  const cause: CauseClassification = {
    name: facts.cause,
    // `unknown` never counts as transient, whatever a policy says (the retry engine's rule too).
    transient: facts.cause === 'unknown' ? false : facts.transient,
    family: causeFamily(facts.cause),
  };
  const classes = [
    ...(http ? [`http:${http.class}`] : []),
    ...(http?.status != null ? [`status:${http.status}`] : []),
    `cause:${cause.name}`,
    `family:${cause.family}`,
    cause.transient ? 'transient' : 'deterministic',
  ];
  return { http, cause, classes };
}
