// One typed view of an AWS SDK error, so the engine decides by kind instead of parsing messages:
// the SDK's error name (the service's error code) and $metadata's HTTP status.

export type AwsErrorKind =
  'throttling' | 'access-denied' | 'not-found' | 'precondition-failed' | 'limit-exceeded' | 'other';

export interface AwsErrorInfo {
  readonly kind: AwsErrorKind;
  /** The service's error code, e.g. `ThrottlingException`, `InvalidInstanceID.NotFound`. */
  readonly code: string;
  readonly message: string;
  readonly httpStatus: number | undefined;
  readonly requestId: string | undefined;
}

const THROTTLING = new Set([
  'Throttling',
  'ThrottlingException',
  'ThrottledException',
  'TooManyRequestsException',
  'RequestLimitExceeded',
  'RequestThrottled',
  'RequestThrottledException',
  'SlowDown',
  'PriorRequestNotComplete',
  'TooManyUpdates',
]);
const ACCESS_DENIED = new Set([
  'AccessDenied',
  'AccessDeniedException',
  'UnauthorizedOperation',
  'AuthFailure',
  'UnrecognizedClientException',
  'InvalidClientTokenId',
  'ExpiredToken',
  'ExpiredTokenException',
]);
const PRECONDITION = new Set(['PreconditionFailed', 'InvalidIfMatchVersion']);
const LIMIT = new Set(['LimitExceeded', 'LimitExceededException', 'ServiceQuotaExceededException']);

function kindOf(code: string, status: number | undefined): AwsErrorKind {
  if (THROTTLING.has(code)) return 'throttling';
  if (ACCESS_DENIED.has(code)) return 'access-denied';
  if (PRECONDITION.has(code)) return 'precondition-failed';
  if (LIMIT.has(code)) return 'limit-exceeded';
  if (
    code.endsWith('NotFound') ||
    code.endsWith('NotFoundException') ||
    code.startsWith('NoSuch') ||
    code === 'InvocationDoesNotExist'
  )
    return 'not-found';
  if (code.endsWith('.Malformed') && code.startsWith('InvalidInstanceID')) return 'not-found';
  if (status === 429) return 'throttling';
  if (status === 403) return 'access-denied';
  if (status === 404) return 'not-found';
  if (status === 412) return 'precondition-failed';
  return 'other';
}

function field(value: unknown, name: string): unknown {
  return typeof value === 'object' && value !== null ? (value as Record<string, unknown>)[name] : undefined;
}

/** The kind, code and metadata of any thrown value (a non-SDK error is `other`). */
export function normaliseAwsError(error: unknown): AwsErrorInfo {
  const metadata = field(error, '$metadata');
  const status = field(metadata, 'httpStatusCode');
  const requestId = field(metadata, 'requestId');
  const name = field(error, 'name');
  const code = typeof name === 'string' && name !== '' ? name : 'Error';
  const message = field(error, 'message');
  const httpStatus = typeof status === 'number' ? status : undefined;
  return {
    kind: kindOf(code, httpStatus),
    code,
    message: typeof message === 'string' ? message : String(error),
    httpStatus,
    requestId: typeof requestId === 'string' ? requestId : undefined,
  };
}
