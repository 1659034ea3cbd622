import { describe, expect, test } from '@jest/globals';
import nock from 'nock';
import { apiCapabilitiesOf } from '../src/api-capabilities.js';
import { encodeCursor, API_TABLE_SPECS } from '../src/api-tables.js';
import { openSupabaseStore } from '../src/supabase-store.js';
import { keysetFilter } from '../src/supabase-api-stores.js';

const URL_BASE = 'https://abcdefgh.supabase.co';
const KEY = 'test-service-role-key-0123456789abcdef-never-print-me';
const NOW = new Date('2026-11-23T09:00:00.000Z');

const open = () => apiCapabilitiesOf(openSupabaseStore({ url: URL_BASE, key: KEY, retry: false }));

interface Seen {
  path: string;
  query: URLSearchParams;
  headers: Record<string, string | string[] | undefined>;
  body: unknown;
}

function capture(method: 'GET' | 'POST' | 'PATCH', path: string, status: number, reply: unknown, seen: Seen[]): void {
  const scope = nock(URL_BASE)
    .intercept(path, method)
    .query(true)
    .reply(status, JSON.stringify(reply), { 'content-type': 'application/json' });
  // nock 15 hands the request over as a fetch Request (url, method, Headers).
  scope.on('request', (req: Request, _interceptor: unknown, body: string) => {
    const url = new URL(req.url);
    seen.push({
      path: url.pathname,
      query: url.searchParams,
      headers: Object.fromEntries(req.headers),
      body: body ? (JSON.parse(body) as unknown) : undefined,
    });
  });
}

describe('Supabase API capabilities (PostgREST wire format)', () => {
  test('keyset pages read the api schema with an `or` over the cursor columns, in order', async () => {
    const seen: Seen[] = [];
    const row = (i: number) => ({
      repository: 'acme/web',
      workflow: 'CI',
      run_id: i,
      attempt: 1,
      workflow_id: 7,
      event: 'push',
      branch: 'main',
      head_sha: 'abc',
      status: 'completed',
      conclusion: 'success',
      cause: null,
      created_at: '2026-11-20T10:00:00+00:00',
      started_at: null,
      updated_at: '2026-11-20T10:05:00+00:00',
      duration_ms: '295000',
      queue_ms: null,
      url: 'u',
    });
    capture('GET', '/rest/v1/v1_runs', 200, [row(1), row(2), row(3)], seen);
    const spec = API_TABLE_SPECS.runs;
    const cursor = encodeCursor('runs', spec, {
      created_at: '2026-11-20T09:00:00.000Z',
      repository: 'acme/web',
      run_id: 0,
      attempt: 1,
    });
    const page = await open().reader.page({
      table: 'runs',
      filter: { repository: 'acme/web', since: NOW },
      cursor,
      limit: 2,
    });
    expect(page.rows.map((r) => r['run_id'])).toEqual([1, 2]);
    expect(page.rows[0]?.['duration_ms']).toBe(295000);
    expect(page.rows[0]?.['created_at']).toBe('2026-11-20T10:00:00.000Z');
    expect(page.nextCursor).not.toBeNull();
    const [request] = seen;
    expect(request?.headers['accept-profile']).toBe('api');
    expect(request?.query.get('repository')).toBe('eq.acme/web');
    expect(request?.query.get('created_at')).toBe(`gte.${NOW.toISOString()}`);
    expect(request?.query.get('order')).toBe('created_at.asc,repository.asc,run_id.asc,attempt.asc');
    expect(request?.query.get('limit')).toBe('3');
    expect(request?.query.get('or')).toBe(
      `(${keysetFilter(spec.cursor, ['2026-11-20T09:00:00.000Z', 'acme/web', 0, 1])})`,
    );
  });

  test('the keyset filter quotes values (commas, quotes and backslashes survive)', () => {
    expect(keysetFilter(['a', 'b'], ['x,y', 'say "hi" \\ bye'])).toBe(
      'a.gt."x,y",and(a.eq."x,y",b.gt."say \\"hi\\" \\\\ bye")',
    );
  });

  test('intake claims and the clean-up are rpc calls with the SQL argument names', async () => {
    const seen: Seen[] = [];
    capture(
      'POST',
      '/rest/v1/rpc/claim_intake_key',
      200,
      {
        outcome: 'duplicate',
        audit_id: 'intake-1',
        received_at: '2026-11-23T09:00:00+00:00',
        attempt: 1,
        payload_sha256: 'a'.repeat(64),
        expires_at: '2026-11-24T09:00:00+00:00',
        result: { dispatched: 1 },
      },
      seen,
    );
    capture(
      'POST',
      '/rest/v1/rpc/cleanup_expired_state',
      200,
      { intake_keys: 2, other_keys: 1, token_buckets: 3 },
      seen,
    );
    const caps = open();
    const claim = await caps.intake.claimIntakeKey({
      source: 'kill',
      key: 'k1',
      payloadSha256: 'a'.repeat(64),
      ttlMs: 1000,
      leaseMs: 500,
      actor: 't',
      details: {},
      now: NOW,
    });
    expect(claim).toMatchObject({ outcome: 'duplicate', auditId: 'intake-1', result: { dispatched: 1 } });
    expect(await caps.intake.cleanupExpired(NOW, 60_000)).toEqual({ intakeKeys: 2, otherKeys: 1, tokenBuckets: 3 });
    expect(seen[0]?.body).toEqual({
      p_source: 'kill',
      p_key: 'k1',
      p_payload_sha256: 'a'.repeat(64),
      p_ttl_ms: 1000,
      p_lease_ms: 500,
      p_actor: 't',
      p_details: {},
      p_now: NOW.toISOString(),
    });
    expect(seen[1]?.body).toEqual({ p_now: NOW.toISOString(), p_bucket_idle_ms: 60_000 });
  });

  test('api keys: revoke is a PATCH of unrevoked rows; a 503 is StoreUnavailableError', async () => {
    const seen: Seen[] = [];
    capture('PATCH', '/rest/v1/api_keys', 200, [{ id: 'abcdefabcdef' }], seen);
    expect(await open().keys.revokeApiKey('abcdefabcdef', NOW)).toBe(true);
    expect(seen[0]?.query.get('id')).toBe('eq.abcdefabcdef');
    expect(seen[0]?.query.get('revoked_at')).toBe('is.null');
    expect(seen[0]?.body).toEqual({ revoked_at: NOW.toISOString() });
    capture('GET', '/rest/v1/api_keys', 503, { message: 'upstream down' }, seen);
    await expect(open().keys.findApiKey('abcdefabcdef')).rejects.toMatchObject({ name: 'StoreUnavailableError' });
  });
});
