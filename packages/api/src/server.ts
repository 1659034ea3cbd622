import accepts from '@fastify/accepts';
import swagger from '@fastify/swagger';
import { isInvalidCursorError, isStoreUnavailableError, type ApiCapabilities, type Store } from '@opsguard/store';
import Fastify, { type FastifyError, type FastifyInstance } from 'fastify';
import { authenticate } from './auth.js';
import { InFlight } from './intake/in-flight.js';
import { intakeRoutes } from './intake/intake-route.js';
import type { IntakeExecutor, IntakeSource } from './intake/intake-types.js';
import { isProblemError, problem, PROBLEM_CONTENT_TYPE, type Problem } from './problem.js';
import { registerRateLimit } from './rate-limit.js';
import { registerReadRoutes } from './read-routes.js';
import { problemResponses, problemSchema } from './schemas.js';

export interface ApiServerOptions {
  readonly store: Store;
  readonly api: ApiCapabilities;
  readonly now: () => Date;
  readonly sleep: (ms: number) => Promise<void>;
  /** Requests per minute per API key, through the store's token bucket (default 120). */
  readonly rateLimitPerMinute?: number;
  /** Sources served at /api/v1/hooks/:source, and what runs their accepted events. */
  readonly intake?: { readonly sources: readonly IntakeSource[]; readonly execute: IntakeExecutor };
  /** Written to every audit record this server appends. */
  readonly actor: string;
  readonly log: (line: string) => void;
  /** Bucket idle time before `POST /api/v1/cleanup` deletes a full bucket (default 1 h). */
  readonly bucketIdleMs?: number;
}

const VERSION = '1.0.0';

function toProblem(error: FastifyError | Error): { problem: Problem; headers: Record<string, string> } {
  if (isProblemError(error)) return { problem: error.problem, headers: { ...error.headers } };
  if (isStoreUnavailableError(error)) {
    return { problem: problem('store-unavailable', error.message), headers: { 'retry-after': '5' } };
  }
  if (isInvalidCursorError(error)) return { problem: problem('invalid-cursor', error.message), headers: {} };
  const fastify = error as FastifyError;
  if (fastify.validation) return { problem: problem('bad-request', fastify.message), headers: {} };
  if (fastify.statusCode === 415) return { problem: problem('unsupported-media-type', fastify.message), headers: {} };
  if (fastify.statusCode === 413) return { problem: problem('payload-too-large', fastify.message), headers: {} };
  if (fastify.statusCode !== undefined && fastify.statusCode >= 400 && fastify.statusCode < 500) {
    return { problem: { ...problem('bad-request', fastify.message), status: fastify.statusCode }, headers: {} };
  }
  return { problem: problem('internal', 'the server could not answer this request'), headers: {} };
}

/**
 * The metrics API and the signed intake on Fastify (no router, parser or limiter of our own):
 * routes with JSON Schemas, the OpenAPI 3.1 document built from them, API-key auth, a per-key
 * token bucket in the store, RFC 9457 errors. Not listening yet: `listen` is the caller's.
 */
export async function buildApiServer(options: ApiServerOptions): Promise<FastifyInstance> {
  // Unknown query parameters are refused, not dropped: a typo (`repo=`) must not widen the answer.
  const app = Fastify({
    logger: false,
    return503OnClosing: true,
    forceCloseConnections: 'idle',
    ajv: { customOptions: { removeAdditional: false } },
  });
  app.decorateRequest('apiKey', null);
  app.addSchema(problemSchema);
  await app.register(accepts);
  await app.register(swagger, {
    openapi: {
      openapi: '3.1.0',
      info: {
        title: 'OpsGuard API',
        version: VERSION,
        description:
          'Metrics, runs, retry history, KPIs and audit of OpsGuard, and its signed intake (docs/api.md, docs/intake.md).',
      },
      components: {
        securitySchemes: {
          apiKey: { type: 'http', scheme: 'bearer', description: 'og_<id>_<secret> from `opsguard keys create`' },
        },
      },
    },
    refResolver: {
      buildLocalReference: (json, _base, _fragment, i) => (typeof json['$id'] === 'string' ? json['$id'] : `def-${i}`),
    },
  });
  await registerRateLimit(app, options.store, options.now, { perMinute: options.rateLimitPerMinute ?? 120 });

  app.setErrorHandler(async (error: FastifyError, request, reply) => {
    const { problem: body, headers } = toProblem(error);
    if (body.status >= 500 && body.type.endsWith('/internal'))
      options.log(`${request.method} ${request.url}: ${error.message}`);
    return reply
      .code(body.status)
      .headers(headers)
      .type(PROBLEM_CONTENT_TYPE)
      .send({ ...body, instance: request.url });
  });
  app.setNotFoundHandler(async (request, reply) =>
    reply
      .code(404)
      .type(PROBLEM_CONTENT_TYPE)
      .send(problem('not-found', `no route ${request.method} ${request.url.split('?')[0]}`)),
  );

  app.get(
    '/healthz',
    {
      schema: {
        summary: 'Liveness and store reachability',
        tags: ['health'],
        response: {
          200: {
            description: 'Up, store reachable',
            type: 'object',
            required: ['status', 'store'],
            properties: { status: { const: 'ok' }, store: { type: 'string' } },
          },
          ...problemResponses(503),
        },
      },
    },
    async () => {
      await options.store.ping();
      return { status: 'ok' as const, store: options.store.kind };
    },
  );

  app.get(
    '/api/v1/openapi.json',
    {
      schema: {
        hide: false,
        summary: 'This OpenAPI 3.1 document',
        tags: ['meta'],
        response: { 200: { description: 'OpenAPI 3.1', type: 'object', additionalProperties: true } },
      },
    },
    async () => app.swagger(),
  );

  registerReadRoutes(app, options.api, options.now);

  app.post(
    '/api/v1/cleanup',
    {
      onRequest: authenticate(options.api.keys, 'writer'),
      config: { rateLimit: {} },
      schema: {
        summary: 'Delete expired idempotency keys and idle full token buckets (what `opsguard cleanup` does)',
        tags: ['maintenance'],
        security: [{ apiKey: [] }],
        response: {
          200: {
            description: 'How many rows were deleted',
            type: 'object',
            required: ['intake_keys', 'other_keys', 'token_buckets'],
            properties: {
              intake_keys: { type: 'integer' },
              other_keys: { type: 'integer' },
              token_buckets: { type: 'integer' },
            },
          },
          ...problemResponses(401, 403, 429, 503),
        },
      },
    },
    async () => {
      const counts = await options.api.intake.cleanupExpired(options.now(), options.bucketIdleMs ?? 3_600_000);
      return { intake_keys: counts.intakeKeys, other_keys: counts.otherKeys, token_buckets: counts.tokenBuckets };
    },
  );

  const intake = options.intake;
  const sources = new Map((intake?.sources ?? []).filter((s) => s.secrets.length > 0).map((s) => [s.name, s]));
  await app.register(intakeRoutes, {
    intake: options.api.intake,
    sources,
    execute: intake?.execute ?? (async () => ({ status: 'done', result: {} })),
    inFlight: new InFlight(),
    now: options.now,
    sleep: options.sleep,
    actor: options.actor,
    log: options.log,
  });
  return app;
}
