import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { aRunRecord } from './support/builders.js';
import { startFixture, type Fixture } from './support/api-fixture.js';

let f: Fixture;
const get = (path: string, key: string | null, headers: Record<string, string> = {}) =>
  fetch(`${f.url}${path}`, { headers: { ...(key ? { authorization: `Bearer ${key}` } : {}), ...headers } });

beforeAll(async () => {
  f = await startFixture({ rateLimitPerMinute: 1000 });
  await f.store.upsertRuns(
    Array.from({ length: 12 }, (_, i) =>
      aRunRecord({ runId: 100 + i, createdAt: new Date(Date.UTC(2026, 10, 20, 10, i)).toISOString() }),
    ),
  );
});
afterAll(async () => {
  await f?.close();
});

describe('GET /api/v1/runs', () => {
  it('pages by cursor with next_cursor and a Link header until the last page', async () => {
    const ids: unknown[] = [];
    let path = '/api/v1/runs?repository=acme/web&limit=5';
    for (let i = 0; i < 5 && path; i++) {
      const res = await get(path, f.readerKey);
      expect(res.status).toBe(200);
      const body = (await res.json()) as { data: { run_id: number }[]; next_cursor: string | null };
      ids.push(...body.data.map((r) => r.run_id));
      const link = res.headers.get('link');
      if (body.next_cursor) {
        expect(link).toBe(`</api/v1/runs?repository=acme%2Fweb&limit=5&cursor=${body.next_cursor}>; rel="next"`);
        path = link?.slice(1, link.indexOf('>')) ?? '';
      } else {
        expect(link).toBeNull();
        path = '';
      }
    }
    expect(ids).toEqual(Array.from({ length: 12 }, (_, i) => 100 + i));
  });

  it('answers CSV for Accept: text/csv and for ?format=csv', async () => {
    const viaAccept = await get('/api/v1/runs?limit=2', f.readerKey, { accept: 'text/csv' });
    expect(viaAccept.headers.get('content-type')).toBe('text/csv; charset=utf-8');
    const lines = (await viaAccept.text()).trimEnd().split('\r\n');
    expect(lines[0]).toMatch(/^repository,workflow,run_id,attempt,/);
    expect(lines[1]).toMatch(/^acme\/web,CI,100,1,/);
    expect(lines).toHaveLength(3);
    const viaQuery = await get('/api/v1/runs?limit=1&format=csv', f.readerKey);
    expect((await viaQuery.text()).split('\r\n')[0]).toBe(lines[0]);
  });

  it('filters by since/until and refuses since >= until, bad dates and bad limits as problem+json', async () => {
    const res = await get('/api/v1/runs?since=2026-11-20T10:03:00Z&until=2026-11-20T10:05:00Z', f.readerKey);
    const body = (await res.json()) as { data: { run_id: number }[] };
    expect(body.data.map((r) => r.run_id)).toEqual([103, 104]);
    for (const query of [
      'since=2026-11-21T00:00:00Z&until=2026-11-20T00:00:00Z',
      'since=yesterday',
      'limit=0',
      'limit=5000',
      'color=red',
    ]) {
      const bad = await get(`/api/v1/runs?${query}`, f.readerKey);
      expect({ query, status: bad.status, type: bad.headers.get('content-type') }).toEqual({
        query,
        status: 400,
        type: 'application/problem+json; charset=utf-8',
      });
      expect(await bad.json()).toMatchObject({ type: 'https://opsguard.dev/problems/bad-request', status: 400 });
    }
  });

  it('a cursor of another route is a 400 invalid-cursor', async () => {
    const first = (await (await get('/api/v1/runs?limit=1', f.readerKey)).json()) as { next_cursor: string };
    const res = await get(`/api/v1/audit?cursor=${first.next_cursor}`, f.readerKey);
    expect(res.status).toBe(400);
    expect(await res.json()).toMatchObject({ type: 'https://opsguard.dev/problems/invalid-cursor' });
  });
});

describe('API keys', () => {
  it('no key, a wrong key and a revoked key are 401 with a Bearer challenge', async () => {
    const none = await get('/api/v1/runs', null);
    expect(none.status).toBe(401);
    expect(none.headers.get('www-authenticate')).toBe('Bearer realm="opsguard"');
    const wrong = await get('/api/v1/runs', `${f.readerKey.slice(0, -4)}AAAA`);
    expect(await wrong.json()).toMatchObject({ status: 401, detail: 'the API key is not valid' });
    const [, id] = /^og_([a-z0-9]{12})_/.exec(f.readerKey) ?? [];
    const { createApiKey } = await import('../src/api-key.js');
    const extra = await createApiKey(f.api.keys, { name: 'tmp', role: 'reader', createdBy: 't', now: new Date() });
    expect((await get('/api/v1/runs?limit=1', extra.key)).status).toBe(200);
    await f.api.keys.revokeApiKey(extra.record.id, new Date());
    const revoked = await get('/api/v1/runs?limit=1', extra.key);
    expect(await revoked.json()).toMatchObject({ status: 401, detail: 'the API key was revoked' });
    expect(id).toHaveLength(12);
  });

  it('X-API-Key works too; a reader key may not run the clean-up (403), a writer may', async () => {
    expect((await get('/api/v1/kpi', null, { 'x-api-key': f.readerKey })).status).toBe(200);
    const post = (key: string) =>
      fetch(`${f.url}/api/v1/cleanup`, { method: 'POST', headers: { authorization: `Bearer ${key}` } });
    const forbidden = await post(f.readerKey);
    expect(forbidden.status).toBe(403);
    expect(await forbidden.json()).toMatchObject({ detail: 'this needs a writer key; "grafana" is a reader key' });
    const ok = await post(f.writerKey);
    expect(await ok.json()).toEqual({ intake_keys: 0, other_keys: 0, token_buckets: expect.any(Number) });
  });
});

describe('health and unknown routes', () => {
  it('healthz says the store is up; an unknown route is a problem+json 404', async () => {
    const health = await fetch(`${f.url}/healthz`);
    expect(await health.json()).toEqual({ status: 'ok', store: 'pglite' });
    const missing = await fetch(`${f.url}/api/v2/runs`);
    expect(missing.status).toBe(404);
    expect(missing.headers.get('content-type')).toMatch(/^application\/problem\+json/);
  });
});
