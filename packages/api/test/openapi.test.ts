import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { Validator } from '@seriousme/openapi-schema-validator';
import { signPayload } from '@opsguard/webhook-signature';
import { startFixture, type Fixture } from './support/api-fixture.js';
import { aRunRecord } from './support/builders.js';
import { aSource, SECRET } from './support/intake-sources.js';

interface Operation {
  readonly responses: Record<string, { content?: Record<string, unknown> }>;
}
type Document = { openapi: string; paths: Record<string, Record<string, Operation>> };

let f: Fixture;
let doc: Document;

beforeAll(async () => {
  f = await startFixture({
    intake: { sources: [aSource()], execute: async () => ({ status: 'done', result: { dispatched: 1 } }) },
  });
  await f.store.upsertRuns([aRunRecord()]);
  doc = (await (await fetch(`${f.url}/api/v1/openapi.json`)).json()) as Document;
});
afterAll(async () => {
  await f?.close();
});

/** A request that should get the documented success answer of each route. */
function exercise(path: string, method: string): Promise<Response> {
  const auth = { authorization: `Bearer ${path === '/api/v1/cleanup' ? f.writerKey : f.readerKey}` };
  if (path === '/api/v1/hooks/{source}') {
    const body = '{"budget":"monthly"}';
    return fetch(`${f.url}/api/v1/hooks/budget-alert`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...signPayload({ body, secret: SECRET }) },
      body,
    });
  }
  return fetch(`${f.url}${path}`, { method: method.toUpperCase(), headers: auth });
}

describe('the OpenAPI 3.1 document at /api/v1/openapi.json', () => {
  it('is valid OpenAPI 3.1 (@seriousme/openapi-schema-validator)', async () => {
    expect(doc.openapi).toBe('3.1.0');
    const result = await new Validator().validate(doc as unknown as Record<string, unknown>);
    expect(result.errors ?? []).toEqual([]);
    expect(result.valid).toBe(true);
  });

  it('lists every route the server has', () => {
    expect(Object.keys(doc.paths).sort()).toEqual([
      '/api/v1/audit',
      '/api/v1/cleanup',
      '/api/v1/hooks/{source}',
      '/api/v1/jobs',
      '/api/v1/kpi',
      '/api/v1/metrics',
      '/api/v1/openapi.json',
      '/api/v1/retry-history',
      '/api/v1/runs',
      '/healthz',
    ]);
  });

  it('every route answers with a status and media type its document promises', async () => {
    const checked: string[] = [];
    for (const [path, methods] of Object.entries(doc.paths)) {
      for (const [method, operation] of Object.entries(methods)) {
        const res = await exercise(path, method);
        const documented = operation.responses[String(res.status)];
        expect({ path, method, status: res.status, documented: documented !== undefined }).toEqual({
          path,
          method,
          status: res.status,
          documented: true,
        });
        expect(res.status).toBeLessThan(300);
        const type = (res.headers.get('content-type') ?? '').split(';')[0] ?? '';
        if (documented?.content) expect(Object.keys(documented.content)).toContain(type);
        checked.push(`${method} ${path}`);
        // And without credentials, a route that needs a key answers its documented 401.
        if (path.startsWith('/api/v1/') && !path.includes('hooks') && !path.endsWith('openapi.json')) {
          const anonymous = await fetch(`${f.url}${path}`, { method: method.toUpperCase() });
          expect({
            path,
            status: anonymous.status,
            documented: String(anonymous.status) in operation.responses,
          }).toEqual({
            path,
            status: 401,
            documented: true,
          });
        }
      }
    }
    expect(checked).toHaveLength(10);
  });
});
