/**
 * The store could not be reached (connection refused, DNS failure, server shutting down, gateway
 * error). The guard fails closed on it, so it is told apart from a query that was refused.
 * Guards by `name` survive duplicated bundles where `instanceof` does not.
 */
export class StoreUnavailableError extends Error {
  override readonly name = 'StoreUnavailableError';

  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
  }
}

export function isStoreUnavailableError(value: unknown): value is StoreUnavailableError {
  return value instanceof Error && value.name === 'StoreUnavailableError';
}

/** Network errno codes that mean "never reached the server" or "lost it". */
const NETWORK_CODES = new Set([
  'ECONNREFUSED',
  'ECONNRESET',
  'ENOTFOUND',
  'EAI_AGAIN',
  'ETIMEDOUT',
  'EHOSTUNREACH',
  'ENETUNREACH',
  'EPIPE',
  'ECONNABORTED',
  'UND_ERR_CONNECT_TIMEOUT',
  'UND_ERR_SOCKET',
]);

/** SQLSTATEs of an unreachable or unavailable server (class 08, shutdown, too many clients). */
function isUnavailableSqlState(code: string): boolean {
  return code.startsWith('08') || code === '57P01' || code === '57P02' || code === '57P03' || code === '53300';
}

const UNAVAILABLE_MESSAGES = [/connection terminated/i, /timeout exceeded when trying to connect/i, /fetch failed/i];

/**
 * True when `error`, or anything in its cause chain or AggregateError list, says the store
 * could not be reached. Query errors (syntax, constraint, permission) are not such failures.
 */
export function isConnectionFailure(error: unknown, depth = 0): boolean {
  if (depth > 5 || typeof error !== 'object' || error === null) return false;
  if (isStoreUnavailableError(error)) return true;
  const code = (error as { code?: unknown }).code;
  if (
    typeof code === 'string' &&
    (NETWORK_CODES.has(code) || (/^[0-9A-Z]{5}$/.test(code) && isUnavailableSqlState(code)))
  ) {
    return true;
  }
  const message = (error as { message?: unknown }).message;
  if (typeof message === 'string' && UNAVAILABLE_MESSAGES.some((re) => re.test(message))) return true;
  const nested = (error as { errors?: unknown }).errors;
  if (Array.isArray(nested) && nested.some((e: unknown) => isConnectionFailure(e, depth + 1))) return true;
  return isConnectionFailure((error as { cause?: unknown }).cause, depth + 1);
}

/** Rethrows connection failures as StoreUnavailableError (cause kept), anything else as is. */
export function toStoreError(error: unknown, what: string): unknown {
  if (isStoreUnavailableError(error) || !isConnectionFailure(error)) return error;
  const detail = error instanceof Error ? error.message : String(error);
  return new StoreUnavailableError(`store unavailable (${what}): ${detail}`, { cause: error });
}

/**
 * The store answered but refused the request (a PostgREST or SQL error): names the function or
 * table and carries the server's message, code and status, never the credentials.
 */
export class StoreQueryError extends Error {
  override readonly name = 'StoreQueryError';
  readonly operation: string;
  readonly code: string | null;
  readonly status: number | null;

  constructor(
    operation: string,
    message: string,
    details: { code?: string | null; status?: number | null; cause?: unknown } = {},
  ) {
    super(message, details.cause === undefined ? undefined : { cause: details.cause });
    this.operation = operation;
    this.code = details.code ?? null;
    this.status = details.status ?? null;
  }
}

export function isStoreQueryError(value: unknown): value is StoreQueryError {
  return value instanceof Error && value.name === 'StoreQueryError';
}
