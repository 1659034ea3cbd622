/**
 * RFC 9457 problem details: every error this API answers is `application/problem+json` with a
 * stable `type` per kind of problem, so clients branch on `type`, never on prose.
 */
export const PROBLEM_CONTENT_TYPE = 'application/problem+json';

export type ProblemKind =
  | 'bad-request'
  | 'invalid-cursor'
  | 'unauthorized'
  | 'forbidden'
  | 'not-found'
  | 'conflict'
  | 'payload-too-large'
  | 'unsupported-media-type'
  | 'idempotency-key-reused'
  | 'rate-limited'
  | 'action-failed'
  | 'store-unavailable'
  | 'internal';

const TITLES: Readonly<Record<ProblemKind, readonly [number, string]>> = {
  'bad-request': [400, 'Bad request'],
  'invalid-cursor': [400, 'Invalid cursor'],
  unauthorized: [401, 'Unauthorized'],
  forbidden: [403, 'Forbidden'],
  'not-found': [404, 'Not found'],
  conflict: [409, 'Still being processed'],
  'payload-too-large': [413, 'Payload too large'],
  'unsupported-media-type': [415, 'Unsupported media type'],
  'idempotency-key-reused': [422, 'Idempotency key reused with another payload'],
  'rate-limited': [429, 'Too many requests'],
  'action-failed': [502, 'The accepted event could not be processed'],
  'store-unavailable': [503, 'Store unavailable'],
  internal: [500, 'Internal error'],
};

export interface Problem {
  readonly type: string;
  readonly title: string;
  readonly status: number;
  readonly detail: string;
  readonly instance?: string;
  readonly [extension: string]: unknown;
}

export function problem(
  kind: ProblemKind,
  detail: string,
  extensions: Readonly<Record<string, unknown>> = {},
): Problem {
  const [status, title] = TITLES[kind];
  return { type: `https://opsguard.dev/problems/${kind}`, title, status, detail, ...extensions };
}

/** A thrown problem: route code throws it, the error handler answers it. */
export class ProblemError extends Error {
  override readonly name = 'ProblemError';
  readonly problem: Problem;
  readonly headers: Readonly<Record<string, string>>;

  constructor(
    kind: ProblemKind,
    detail: string,
    options: { extensions?: Record<string, unknown>; headers?: Record<string, string> } = {},
  ) {
    super(detail);
    this.problem = problem(kind, detail, options.extensions ?? {});
    this.headers = options.headers ?? {};
  }
}

export function isProblemError(value: unknown): value is ProblemError {
  return value instanceof Error && value.name === 'ProblemError';
}
