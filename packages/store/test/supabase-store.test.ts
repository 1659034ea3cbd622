import { inspect } from 'node:util';
import { afterEach, beforeEach, describe, expect, jest, test } from '@jest/globals';
import nock from 'nock';
import { isStoreQueryError, isStoreUnavailableError } from '../src/errors.js';
import { openStore, selectStore } from '../src/open-store.js';
import { openSupabaseStore, type SupabaseStoreOptions } from '../src/supabase-store.js';
import type { Store } from '../src/store.js';
import { aJob, anAudit, aNotification, aRetry, aRun } from './support/builders.js';

const URL_BASE = 'https://abcdefgh.supabase.co';
// A fake service-role key, long enough to be recognisable anywhere it might leak.
const KEY = 'test-service-role-key-0123456789abcdef-never-print-me';
const NOW = new Date('2026-11-23T09:00:00.000Z');

interface Seen {
  readonly method: string;
  readonly path: string;
  readonly query: Record<string, string>;
  readonly body: unknown;
  readonly headers: Record<string, string | string[] | undefined>;
}

function parseBody(body: unknown): unknown {
  if (typeof body !== 'string' || body === '') return body === '' ? undefined : body;
  try {
    return JSON.parse(body);
  } catch {
    return body;
  }
}

/** The query as an object; a parameter given twice (created_at=gte…&created_at=lt…) is joined with `|`. */
function queryOf(params: URLSearchParams): Record<string, string> {
  const query: Record<string, string> = {};
  for (const [name, value] of params) query[name] = name in query ? `${query[name]}|${value}` : value;
  return query;
}

/** Answers `method pathname` (any query) with `status`/`reply` and records what was sent. */
function expectRequest(
  seen: Seen[],
  method: string,
  pathname: string,
  status: number,
  reply?: unknown,
  times = 1,
): nock.Scope {
  const scope = nock(URL_BASE).intercept(pathname, method).query(true).times(times);
  const answered =
    reply === undefined
      ? scope.reply(status, '')
      : scope.reply(status, JSON.stringify(reply), { 'content-type': 'application/json' });
  // nock 15 hands the request over as a fetch Request (url, method, Headers).
  answered.on('request', (req: Request, _interceptor: unknown, body: string) => {
    const url = new URL(req.url);
    seen.push({
      method: req.method,
      path: url.pathname,
      query: queryOf(url.searchParams),
      body: parseBody(body),
      headers: Object.fromEntries(req.headers),
    });
  });
  return answered;
}

function open(options: Partial<SupabaseStoreOptions> = {}): Store {
  return openSupabaseStore({ url: URL_BASE, key: KEY, retry: false, ...options });
}

describe('Supabase store: the PostgREST requests it sends', () => {
  let seen: Seen[];
  let store: Store;
  let output: string[];
  let unmatched: string[];
  const onNoMatch = (req: { method?: string; url?: string; path?: string }) => {
    unmatched.push(`${req.method ?? '?'} ${req.url ?? req.path ?? '?'}`);
  };
  beforeEach(() => {
    seen = [];
    unmatched = [];
    nock.emitter.on('no match', onNoMatch);
    store = open();
    output = [];
    for (const method of ['log', 'info', 'warn', 'error', 'debug'] as const) {
      jest.spyOn(console, method).mockImplementation((...args: unknown[]) => {
        output.push(args.map((a) => (typeof a === 'string' ? a : inspect(a))).join(' '));
      });
    }
  });
  afterEach(() => {
    nock.emitter.removeListener('no match', onNoMatch);
    jest.restoreAllMocks();
    // Nothing beyond the asserted requests: no auth refresh, no realtime, no retries.
    expect(unmatched).toEqual([]);
    // The key is sent, and never written anywhere a log could show it.
    expect(output.join('\n')).not.toContain(KEY);
    expect(nock.pendingMocks()).toEqual([]);
  });

  function only(): Seen {
    expect(seen).toHaveLength(1);
    return seen[0]!;
  }

  function expectAuthHeaders(request: Seen): void {
    expect(request.headers['apikey']).toBe(KEY);
    expect(request.headers['authorization']).toBe(`Bearer ${KEY}`);
  }

  test('every request carries apikey and the bearer key, and the public schema', async () => {
    expectRequest(seen, 'POST', '/rest/v1/rpc/increment_metric', 204);
    expectRequest(seen, 'GET', '/rest/v1/kill_switch_state', 200, []);
    await store.incrementMetric({ name: 'guard_calls', labels: { outcome: 'SUCCESS' }, value: 1, at: NOW });
    await store.listKillSwitches();
    for (const request of seen) expectAuthHeaders(request);
    expect(seen[0]?.headers['content-profile']).toBe('public');
    expect(seen[1]?.headers['accept-profile']).toBe('public');
  });

  test('setKillSwitch → rpc set_kill_switch with p_* arguments', async () => {
    const row = {
      scope: 'service',
      target: 'github:acme/web:CI',
      active: true,
      reason: 'loop',
      updated_by: 'alice',
      updated_at: '2026-11-23T09:00:00+00:00',
    };
    expectRequest(seen, 'POST', '/rest/v1/rpc/set_kill_switch', 200, row);
    const state = await store.setKillSwitch({
      scope: 'service',
      target: 'github:acme/web:CI',
      active: true,
      reason: 'loop',
      actor: 'alice',
      at: NOW,
    });
    expect(only().body).toEqual({
      p_scope: 'service',
      p_target: 'github:acme/web:CI',
      p_active: true,
      p_reason: 'loop',
      p_actor: 'alice',
      p_at: NOW.toISOString(),
    });
    expect(only().headers['content-type']).toBe('application/json');
    expect(state).toEqual({
      scope: 'service',
      target: 'github:acme/web:CI',
      active: true,
      reason: 'loop',
      updatedBy: 'alice',
      updatedAt: NOW.toISOString(),
    });
  });

  test('listKillSwitches → GET kill_switch_state ordered, paged', async () => {
    expectRequest(seen, 'GET', '/rest/v1/kill_switch_state', 200, [
      {
        scope: 'global',
        target: '*',
        active: false,
        reason: null,
        updated_by: null,
        updated_at: '2026-11-23T09:00:00+00:00',
      },
    ]);
    expect(await store.listKillSwitches()).toEqual([
      { scope: 'global', target: '*', active: false, reason: null, updatedBy: null, updatedAt: NOW.toISOString() },
    ]);
    expect(only().query).toEqual({ select: '*', order: 'scope.asc,target.asc', offset: '0', limit: '1000' });
  });

  test('consumeTokens → rpc consume_tokens with the buckets as json', async () => {
    expectRequest(seen, 'POST', '/rest/v1/rpc/consume_tokens', 200, {
      allowed: false,
      denied_key: 'action:rerun',
      retry_after_ms: 12000,
    });
    const grant = await store.consumeTokens(
      [
        { key: 'global', capacity: 50, refillPerSecond: 50 / 60 },
        { key: 'action:rerun', capacity: 5, refillPerSecond: 5 / 60 },
      ],
      NOW,
    );
    expect(only().body).toEqual({
      p_buckets: [
        { key: 'global', capacity: 50, refill_per_second: 50 / 60 },
        { key: 'action:rerun', capacity: 5, refill_per_second: 5 / 60 },
      ],
      p_now: NOW.toISOString(),
    });
    expect(grant).toEqual({ allowed: false, deniedKey: 'action:rerun', retryAfterMs: 12000 });
  });

  test('consumeTokens with no buckets sends nothing', async () => {
    expect((await store.consumeTokens([], NOW)).allowed).toBe(true);
    expect(seen).toEqual([]);
  });

  test('admitBreaker and recordBreakerOutcome → their rpcs', async () => {
    const spec = { target: 'acme/web', failureThreshold: 5, openMs: 60_000, successThreshold: 3 };
    expectRequest(seen, 'POST', '/rest/v1/rpc/admit_breaker', 200, {
      allowed: false,
      state: 'open',
      retry_after_ms: 30000,
    });
    expectRequest(seen, 'POST', '/rest/v1/rpc/record_breaker_outcome', 200, {
      target: 'acme/web',
      state: 'open',
      consecutive_failures: 5,
      consecutive_successes: 0,
      opened_at: '2026-11-23T09:00:00+00:00',
      updated_at: '2026-11-23T09:00:00+00:00',
    });
    expect(await store.admitBreaker(spec, NOW)).toEqual({ allowed: false, state: 'open', retryAfterMs: 30000 });
    const snapshot = await store.recordBreakerOutcome(spec, false, NOW);
    expect(seen.map((s) => s.body)).toEqual([
      { p_target: 'acme/web', p_open_ms: 60000, p_now: NOW.toISOString() },
      {
        p_target: 'acme/web',
        p_success: false,
        p_failure_threshold: 5,
        p_success_threshold: 3,
        p_open_ms: 60000,
        p_now: NOW.toISOString(),
      },
    ]);
    expect(snapshot).toMatchObject({ state: 'open', consecutiveFailures: 5, openedAt: NOW.toISOString() });
  });

  test('getBreaker → GET circuit_breakers filtered by target, one row', async () => {
    expectRequest(seen, 'GET', '/rest/v1/circuit_breakers', 200, []);
    expect(await store.getBreaker('acme/web')).toBeNull();
    expect(only().query).toEqual({ select: '*', target: 'eq.acme/web', order: 'target.asc', offset: '0', limit: '1' });
  });

  test('claimIdempotencyKey and completeIdempotencyKey → their rpcs', async () => {
    expectRequest(seen, 'POST', '/rest/v1/rpc/claim_idempotency_key', 200, {
      claimed: false,
      existing: {
        key: 'k1',
        scope: 'budget',
        owner: 'run-1',
        status: 'completed',
        result: { ok: true },
        claimed_at: '2026-11-23T08:59:00+00:00',
        expires_at: '2026-11-23T09:59:00+00:00',
        completed_at: null,
      },
    });
    expectRequest(seen, 'POST', '/rest/v1/rpc/complete_idempotency_key', 200, true);
    const result = await store.claimIdempotencyKey({
      key: 'k1',
      scope: 'budget',
      owner: 'run-2',
      ttlMs: 3_600_000,
      now: NOW,
    });
    await store.completeIdempotencyKey('k1', 'failed', { error: 'x' }, NOW);
    expect(seen.map((s) => s.body)).toEqual([
      { p_key: 'k1', p_scope: 'budget', p_owner: 'run-2', p_ttl_ms: 3_600_000, p_now: NOW.toISOString() },
      { p_key: 'k1', p_status: 'failed', p_result: { error: 'x' }, p_now: NOW.toISOString() },
    ]);
    expect(result).toEqual({
      claimed: false,
      existing: {
        key: 'k1',
        scope: 'budget',
        owner: 'run-1',
        status: 'completed',
        result: { ok: true },
        claimedAt: '2026-11-23T08:59:00.000Z',
        expiresAt: '2026-11-23T09:59:00.000Z',
      },
    });
  });

  test('appendAudit → rpc append_audit; false means the id was there already', async () => {
    const record = anAudit({ outcome: 'SKIPPED', reason: 'rate_limited', dryRun: true });
    expectRequest(seen, 'POST', '/rest/v1/rpc/append_audit', 200, false);
    expect(await store.appendAudit(record)).toEqual({ inserted: false });
    expect(only().body).toEqual({
      p_id: record.id,
      p_at: record.at,
      p_action: record.action,
      p_service: record.service,
      p_target: record.target,
      p_idempotency_key: record.idempotencyKey,
      p_outcome: 'SKIPPED',
      p_reason: 'rate_limited',
      p_dry_run: true,
      p_actor: record.actor,
      p_attempts: record.attempts,
      p_duration_ms: record.durationMs,
      p_details: record.details,
    });
  });

  test('listAudit → GET automation_audit with its filters and limit', async () => {
    const record = anAudit();
    expectRequest(seen, 'GET', '/rest/v1/automation_audit', 200, [
      {
        id: record.id,
        at: '2026-11-20T10:06:00+00:00',
        action: record.action,
        service: record.service,
        target: record.target,
        idempotency_key: record.idempotencyKey,
        outcome: 'SUCCESS',
        reason: null,
        dry_run: false,
        actor: record.actor,
        attempts: 1,
        duration_ms: 120,
        details: { runId: 1001 },
      },
    ]);
    expect(
      await store.listAudit({ since: NOW, action: 'rerun-failed-jobs', target: 'acme/web#1001', limit: 20 }),
    ).toEqual([record]);
    expect(only().query).toEqual({
      select: '*',
      at: `gte.${NOW.toISOString()}`,
      action: 'eq.rerun-failed-jobs',
      target: 'eq.acme/web#1001',
      order: 'at.asc,id.asc',
      offset: '0',
      limit: '20',
    });
  });

  test('upsertRuns → POST runs with on_conflict and Prefer: resolution=merge-duplicates', async () => {
    expectRequest(seen, 'POST', '/rest/v1/runs', 201);
    const run = aRun();
    expect(await store.upsertRuns([aRun({ conclusion: 'failure' }), run, aRun({ runId: 2, attempt: 2 })])).toEqual({
      rows: 2,
      requests: 1,
    });
    const request = only();
    expect(request.query['on_conflict']).toBe('repo,run_id,attempt');
    expect(request.headers['prefer']).toBe('resolution=merge-duplicates');
    expect(request.body).toEqual([
      {
        repo: 'acme/web',
        run_id: 1001,
        attempt: 1,
        workflow_id: 7,
        workflow_name: 'CI',
        event: 'push',
        branch: 'main',
        head_sha: 'abc123',
        actor: 'octocat',
        status: 'completed',
        conclusion: 'failure',
        created_at: run.createdAt,
        started_at: run.startedAt,
        updated_at: run.updatedAt,
        duration_ms: 295000,
        queue_ms: 5000,
        url: run.url,
        cause: 'network',
      },
      expect.objectContaining({ run_id: 2, attempt: 2 }),
    ]);
  });

  test('10,000 runs go in 20 requests of 500 rows', async () => {
    expectRequest(seen, 'POST', '/rest/v1/runs', 201, undefined, 20);
    const runs = Array.from({ length: 10_000 }, (_, i) => aRun({ runId: i + 1 }));
    expect(await store.upsertRuns(runs)).toEqual({ rows: 10_000, requests: 20 });
    expect(seen).toHaveLength(20);
    expect(seen.every((s) => Array.isArray(s.body) && s.body.length === 500)).toBe(true);
    expect(new Set(seen.flatMap((s) => (s.body as { run_id: number }[]).map((r) => r.run_id))).size).toBe(10_000);
  });

  test('upsertJobs → POST jobs on (repo, job_id)', async () => {
    expectRequest(seen, 'POST', '/rest/v1/jobs', 201);
    expect(await store.upsertJobs([aJob(), aJob({ jobId: 5002 })])).toEqual({ rows: 2, requests: 1 });
    expect(only().query['on_conflict']).toBe('repo,job_id');
    expect(only().headers['prefer']).toBe('resolution=merge-duplicates');
    expect((only().body as unknown[])[0]).toEqual({
      repo: 'acme/web',
      job_id: 5001,
      run_id: 1001,
      attempt: 1,
      name: 'build',
      status: 'completed',
      conclusion: 'failure',
      created_at: '2026-11-20T10:00:01.000Z',
      started_at: '2026-11-20T10:00:05.000Z',
      completed_at: '2026-11-20T10:04:00.000Z',
      runner_name: 'GitHub Actions 2',
    });
  });

  test('listRuns pages through PostgREST’s row cap with filters', async () => {
    const paged = open({ pageSize: 2 });
    const rows = [1, 2, 3].map((runId) => ({
      repo: 'acme/web',
      run_id: runId,
      attempt: 1,
      workflow_id: 7,
      workflow_name: 'CI',
      event: 'push',
      branch: 'main',
      head_sha: 'abc',
      status: 'completed',
      conclusion: 'success',
      created_at: '2026-11-20T10:00:00+00:00',
      started_at: null,
      updated_at: '2026-11-20T10:01:00+00:00',
      duration_ms: 60000,
      queue_ms: null,
      url: 'u',
      cause: null,
    }));
    expectRequest(seen, 'GET', '/rest/v1/runs', 200, rows.slice(0, 2));
    expectRequest(seen, 'GET', '/rest/v1/runs', 200, rows.slice(2));
    const since = new Date('2026-11-20T00:00:00.000Z');
    const runs = await paged.listRuns({ repo: 'acme/web', since, until: NOW });
    expect(runs.map((r) => r.runId)).toEqual([1, 2, 3]);
    expect(seen.map((s) => s.query)).toEqual(
      ['0', '2'].map((offset) => ({
        select: '*',
        repo: 'eq.acme/web',
        created_at: ['gte.2026-11-20T00:00:00.000Z', `lt.${NOW.toISOString()}`].join('|'),
        order: 'created_at.asc,repo.asc,run_id.asc,attempt.asc',
        offset,
        limit: '2',
      })),
    );
  });

  test('insertRetryHistory → POST retry_history; listRetryHistory → GET with filters', async () => {
    const record = aRetry({ decision: 'rerun' });
    expectRequest(seen, 'POST', '/rest/v1/retry_history', 201);
    expectRequest(seen, 'GET', '/rest/v1/retry_history', 200, [
      {
        id: 1,
        repo: 'acme/web',
        run_id: 1001,
        attempt: 1,
        workflow_name: 'CI',
        cause: 'network',
        transient: true,
        decision: 'rerun',
        reason: record.reason,
        delay_ms: 60000,
        act: { kind: 'requested', attempt: 2 },
        result: 're-run requested (attempt 2)',
        evidence: ['ECONNRESET while fetching'],
        decided_at: '2026-11-20T10:06:00+00:00',
      },
    ]);
    await store.insertRetryHistory(record);
    expect(await store.listRetryHistory({ repo: 'acme/web' })).toEqual([record]);
    expect(seen[0]?.body).toEqual({
      repo: 'acme/web',
      run_id: 1001,
      attempt: 1,
      workflow_name: 'CI',
      cause: 'network',
      transient: true,
      decision: 'rerun',
      reason: record.reason,
      delay_ms: 60000,
      act: { kind: 'requested', attempt: 2 },
      result: 're-run requested (attempt 2)',
      evidence: ['ECONNRESET while fetching'],
      decided_at: record.decidedAt,
    });
    expect(seen[1]?.query).toEqual({
      select: '*',
      repo: 'eq.acme/web',
      order: 'decided_at.asc,id.asc',
      offset: '0',
      limit: '1000',
    });
  });

  test('insertNotification → POST notifications; listNotifications → GET with filters', async () => {
    const record = aNotification();
    const undelivered = aNotification({
      fingerprint: 'anomaly:queue',
      kind: 'anomaly',
      severity: 'critical',
      channel: null,
      delivered: false,
      error: 'slack: HTTP 500\ngithub-issue: HTTP 403',
      links: [],
      createdAt: '2026-11-20T10:08:00.000Z',
    });
    expectRequest(seen, 'POST', '/rest/v1/notifications', 201);
    expectRequest(seen, 'POST', '/rest/v1/notifications', 201);
    expectRequest(seen, 'GET', '/rest/v1/notifications', 200, [
      {
        id: 1,
        repo: 'acme/web',
        fingerprint: 'failure:CI',
        kind: 'failure',
        severity: 'warning',
        title: record.title,
        lines: [...record.lines],
        links: [{ text: 'run 1001', url: 'https://github.com/acme/web/actions/runs/1001' }],
        channel: 'github-issue',
        delivered: true,
        error: 'slack: HTTP 500',
        created_at: '2026-11-20T10:07:00+00:00',
      },
      {
        id: 2,
        repo: 'acme/web',
        fingerprint: 'anomaly:queue',
        kind: 'anomaly',
        severity: 'critical',
        title: record.title,
        lines: [...record.lines],
        links: [],
        channel: null,
        delivered: false,
        error: 'slack: HTTP 500\ngithub-issue: HTTP 403',
        created_at: '2026-11-20T10:08:00+00:00',
      },
    ]);
    await store.insertNotification(record);
    await store.insertNotification(undelivered);
    expect(await store.listNotifications({ repo: 'acme/web', since: new Date('2026-11-20T10:00:00.000Z') })).toEqual([
      record,
      undelivered,
    ]);
    expect(seen[0]?.body).toEqual({
      repo: 'acme/web',
      fingerprint: 'failure:CI',
      kind: 'failure',
      severity: 'warning',
      title: 'CI failed: network',
      lines: ['run 1001 attempt 1: transient network failure', 'ECONNRESET while fetching'],
      links: [{ text: 'run 1001', url: 'https://github.com/acme/web/actions/runs/1001' }],
      channel: 'github-issue',
      delivered: true,
      error: 'slack: HTTP 500',
      created_at: record.createdAt,
    });
    expect(seen[1]?.body).toMatchObject({ channel: null, delivered: false, links: [] });
    expect(seen[2]?.query).toEqual({
      select: '*',
      repo: 'eq.acme/web',
      created_at: 'gte.2026-11-20T10:00:00.000Z',
      order: 'created_at.asc,id.asc',
      offset: '0',
      limit: '1000',
    });
  });

  test('listNotifications by fingerprint → GET filtered by fingerprint', async () => {
    expectRequest(seen, 'GET', '/rest/v1/notifications', 200, []);
    expect(await store.listNotifications({ fingerprint: 'failure:CI' })).toEqual([]);
    expect(only().query).toEqual({
      select: '*',
      fingerprint: 'eq.failure:CI',
      order: 'created_at.asc,id.asc',
      offset: '0',
      limit: '1000',
    });
  });

  test('incrementMetric → rpc increment_metric', async () => {
    expectRequest(seen, 'POST', '/rest/v1/rpc/increment_metric', 204);
    await store.incrementMetric({
      name: 'guard_calls',
      labels: { outcome: 'SKIPPED', reason: 'rate_limited' },
      value: 1,
      at: NOW,
    });
    expect(only().body).toEqual({
      p_name: 'guard_calls',
      p_labels: { outcome: 'SKIPPED', reason: 'rate_limited' },
      p_value: 1,
      p_at: NOW.toISOString(),
    });
  });

  test('ping → one small GET', async () => {
    expectRequest(seen, 'GET', '/rest/v1/kill_switch_state', 200, []);
    await store.ping();
    expect(only().query).toEqual({ select: 'scope', limit: '1' });
  });

  describe('errors', () => {
    test('a network failure is StoreUnavailableError', async () => {
      nock(URL_BASE)
        .post('/rest/v1/rpc/consume_tokens')
        .replyWithError(Object.assign(new Error('connect ECONNREFUSED'), { code: 'ECONNREFUSED' }));
      const error = await store
        .consumeTokens([{ key: 'g', capacity: 1, refillPerSecond: 1 }], NOW)
        .catch((e: unknown) => e);
      expect(isStoreUnavailableError(error)).toBe(true);
      expect(String(error)).toMatch(/store unavailable \(supabase rpc consume_tokens\)/);
    });

    test('a failed read is StoreUnavailableError too (the guard fails closed on it)', async () => {
      nock(URL_BASE).get('/rest/v1/kill_switch_state').query(true).replyWithError(new Error('getaddrinfo ENOTFOUND'));
      await expect(store.listKillSwitches()).rejects.toThrow(/store unavailable \(supabase select kill_switch_state\)/);
    });

    test.each([500, 502, 503, 504])('HTTP %i is StoreUnavailableError', async (status) => {
      expectRequest(seen, 'POST', '/rest/v1/rpc/admit_breaker', status, { message: 'upstream gone' });
      const error = await store
        .admitBreaker({ target: 't', failureThreshold: 5, openMs: 1, successThreshold: 3 }, NOW)
        .catch((e: unknown) => e);
      expect(isStoreUnavailableError(error)).toBe(true);
      expect(String(error)).toContain(`HTTP ${status}`);
    });

    test('a store that does not answer in time is StoreUnavailableError', async () => {
      // A fetch that hangs until aborted: only the store's own timeout can end it.
      const hanging: typeof fetch = (_input, init) =>
        new Promise((_resolve, reject) => {
          init?.signal?.addEventListener('abort', () => reject(init.signal?.reason as Error));
        });
      const impatient = open({ timeoutMs: 50, fetch: hanging });
      const error = await impatient
        .consumeTokens([{ key: 'g', capacity: 1, refillPerSecond: 1 }], NOW)
        .catch((e: unknown) => e);
      expect(isStoreUnavailableError(error)).toBe(true);
      expect(String(error)).toMatch(/consume_tokens.*timeout/);
    });

    test('a PostgREST error names the function, the code and the message', async () => {
      expectRequest(seen, 'POST', '/rest/v1/rpc/claim_idempotency_key', 400, {
        code: '22023',
        message: 'claim_idempotency_key: p_ttl_ms must be positive',
        details: null,
        hint: null,
      });
      const error = await store
        .claimIdempotencyKey({ key: 'k', scope: 's', owner: 'o', ttlMs: 0, now: NOW })
        .catch((e: unknown) => e);
      expect(isStoreQueryError(error)).toBe(true);
      expect(isStoreUnavailableError(error)).toBe(false);
      expect((error as Error).message).toBe(
        'supabase rpc claim_idempotency_key failed (HTTP 400 22023): claim_idempotency_key: p_ttl_ms must be positive',
      );
      expect(error).toMatchObject({ operation: 'rpc claim_idempotency_key', code: '22023', status: 400 });
    });

    test('a missing function (schema not migrated) says so', async () => {
      expectRequest(seen, 'POST', '/rest/v1/rpc/append_audit', 404, {
        code: 'PGRST202',
        message: 'Could not find the function public.append_audit(p_action, ...) in the schema cache',
        details: 'Searched for the function',
        hint: 'Perhaps you meant ...',
      });
      await expect(store.appendAudit(anAudit())).rejects.toThrow(
        /supabase rpc append_audit failed \(HTTP 404 PGRST202\): Could not find the function/,
      );
    });

    test('a refused table write names the table', async () => {
      expectRequest(seen, 'POST', '/rest/v1/runs', 403, {
        code: '42501',
        message: 'permission denied for table runs',
        details: null,
        hint: null,
      });
      await expect(store.upsertRuns([aRun()])).rejects.toThrow(
        'supabase upsert runs failed (HTTP 403 42501): permission denied for table runs',
      );
    });

    test('the key never appears in an error, even when the server echoes it', async () => {
      expectRequest(seen, 'GET', '/rest/v1/kill_switch_state', 401, {
        message: `Invalid API key: ${KEY}`,
        hint: `key ${KEY} rejected`,
      });
      const error = (await store.listKillSwitches().catch((e: unknown) => e)) as Error;
      expect(error.message).toMatch(/HTTP 401/);
      expect(`${error.message}\n${error.stack ?? ''}`).not.toContain(KEY);
      expect(inspect(store, { depth: 10 })).not.toContain(KEY);
      expect(JSON.stringify(store)).not.toContain(KEY);
    });

    test('writes are never retried by the client, even with retry on: a re-sent rpc could act twice', async () => {
      const retrying = openSupabaseStore({ url: URL_BASE, key: KEY });
      nock(URL_BASE).post('/rest/v1/rpc/set_kill_switch').replyWithError(new Error('socket hang up'));
      await expect(
        retrying.setKillSwitch({ scope: 'global', target: '*', active: true, reason: 'r', actor: 'a', at: NOW }),
      ).rejects.toThrow(/store unavailable/);
      expect(nock.pendingMocks()).toEqual([]);
    });
  });

  describe('configuration', () => {
    test('a bad URL or an empty key is a ConfigurationError naming the setting', () => {
      expect(() => openSupabaseStore({ url: 'abcd.supabase.co', key: KEY })).toThrow(/SUPABASE_URL/);
      expect(() => openSupabaseStore({ url: URL_BASE, key: ' ' })).toThrow(/SUPABASE_SERVICE_ROLE_KEY/);
    });

    test('openStore picks Supabase when SUPABASE_URL and the key are set', async () => {
      const selected = await openStore(
        selectStore({ SUPABASE_URL: URL_BASE, SUPABASE_SERVICE_ROLE_KEY: KEY, DATABASE_URL: 'postgres://ignored' }),
      );
      expect(selected.kind).toBe('supabase');
      expectRequest(seen, 'GET', '/rest/v1/kill_switch_state', 200, []);
      await selected.ping();
      expectAuthHeaders(only());
      await selected.close();
    });
  });
});
