import type { FastifyError, FastifyInstance } from 'fastify';
import { PROBLEM_CONTENT_TYPE, type ProblemKind } from '../problem.js';
import { problemResponses } from '../schemas.js';
import { processDelivery, refuse, type IntakeDeps } from './process-delivery.js';

/** Fastify's own refusals before the handler runs (size, media type) are refusals too. */
const FRAMEWORK_REFUSALS: Readonly<Record<string, readonly [ProblemKind, string]>> = {
  FST_ERR_CTP_BODY_TOO_LARGE: ['payload-too-large', 'too_large'],
  FST_ERR_CTP_INVALID_MEDIA_TYPE: ['unsupported-media-type', 'unsupported_media_type'],
  FST_ERR_CTP_INVALID_CONTENT_LENGTH: ['bad-request', 'bad_content_length'],
  FST_ERR_CTP_EMPTY_JSON_BODY: ['bad-request', 'empty_body'],
};

/**
 * POST /api/v1/hooks/:source in its own plugin scope: here the body is kept as raw bytes (the
 * signature covers them) and only JSON media types are parsed at all; the JSON itself is read
 * after the signature check.
 */
export async function intakeRoutes(app: FastifyInstance, deps: IntakeDeps): Promise<void> {
  const bodyLimit = Math.max(64, ...[...deps.sources.values()].map((s) => s.maxBodyBytes));
  app.removeAllContentTypeParsers();
  const keepRaw = (_request: unknown, body: string | Buffer, done: (error: null, body: Buffer) => void) =>
    done(null, Buffer.isBuffer(body) ? body : Buffer.from(body));
  app.addContentTypeParser('application/json', { parseAs: 'buffer', bodyLimit }, keepRaw);
  app.addContentTypeParser(/^application\/[a-z0-9.+-]+\+json$/, { parseAs: 'buffer', bodyLimit }, keepRaw);

  app.setErrorHandler(async (error: FastifyError, request, reply) => {
    const refusal = error.code ? FRAMEWORK_REFUSALS[error.code] : undefined;
    if (!refusal) throw error;
    const source = (request.params as { source?: string }).source ?? '';
    const answer = await refuse(
      deps,
      { source, headers: request.headers, remote: request.ip },
      deps.sources.has(source),
      refusal[0],
      refusal[1],
      error.code === 'FST_ERR_CTP_INVALID_MEDIA_TYPE' ? 'send the body as application/json' : error.message,
    );
    return reply.code(answer.status).type(PROBLEM_CONTENT_TYPE).send(answer.body);
  });

  app.post<{ Params: { source: string } }>(
    '/api/v1/hooks/:source',
    {
      bodyLimit,
      schema: {
        summary:
          'Signed intake: a Standard Webhooks or X-Hub-Signature-256 delivery, claimed once by its idempotency key',
        tags: ['intake'],
        params: {
          type: 'object',
          required: ['source'],
          properties: { source: { type: 'string', description: 'A source of config/intake-sources.json' } },
        },
        headers: {
          type: 'object',
          properties: {
            'idempotency-key': { type: 'string', description: 'Wins over webhook-id / X-GitHub-Delivery' },
            'webhook-id': { type: 'string' },
            'webhook-timestamp': { type: 'string', description: 'Seconds since the epoch' },
            'webhook-signature': {
              type: 'string',
              description: 'v1,<base64 HMAC-SHA256>; several separated by spaces',
            },
            'x-hub-signature-256': { type: 'string', description: 'sha256=<hex HMAC-SHA256>' },
          },
        },
        body: { description: 'Any JSON document; signed as sent' },
        response: {
          202: {
            description: 'Accepted and processed, or a duplicate of a completed delivery (then `reference`)',
            content: {
              'application/json': {
                schema: {
                  type: 'object',
                  required: ['accepted', 'payload_sha256'],
                  additionalProperties: true,
                  properties: {
                    accepted: { type: 'boolean' },
                    payload_sha256: { type: 'string' },
                    audit_id: { type: 'string' },
                    attempt: { type: 'integer' },
                    result: { type: 'object', additionalProperties: true },
                    reference: {
                      type: 'object',
                      required: ['audit_id', 'received_at', 'type'],
                      properties: {
                        audit_id: { type: 'string' },
                        received_at: { type: 'string', format: 'date-time' },
                        type: { const: 'duplicate' },
                      },
                    },
                  },
                },
              },
            },
          },
          ...problemResponses(400, 401, 404, 409, 413, 415, 422, 502, 503),
        },
      },
    },
    async (request, reply) => {
      const body = Buffer.isBuffer(request.body) ? request.body : Buffer.alloc(0);
      const answer = await processDelivery(deps, {
        source: request.params.source,
        headers: request.headers,
        body,
        remote: request.ip,
      });
      reply.code(answer.status).headers(answer.headers);
      if (answer.status >= 400) reply.type(PROBLEM_CONTENT_TYPE);
      return reply.send(answer.body);
    },
  );
}
