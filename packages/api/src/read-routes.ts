import { API_TABLE_SPECS, KPI_COLUMNS, type ApiCapabilities, type ApiFilter, type ApiTable } from '@opsguard/store';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { authenticate } from './auth.js';
import { toCsv } from './csv.js';
import { ProblemError } from './problem.js';
import { kpiQuerySchema, kpiRowSchema, listQuerySchema, pageResponse, problemResponses } from './schemas.js';

interface FilterQuery {
  readonly repository?: string;
  readonly workflow?: string;
  readonly since?: string;
  readonly until?: string;
  readonly format?: 'json' | 'csv';
}

interface ListQuery extends FilterQuery {
  readonly limit: number;
  readonly cursor?: string;
}

interface KpiQuery extends FilterQuery {
  readonly branch: string;
}

const ROUTES: readonly { readonly path: string; readonly table: ApiTable; readonly summary: string }[] = [
  { path: '/api/v1/metrics', table: 'metrics', summary: 'Guard counters per minute (api.v1_metrics)' },
  { path: '/api/v1/runs', table: 'runs', summary: 'Workflow run attempts (api.v1_runs)' },
  { path: '/api/v1/jobs', table: 'jobs', summary: 'Jobs of the run attempts (api.v1_jobs)' },
  { path: '/api/v1/retry-history', table: 'retry-history', summary: 'Every retry decision (api.v1_retry_history)' },
  { path: '/api/v1/audit', table: 'audit', summary: 'The automation audit trail (api.v1_audit)' },
];

const DAY_MS = 86_400_000;

function filterOf(query: FilterQuery): ApiFilter {
  const since = query.since !== undefined ? new Date(query.since) : undefined;
  const until = query.until !== undefined ? new Date(query.until) : undefined;
  if (since && until && since.getTime() >= until.getTime()) {
    throw new ProblemError('bad-request', '`since` must be before `until`');
  }
  return {
    ...(query.repository !== undefined && { repository: query.repository }),
    ...(query.workflow !== undefined && { workflow: query.workflow }),
    ...(since && { since }),
    ...(until && { until }),
  };
}

/** `?format=` wins; else the Accept header (JSON unless CSV is preferred). */
function wantsCsv(request: FastifyRequest, format: FilterQuery['format']): boolean {
  if (format !== undefined) return format === 'csv';
  return request.accepts().type(['application/json', 'text/csv']) === 'text/csv';
}

function nextLink(request: FastifyRequest, cursor: string): string {
  const url = new URL(request.url, 'http://placeholder');
  url.searchParams.set('cursor', cursor);
  return `<${url.pathname}${url.search}>; rel="next"`;
}

export function registerReadRoutes(app: FastifyInstance, api: ApiCapabilities, now: () => Date): void {
  const reader = authenticate(api.keys, 'reader');
  for (const route of ROUTES) {
    const columns = Object.keys(API_TABLE_SPECS[route.table].columns);
    app.get<{ Querystring: ListQuery }>(
      route.path,
      {
        onRequest: reader,
        config: { rateLimit: {} },
        schema: {
          summary: route.summary,
          tags: ['metrics'],
          security: [{ apiKey: [] }],
          querystring: listQuerySchema,
          response: { 200: pageResponse(route.table), ...problemResponses(400, 401, 403, 429, 503) },
        },
      },
      async (request, reply: FastifyReply) => {
        const page = await api.reader.page({
          table: route.table,
          filter: filterOf(request.query),
          cursor: request.query.cursor ?? null,
          limit: request.query.limit,
        });
        if (page.nextCursor !== null) {
          reply.header('link', nextLink(request, page.nextCursor)).header('x-next-cursor', page.nextCursor);
        }
        if (wantsCsv(request, request.query.format)) {
          return reply.type('text/csv; charset=utf-8').send(toCsv(columns, page.rows));
        }
        return { data: page.rows, next_cursor: page.nextCursor };
      },
    );
  }

  app.get<{ Querystring: KpiQuery }>(
    '/api/v1/kpi',
    {
      onRequest: reader,
      config: { rateLimit: {} },
      schema: {
        summary: 'KPIs per repository and workflow over whole days ending at `until` (default now, 7 days)',
        tags: ['metrics'],
        security: [{ apiKey: [] }],
        querystring: kpiQuerySchema,
        response: {
          200: {
            description: 'One row per workflow, plus workflow null for all workflows together',
            content: {
              'application/json': {
                schema: {
                  type: 'object',
                  additionalProperties: false,
                  required: ['data', 'window'],
                  properties: {
                    data: { type: 'array', items: kpiRowSchema },
                    window: {
                      type: 'object',
                      additionalProperties: false,
                      required: ['until', 'days'],
                      properties: { until: { type: 'string', format: 'date-time' }, days: { type: 'integer' } },
                    },
                  },
                },
              },
              'text/csv': { schema: { type: 'string' } },
            },
          },
          ...problemResponses(400, 401, 403, 429, 503),
        },
      },
    },
    async (request, reply) => {
      const filter = filterOf(request.query);
      const until = filter.until ?? now();
      const days = filter.since ? Math.max(1, Math.ceil((until.getTime() - filter.since.getTime()) / DAY_MS)) : 7;
      const rows = await api.reader.kpi({
        ...(filter.repository !== undefined && { repository: filter.repository }),
        ...(filter.workflow !== undefined && { workflow: filter.workflow }),
        until,
        days,
        branch: request.query.branch,
      });
      if (wantsCsv(request, request.query.format)) {
        return reply.type('text/csv; charset=utf-8').send(toCsv(Object.keys(KPI_COLUMNS), rows));
      }
      return { data: rows, window: { until: until.toISOString(), days } };
    },
  );
}
