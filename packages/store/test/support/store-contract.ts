import { afterAll, beforeAll, describe, expect, test } from '@jest/globals';
import type { BreakerSpec, Store } from '../../src/store.js';
import { aJob, anAudit, aNotification, aRetry, aRun } from './builders.js';
import { uid, type StoreBackend } from './databases.js';

const T0 = new Date('2026-11-23T09:00:00.000Z');
const at = (ms: number): Date => new Date(T0.getTime() + ms);

/**
 * One behaviour for every SQL backend: the same suite runs on PGlite and on PostgreSQL 15.
 * Tests share one database per file and keep apart by unique keys.
 */
export function describeStoreContract(name: string, open: () => Promise<StoreBackend>): void {
  describe(`Store contract: ${name}`, () => {
    let backend: StoreBackend;
    let store: Store;
    beforeAll(async () => {
      backend = await open();
      store = backend.store;
    });
    afterAll(async () => {
      await backend?.close();
    });

    test('ping answers', async () => {
      await expect(store.ping()).resolves.toBeUndefined();
    });

    describe('kill switch', () => {
      test('set, list and flip a switch; every change is logged', async () => {
        const target = uid('svc');
        const on = await store.setKillSwitch({
          scope: 'service',
          target,
          active: true,
          reason: 'runaway re-runs',
          actor: 'alice',
          at: T0,
        });
        expect(on).toEqual({
          scope: 'service',
          target,
          active: true,
          reason: 'runaway re-runs',
          updatedBy: 'alice',
          updatedAt: T0.toISOString(),
        });
        await store.setKillSwitch({
          scope: 'service',
          target,
          active: false,
          reason: 'fixed',
          actor: 'bob',
          at: at(60_000),
        });

        const mine = (await store.listKillSwitches()).filter((s) => s.target === target);
        expect(mine).toEqual([
          {
            scope: 'service',
            target,
            active: false,
            reason: 'fixed',
            updatedBy: 'bob',
            updatedAt: at(60_000).toISOString(),
          },
        ]);

        const log = await backend.sql(
          'select active, reason, actor from public.kill_switch_log where target = $1 order by id',
          [target],
        );
        expect(log).toEqual([
          { active: true, reason: 'runaway re-runs', actor: 'alice' },
          { active: false, reason: 'fixed', actor: 'bob' },
        ]);
      });

      test('the global switch has the target *; any other target is refused', async () => {
        const global = await store.setKillSwitch({
          scope: 'global',
          target: '*',
          active: true,
          reason: 'incident',
          actor: 'alice',
          at: T0,
        });
        expect(global.scope).toBe('global');
        expect((await store.listKillSwitches()).some((s) => s.scope === 'global' && s.active)).toBe(true);
        await store.setKillSwitch({
          scope: 'global',
          target: '*',
          active: false,
          reason: 'over',
          actor: 'alice',
          at: at(1),
        });
        await expect(
          store.setKillSwitch({ scope: 'global', target: 'web', active: true, reason: 'x', actor: 'a', at: T0 }),
        ).rejects.toThrow();
      });

      test('the log is append-only', async () => {
        const target = uid('svc');
        await store.setKillSwitch({ scope: 'action', target, active: true, reason: 'r', actor: 'a', at: T0 });
        await expect(
          backend.sql('update public.kill_switch_log set reason = $1 where target = $2', ['rewritten', target]),
        ).rejects.toThrow(/append-only/);
        await expect(backend.sql('delete from public.kill_switch_log where target = $1', [target])).rejects.toThrow(
          /append-only/,
        );
      });
    });

    describe('token buckets', () => {
      test('a new bucket starts full; the next token comes after 1/refill seconds', async () => {
        const key = uid('bucket');
        const spec = [{ key, capacity: 3, refillPerSecond: 1 }];
        for (let i = 0; i < 3; i++) expect((await store.consumeTokens(spec, T0)).allowed).toBe(true);
        expect(await store.consumeTokens(spec, T0)).toEqual({ allowed: false, deniedKey: key, retryAfterMs: 1000 });
        expect(await store.consumeTokens(spec, at(400))).toEqual({ allowed: false, deniedKey: key, retryAfterMs: 600 });
        expect((await store.consumeTokens(spec, at(1000))).allowed).toBe(true);
        expect((await store.consumeTokens(spec, at(1000))).allowed).toBe(false);
      });

      test('refill stops at capacity however long the bucket rested', async () => {
        const key = uid('bucket');
        const spec = [{ key, capacity: 2, refillPerSecond: 1 }];
        await store.consumeTokens(spec, T0);
        await store.consumeTokens(spec, T0);
        const later = at(3_600_000);
        expect((await store.consumeTokens(spec, later)).allowed).toBe(true);
        expect((await store.consumeTokens(spec, later)).allowed).toBe(true);
        expect((await store.consumeTokens(spec, later)).allowed).toBe(false);
      });

      test('10 per minute: a token every 6 s exactly, in spite of 1/6 in floating point', async () => {
        const key = uid('bucket');
        const spec = [{ key, capacity: 10, refillPerSecond: 10 / 60 }];
        for (let i = 0; i < 10; i++) await store.consumeTokens(spec, T0);
        expect(await store.consumeTokens(spec, T0)).toEqual({ allowed: false, deniedKey: key, retryAfterMs: 6000 });
        expect((await store.consumeTokens(spec, at(5_999))).allowed).toBe(false);
        expect((await store.consumeTokens(spec, at(6_000))).allowed).toBe(true);
      });

      test('several buckets are consumed all together or not at all', async () => {
        const wide = uid('global');
        const narrow = uid('action');
        const specs = [
          { key: wide, capacity: 5, refillPerSecond: 0.001 },
          { key: narrow, capacity: 1, refillPerSecond: 0.001 },
        ];
        expect((await store.consumeTokens(specs, T0)).allowed).toBe(true);
        const refused = await store.consumeTokens(specs, T0);
        expect(refused).toMatchObject({ allowed: false, deniedKey: narrow });
        expect(refused.retryAfterMs).toBe(1_000_000);
        // The refusal took nothing from the wide bucket: 4 of 5 tokens are left.
        const [row] = await backend.sql('select tokens from public.token_buckets where key = $1', [wide]);
        expect(Number(row?.['tokens'])).toBeCloseTo(4, 6);
        for (let i = 0; i < 4; i++) expect((await store.consumeTokens([specs[0]!], T0)).allowed).toBe(true);
        expect((await store.consumeTokens([specs[0]!], T0)).allowed).toBe(false);
      });

      test('the first refusing bucket in the caller’s order is reported', async () => {
        const a = uid('b');
        const b = uid('a');
        const specs = [
          { key: a, capacity: 1, refillPerSecond: 1 },
          { key: b, capacity: 1, refillPerSecond: 1 },
        ];
        await store.consumeTokens(specs, T0);
        expect((await store.consumeTokens(specs, T0)).deniedKey).toBe(a);
      });

      test('no buckets: allowed without a round trip', async () => {
        expect(await store.consumeTokens([], T0)).toEqual({ allowed: true, deniedKey: null, retryAfterMs: 0 });
      });
    });

    describe('circuit breaker', () => {
      const spec = (target: string): BreakerSpec => ({
        target,
        failureThreshold: 5,
        openMs: 60_000,
        successThreshold: 3,
      });

      test('an unknown target is closed and admitted', async () => {
        const target = uid('t');
        expect(await store.admitBreaker(spec(target), T0)).toEqual({ allowed: true, state: 'closed', retryAfterMs: 0 });
        expect(await store.getBreaker(target)).toBeNull();
      });

      test('5 consecutive failures open it; 60 s later half-open; 3 successes close it', async () => {
        const target = uid('t');
        for (let i = 1; i <= 4; i++) {
          expect((await store.recordBreakerOutcome(spec(target), false, at(i))).state).toBe('closed');
        }
        const opened = await store.recordBreakerOutcome(spec(target), false, at(5));
        expect(opened).toMatchObject({ state: 'open', consecutiveFailures: 5, openedAt: at(5).toISOString() });

        expect(await store.admitBreaker(spec(target), at(5 + 59_000))).toEqual({
          allowed: false,
          state: 'open',
          retryAfterMs: 1_000,
        });
        expect(await store.admitBreaker(spec(target), at(5 + 60_000))).toEqual({
          allowed: true,
          state: 'half_open',
          retryAfterMs: 0,
        });
        expect((await store.getBreaker(target))?.state).toBe('half_open');

        expect((await store.recordBreakerOutcome(spec(target), true, at(61_000))).state).toBe('half_open');
        expect((await store.recordBreakerOutcome(spec(target), true, at(62_000))).state).toBe('half_open');
        const closed = await store.recordBreakerOutcome(spec(target), true, at(63_000));
        expect(closed).toMatchObject({ state: 'closed', consecutiveFailures: 0, openedAt: null });
        expect((await store.admitBreaker(spec(target), at(63_001))).state).toBe('closed');
      });

      test('a failure in half-open reopens it for another full period', async () => {
        const target = uid('t');
        for (let i = 0; i < 5; i++) await store.recordBreakerOutcome(spec(target), false, T0);
        expect((await store.admitBreaker(spec(target), at(60_000))).state).toBe('half_open');
        await store.recordBreakerOutcome(spec(target), true, at(60_100));
        const reopened = await store.recordBreakerOutcome(spec(target), false, at(60_200));
        expect(reopened).toMatchObject({ state: 'open', openedAt: at(60_200).toISOString(), consecutiveSuccesses: 0 });
        expect(await store.admitBreaker(spec(target), at(61_000))).toEqual({
          allowed: false,
          state: 'open',
          retryAfterMs: 59_200,
        });
      });

      test('a success resets the failure count while closed', async () => {
        const target = uid('t');
        for (let i = 0; i < 4; i++) await store.recordBreakerOutcome(spec(target), false, T0);
        await store.recordBreakerOutcome(spec(target), true, T0);
        for (let i = 0; i < 4; i++) await store.recordBreakerOutcome(spec(target), false, T0);
        expect(await store.getBreaker(target)).toMatchObject({ state: 'closed', consecutiveFailures: 4 });
      });
    });

    describe('idempotency keys', () => {
      test('claim, refuse a second claimer, complete, reclaim after the TTL', async () => {
        const key = uid('key');
        const claim = { key, scope: 'budget', owner: 'run-1', ttlMs: 60_000, now: T0 };
        expect(await store.claimIdempotencyKey(claim)).toEqual({ claimed: true, existing: null });

        const second = await store.claimIdempotencyKey({ ...claim, owner: 'run-2', now: at(1_000) });
        expect(second.claimed).toBe(false);
        expect(second.existing).toMatchObject({
          key,
          owner: 'run-1',
          status: 'claimed',
          result: null,
          claimedAt: T0.toISOString(),
          expiresAt: at(60_000).toISOString(),
        });

        await store.completeIdempotencyKey(key, 'completed', { rerun: true }, at(2_000));
        const afterDone = await store.claimIdempotencyKey({ ...claim, owner: 'run-3', now: at(59_999) });
        expect(afterDone.existing).toMatchObject({ owner: 'run-1', status: 'completed', result: { rerun: true } });

        const reclaimed = await store.claimIdempotencyKey({ ...claim, owner: 'run-4', now: at(60_000) });
        expect(reclaimed).toEqual({ claimed: true, existing: null });
        const [row] = await backend.sql('select owner, status, result from public.idempotency_keys where key = $1', [
          key,
        ]);
        expect(row).toEqual({ owner: 'run-4', status: 'claimed', result: null });
      });

      test('a non-positive TTL and an unknown status are refused', async () => {
        await expect(
          store.claimIdempotencyKey({ key: uid('k'), scope: 's', owner: 'o', ttlMs: 0, now: T0 }),
        ).rejects.toThrow(/ttl/i);
        const key = uid('k');
        await store.claimIdempotencyKey({ key, scope: 's', owner: 'o', ttlMs: 1000, now: T0 });
        await expect(store.completeIdempotencyKey(key, 'bogus' as 'completed', {}, T0)).rejects.toThrow(
          /completed or failed/,
        );
      });
    });

    describe('automation audit', () => {
      test('append, read back, and a duplicate id leaves the first record', async () => {
        const record = anAudit({ id: uid('audit'), target: uid('target') });
        expect(await store.appendAudit(record)).toEqual({ inserted: true });
        expect(await store.appendAudit({ ...record, outcome: 'FAILURE', reason: 'rewritten' })).toEqual({
          inserted: false,
        });
        expect(await store.listAudit({ target: record.target })).toEqual([record]);
      });

      test('UPDATE, DELETE and TRUNCATE are refused by the database', async () => {
        const record = anAudit({ id: uid('audit'), target: uid('target') });
        await store.appendAudit(record);
        await expect(
          backend.sql('update public.automation_audit set outcome = $1 where id = $2', ['SUCCESS', record.id]),
        ).rejects.toThrow(/append-only/);
        await expect(backend.sql('delete from public.automation_audit where id = $1', [record.id])).rejects.toThrow(
          /append-only/,
        );
        await expect(backend.sql('truncate public.automation_audit')).rejects.toThrow(/append-only/);
        expect(await store.listAudit({ target: record.target })).toEqual([record]);
      });

      test('replica mode does not skip the triggers (they fire ALWAYS)', async () => {
        const record = anAudit({ id: uid('audit'), target: uid('target') });
        await store.appendAudit(record);
        await backend.sql('begin');
        try {
          await backend.sql('set local session_replication_role = replica');
          await expect(
            backend.sql('update public.automation_audit set reason = $1 where id = $2', ['rewritten', record.id]),
          ).rejects.toThrow(/append-only/);
        } finally {
          await backend.sql('rollback');
        }
        await backend.sql('begin');
        try {
          await backend.sql('set local session_replication_role = replica');
          await expect(backend.sql('delete from public.kill_switch_log')).rejects.toThrow(/append-only/);
        } finally {
          await backend.sql('rollback');
        }
        expect(await store.listAudit({ target: record.target })).toEqual([record]);
      });

      test('filters by action, target, since and limit, oldest first', async () => {
        const action = uid('action');
        const records = [0, 1, 2].map((i) =>
          anAudit({
            id: uid('audit'),
            action,
            target: `t${i % 2}`,
            at: at(i * 1000).toISOString(),
            outcome: i === 2 ? 'SKIPPED' : 'SUCCESS',
            reason: i === 2 ? 'rate_limited' : null,
            dryRun: i === 1,
          }),
        );
        for (const record of [...records].reverse()) await store.appendAudit(record);
        expect(await store.listAudit({ action })).toEqual(records);
        expect(await store.listAudit({ action, target: 't0' })).toEqual([records[0], records[2]]);
        expect(await store.listAudit({ action, since: at(1000) })).toEqual([records[1], records[2]]);
        expect(await store.listAudit({ action, limit: 2 })).toEqual([records[0], records[1]]);
      });
    });

    describe('runs and jobs', () => {
      test('upsert by run id and attempt: a re-upsert updates, never duplicates', async () => {
        const repo = uid('repo');
        const first = aRun({ repo, attempt: 1, conclusion: 'failure' });
        const second = aRun({ repo, attempt: 2, status: 'in_progress', conclusion: null, cause: null });
        expect(await store.upsertRuns([first, second])).toEqual({ rows: 2, requests: 1 });
        const finished = { ...second, status: 'completed', conclusion: 'success', durationMs: 100_000 };
        expect(await store.upsertRuns([finished])).toEqual({ rows: 1, requests: 1 });
        expect(await store.listRuns({ repo })).toEqual([first, finished]);
      });

      test('the same key twice in one call keeps the last record', async () => {
        const repo = uid('repo');
        const result = await store.upsertRuns([
          aRun({ repo, conclusion: 'failure' }),
          aRun({ repo, conclusion: 'success' }),
        ]);
        expect(result.rows).toBe(1);
        expect((await store.listRuns({ repo })).map((r) => r.conclusion)).toEqual(['success']);
      });

      test('1,200 runs go in 3 batches of at most 500', async () => {
        const repo = uid('repo');
        const runs = Array.from({ length: 1200 }, (_, i) =>
          aRun({ repo, runId: 10_000 + i, createdAt: at(i * 1000).toISOString() }),
        );
        expect(await store.upsertRuns(runs)).toEqual({ rows: 1200, requests: 3 });
        expect(await store.listRuns({ repo })).toHaveLength(1200);
        expect(await store.upsertRuns(runs)).toEqual({ rows: 1200, requests: 3 });
        expect(await store.listRuns({ repo })).toHaveLength(1200);
      });

      test('jobs upsert by job id', async () => {
        const repo = uid('repo');
        await store.upsertJobs([aJob({ repo, jobId: 1 }), aJob({ repo, jobId: 2, name: 'test' })]);
        expect(await store.upsertJobs([aJob({ repo, jobId: 1, conclusion: 'success' })])).toEqual({
          rows: 1,
          requests: 1,
        });
        const rows = await backend.sql('select job_id, conclusion from public.jobs where repo = $1 order by job_id', [
          repo,
        ]);
        expect(rows.map((r) => [Number(r['job_id']), r['conclusion']])).toEqual([
          [1, 'success'],
          [2, 'failure'],
        ]);
      });

      test('listRuns filters by repo, since (inclusive) and until (exclusive)', async () => {
        const repo = uid('repo');
        const other = uid('repo');
        const runs = [0, 1, 2, 3].map((day) =>
          aRun({ repo, runId: 100 + day, createdAt: at(day * 86_400_000).toISOString() }),
        );
        await store.upsertRuns([...runs, aRun({ repo: other, createdAt: at(86_400_000).toISOString() })]);
        expect(await store.listRuns({ repo })).toEqual(runs);
        expect(await store.listRuns({ repo, since: at(86_400_000), until: at(3 * 86_400_000) })).toEqual([
          runs[1],
          runs[2],
        ]);
        const all = await store.listRuns({ since: at(86_400_000), until: at(86_400_001) });
        expect(
          all
            .filter((r) => r.repo === repo || r.repo === other)
            .map((r) => r.repo)
            .sort(),
        ).toEqual([repo, other].sort());
      });
    });

    describe('retry history', () => {
      test('insert and list in decision order, with filters', async () => {
        const repo = uid('repo');
        const records = [
          aRetry({ repo, decidedAt: at(2000).toISOString(), decision: 'recovered', act: null }),
          aRetry({ repo, decidedAt: at(0).toISOString() }),
          aRetry({
            repo,
            decidedAt: at(1000).toISOString(),
            decision: 'skip',
            transient: false,
            evidence: [],
            act: { kind: 'refused', reason: 'rate_limited', message: 'rate limit reached for global' },
          }),
        ];
        for (const record of records) await store.insertRetryHistory(record);
        expect(await store.listRetryHistory({ repo })).toEqual([records[1], records[2], records[0]]);
        expect(await store.listRetryHistory({ repo, since: at(1000), until: at(2000) })).toEqual([records[2]]);
      });

      test('an unknown decision is refused', async () => {
        await expect(
          store.insertRetryHistory(aRetry({ repo: uid('repo'), decision: 'maybe' as 'rerun' })),
        ).rejects.toThrow();
      });
    });

    describe('notifications', () => {
      test('insert and list oldest first, with filters by repo, since and fingerprint', async () => {
        const repo = uid('repo');
        const records = [
          aNotification({ repo, createdAt: at(2000).toISOString(), fingerprint: 'anomaly:queue', kind: 'anomaly' }),
          aNotification({ repo, createdAt: at(0).toISOString() }),
          aNotification({
            repo,
            createdAt: at(1000).toISOString(),
            severity: 'critical',
            channel: null,
            delivered: false,
            error: 'slack: HTTP 500\ngithub-issue: HTTP 403\nlog: EPIPE',
            links: [],
            lines: [],
          }),
        ];
        for (const record of records) await store.insertNotification(record);
        await store.insertNotification(aNotification({ repo: uid('other') }));
        expect(await store.listNotifications({ repo })).toEqual([records[1], records[2], records[0]]);
        expect(await store.listNotifications({ repo, since: at(1000) })).toEqual([records[2], records[0]]);
        expect(await store.listNotifications({ repo, fingerprint: 'failure:CI' })).toEqual([records[1], records[2]]);
      });

      test('the same notification twice is two rows (every send is recorded)', async () => {
        const repo = uid('repo');
        const record = aNotification({ repo });
        await store.insertNotification(record);
        await store.insertNotification(record);
        expect(await store.listNotifications({ repo })).toEqual([record, record]);
      });

      test('an unknown kind, or delivered without a channel, is refused', async () => {
        const repo = uid('repo');
        await expect(store.insertNotification(aNotification({ repo, kind: 'gossip' as 'failure' }))).rejects.toThrow();
        await expect(
          store.insertNotification(aNotification({ repo, channel: null, delivered: true })),
        ).rejects.toThrow();
        await expect(
          store.insertNotification(aNotification({ repo, channel: 'slack', delivered: false })),
        ).rejects.toThrow();
        expect(await store.listNotifications({ repo })).toEqual([]);
      });
    });

    describe('metrics', () => {
      test('increments add up per name, labels and minute', async () => {
        const name = uid('metric');
        await store.incrementMetric({ name, labels: { outcome: 'SUCCESS' }, value: 1, at: at(1_000) });
        await store.incrementMetric({ name, labels: { outcome: 'SUCCESS' }, value: 2, at: at(59_000) });
        await store.incrementMetric({ name, labels: { outcome: 'SKIPPED' }, value: 1, at: at(2_000) });
        await store.incrementMetric({ name, labels: { outcome: 'SUCCESS' }, value: 1, at: at(60_000) });
        const rows = await backend.sql(
          "select labels->>'outcome' as outcome, minute, value from public.metrics where name = $1 order by minute, outcome",
          [name],
        );
        expect(
          rows.map((r) => [r['outcome'], new Date(r['minute'] as string).toISOString(), Number(r['value'])]),
        ).toEqual([
          ['SKIPPED', T0.toISOString(), 1],
          ['SUCCESS', T0.toISOString(), 3],
          ['SUCCESS', at(60_000).toISOString(), 1],
        ]);
      });
    });

    describe('row level security', () => {
      const TABLES = [
        'runs',
        'jobs',
        'retry_history',
        'notifications',
        'automation_audit',
        'kill_switch_state',
        'kill_switch_log',
        'token_buckets',
        'circuit_breakers',
        'idempotency_keys',
        'metrics',
        'schema_migrations',
      ];

      async function as<T>(role: string, fn: () => Promise<T>): Promise<T> {
        await backend.sql(`set role ${role}`);
        try {
          return await fn();
        } finally {
          await backend.sql('reset role');
        }
      }

      test.each(TABLES)('anon can neither read nor write %s', async (table) => {
        await as('anon', async () => {
          await expect(backend.sql(`select * from public.${table} limit 1`)).rejects.toThrow(/permission denied/);
          await expect(backend.sql(`delete from public.${table}`)).rejects.toThrow(/permission denied/);
        });
      });

      test('anon cannot call the functions', async () => {
        await as('anon', async () => {
          await expect(backend.sql(`select public.consume_tokens('[]'::jsonb, now())`)).rejects.toThrow(
            /permission denied/,
          );
          await expect(
            backend.sql(`select public.set_kill_switch('global', '*', false, 'x', 'anon', now())`),
          ).rejects.toThrow(/permission denied/);
        });
      });

      test.each(TABLES)('service_role can read %s', async (table) => {
        await as('service_role', async () => {
          await expect(backend.sql(`select * from public.${table} limit 1`)).resolves.toBeDefined();
        });
      });

      test('service_role writes through tables and functions, but cannot rewrite the audit', async () => {
        const repo = uid('repo');
        await as('service_role', async () => {
          await backend.sql(
            `insert into public.runs (repo, run_id, attempt, workflow_id, workflow_name, event, head_sha, status, created_at, updated_at, url)
             values ($1, 1, 1, 1, 'CI', 'push', 'abc', 'queued', now(), now(), 'u')`,
            [repo],
          );
          await backend.sql(`select public.consume_tokens($1::jsonb, now())`, [
            JSON.stringify([{ key: uid('k'), capacity: 1, refill_per_second: 1 }]),
          ]);
          await backend.sql(
            `select public.append_audit(p_id => $1, p_at => now(), p_action => 'a', p_service => 's', p_target => 't', p_idempotency_key => 'k', p_outcome => 'SUCCESS', p_reason => null, p_dry_run => false, p_actor => 'x', p_attempts => 1, p_duration_ms => 1, p_details => '{}'::jsonb)`,
            [uid('audit')],
          );
          // The upserts and inserts the Supabase store sends through PostgREST, as the service role.
          for (let i = 0; i < 2; i++) {
            await backend.sql(
              `insert into public.runs (repo, run_id, attempt, workflow_id, workflow_name, event, head_sha, status, created_at, updated_at, url)
               values ($1, 2, 1, 1, 'CI', 'push', 'abc', 'queued', now(), now(), 'u')
               on conflict (repo, run_id, attempt) do update set status = excluded.status`,
              [repo],
            );
            await backend.sql(
              `insert into public.jobs (repo, job_id, run_id, attempt, name, status) values ($1, 1, 2, 1, 'build', 'queued')
               on conflict (repo, job_id) do update set status = excluded.status`,
              [repo],
            );
          }
          await backend.sql(
            `insert into public.retry_history (repo, run_id, attempt, workflow_name, cause, transient, decision, reason, decided_at)
             values ($1, 2, 1, 'CI', 'network', true, 'rerun', 'r', now())`,
            [repo],
          );
          await backend.sql(
            `insert into public.notifications (repo, fingerprint, kind, severity, title, channel, delivered, created_at)
             values ($1, 'failure:CI', 'failure', 'warning', 't', 'slack', true, now())`,
            [repo],
          );
          await expect(backend.sql('update public.automation_audit set reason = null')).rejects.toThrow(
            /permission denied|append-only/,
          );
          await expect(backend.sql('delete from public.automation_audit')).rejects.toThrow(
            /permission denied|append-only/,
          );
        });
        expect(await store.listRuns({ repo })).toHaveLength(2);
        expect(await store.listRetryHistory({ repo })).toHaveLength(1);
        expect(await store.listNotifications({ repo })).toHaveLength(1);
      });

      test('authenticated (dashboards) reads runs, notifications and the audit, writes nothing', async () => {
        await as('authenticated', async () => {
          await expect(backend.sql('select * from public.runs limit 1')).resolves.toBeDefined();
          await expect(backend.sql('select * from public.automation_audit limit 1')).resolves.toBeDefined();
          await expect(backend.sql('select * from public.notifications limit 1')).resolves.toBeDefined();
          await expect(backend.sql('delete from public.runs')).rejects.toThrow(/permission denied/);
          await expect(
            backend.sql(
              `insert into public.notifications (repo, fingerprint, kind, severity, title, delivered, created_at)
               values ('r', 'f', 'failure', 'warning', 't', false, now())`,
            ),
          ).rejects.toThrow(/permission denied/);
          await expect(backend.sql('select * from public.token_buckets')).rejects.toThrow(/permission denied/);
        });
      });
    });
  });
}
