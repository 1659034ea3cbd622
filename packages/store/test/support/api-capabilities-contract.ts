import { afterAll, beforeAll, describe, expect, test } from '@jest/globals';
import { apiCapabilitiesOf, type ApiCapabilities } from '../../src/api-capabilities.js';
import type { ApiRow } from '../../src/api-reader.js';
import { INTAKE_RPC_ARGS } from '../../src/intake-calls.js';
import type { Store } from '../../src/store.js';
import { claimAnswers } from './batch-answers.js';
import { aJob, anAudit, aRetry, aRun } from './builders.js';
import { uid, type StoreBackend } from './databases.js';

const T0 = new Date('2026-11-23T09:00:00.000Z');
const at = (ms: number): Date => new Date(T0.getTime() + ms);
const HOUR = 3_600_000;
const DAY = 24 * HOUR;

/** API views, RLS, intake keys, clean-up and API keys: the same suite on PGlite and PostgreSQL 15. */
export function describeApiCapabilities(name: string, open: () => Promise<StoreBackend>): void {
  describe(`API capabilities: ${name}`, () => {
    let backend: StoreBackend;
    let store: Store;
    let api: ApiCapabilities;
    const repo = `acme/${uid('api')}`;
    beforeAll(async () => {
      backend = await open();
      store = backend.store;
      api = apiCapabilitiesOf(store);
      const runs = Array.from({ length: 25 }, (_, i) =>
        aRun({
          repo,
          runId: 5000 + i,
          workflowName: i % 2 ? 'Deploy' : 'CI',
          // Pairs of runs share a created_at, so the keyset's tie-breakers are exercised.
          createdAt: at(Math.floor(i / 2) * 60_000).toISOString(),
          conclusion: i % 3 ? 'success' : 'failure',
        }),
      );
      await store.upsertRuns(runs);
      await store.upsertJobs(runs.map((r, i) => aJob({ repo, runId: r.runId, jobId: 90_000 + i })));
      for (let i = 0; i < 3; i++)
        await store.insertRetryHistory(aRetry({ repo, runId: 5000 + i, decidedAt: at(i * 1000).toISOString() }));
      await store.appendAudit(anAudit({ id: uid('audit'), service: `github:${repo}:CI`, at: at(5000).toISOString() }));
      await store.incrementMetric({ name: 'guard_calls', labels: { service: `github:${repo}:CI` }, value: 2, at: T0 });
    });
    afterAll(async () => {
      await backend?.close();
    });

    describe('views and keyset pages', () => {
      test('every run once, in order, across pages; filters and a stable cursor under inserts', async () => {
        const seen: ApiRow[] = [];
        let cursor: string | null = null;
        let pages = 0;
        do {
          const page = await api.reader.page({ table: 'runs', filter: { repository: repo }, cursor, limit: 7 });
          seen.push(...page.rows);
          cursor = page.nextCursor;
          pages++;
          if (pages === 2) {
            // A run inserted mid-walk before the cursor is not returned, and nothing repeats or goes missing.
            await store.upsertRuns([aRun({ repo, runId: 4999, createdAt: at(-60_000).toISOString() })]);
          }
        } while (cursor !== null);
        expect(pages).toBe(4);
        expect(seen.map((r) => r['run_id'])).toEqual(Array.from({ length: 25 }, (_, i) => 5000 + i));
        expect(seen[0]).toMatchObject({ repository: repo, workflow: 'CI', attempt: 1, created_at: T0.toISOString() });
        expect(typeof seen[0]?.['duration_ms']).toBe('number');

        const deploys = await api.reader.page({
          table: 'runs',
          filter: { repository: repo, workflow: 'Deploy', since: at(2 * 60_000), until: at(5 * 60_000) },
          cursor: null,
          limit: 100,
        });
        expect(deploys.rows.map((r) => r['run_id'])).toEqual([5005, 5007, 5009]);
        expect(deploys.nextCursor).toBeNull();
      });

      test('jobs, retry history, audit and metrics views answer with the API columns', async () => {
        const jobs = await api.reader.page({
          table: 'jobs',
          filter: { repository: repo, workflow: 'Deploy' },
          cursor: null,
          limit: 3,
        });
        expect(jobs.rows).toHaveLength(3);
        expect(jobs.rows[0]).toMatchObject({ repository: repo, workflow: 'Deploy', job_id: 90_001, name: 'build' });
        const history = await api.reader.page({
          table: 'retry-history',
          filter: { repository: repo },
          cursor: null,
          limit: 10,
        });
        expect(history.rows.map((r) => r['run_id'])).toEqual([5000, 5001, 5002]);
        expect(history.rows[0]?.['evidence']).toEqual(['ECONNRESET while fetching']);
        const audit = await api.reader.page({ table: 'audit', filter: { repository: repo }, cursor: null, limit: 10 });
        expect(audit.rows).toHaveLength(1);
        expect(audit.rows[0]).toMatchObject({ repository: repo, workflow: 'CI', outcome: 'SUCCESS', dry_run: false });
        const metrics = await api.reader.page({
          table: 'metrics',
          filter: { repository: repo },
          cursor: null,
          limit: 10,
        });
        expect(metrics.rows).toEqual([
          {
            name: 'guard_calls',
            labels: { service: `github:${repo}:CI` },
            minute: T0.toISOString(),
            value: 2,
            repository: repo,
            workflow: 'CI',
          },
        ]);
      });

      test('a cursor of another table or a forged one is refused as InvalidCursorError', async () => {
        const first = await api.reader.page({ table: 'runs', filter: { repository: repo }, cursor: null, limit: 1 });
        const cursor = first.nextCursor ?? '';
        await expect(api.reader.page({ table: 'audit', filter: {}, cursor, limit: 1 })).rejects.toMatchObject({
          name: 'InvalidCursorError',
        });
        await expect(api.reader.page({ table: 'runs', filter: {}, cursor: 'bm9wZQ', limit: 1 })).rejects.toMatchObject({
          name: 'InvalidCursorError',
        });
      });

      test('kpi per workflow and for all workflows over whole days ending at until', async () => {
        const rows = await api.reader.kpi({ repository: repo, until: at(DAY), days: 7, branch: 'main' });
        expect(rows.map((r) => r['workflow'])).toEqual([null, 'CI', 'Deploy']);
        expect(rows[0]).toMatchObject({ repository: repo, runs: 26, attempts: 26 });
        const ci = await api.reader.kpi({ repository: repo, workflow: 'CI', until: at(DAY), days: 7, branch: 'main' });
        expect(ci).toHaveLength(1);
        expect(ci[0]?.['failures_by_cause']).toEqual({ network: expect.any(Number) });
      });
    });

    describe('row level security on the api schema', () => {
      test('metrics_reader reads every view and writes nothing; anon reads nothing', async () => {
        await backend.sql('set role metrics_reader');
        try {
          for (const view of ['v1_runs', 'v1_jobs', 'v1_retry_history', 'v1_audit', 'v1_metrics', 'v1_kpi']) {
            const rows = await backend.sql(`select count(*)::int as n from api.${view} where repository = $1`, [repo]);
            expect({ view, some: Number(rows[0]?.['n']) > 0 }).toEqual({ view, some: true });
          }
          await expect(backend.sql(`delete from public.runs where repo = $1`, [repo])).rejects.toThrow(
            /permission denied/,
          );
          await expect(backend.sql('select * from public.api_keys')).rejects.toThrow(/permission denied/);
          await expect(backend.sql('select * from public.idempotency_keys')).rejects.toThrow(/permission denied/);
        } finally {
          await backend.sql('reset role');
        }
        await backend.sql('set role anon');
        try {
          for (const view of ['v1_runs', 'v1_audit', 'v1_kpi'])
            await expect(backend.sql(`select * from api.${view}`)).rejects.toThrow(/permission denied/);
          await expect(backend.sql('select * from public.runs')).rejects.toThrow(/permission denied/);
        } finally {
          await backend.sql('reset role');
        }
      });
    });

    describe('intake keys', () => {
      const claim = (key: string, payloadSha256: string, now: Date, leaseMs = 60_000) =>
        api.intake.claimIntakeKey({
          source: 'budget-alert',
          key,
          payloadSha256,
          ttlMs: DAY,
          leaseMs,
          actor: 'test',
          details: { delivery: key },
          now,
        });

      test('first claim, processing, done, duplicate with the same reference, mismatch', async () => {
        const key = uid('k');
        const first = await claim(key, 'a'.repeat(64), T0);
        expect(first).toMatchObject({ outcome: 'claimed', attempt: 1, receivedAt: T0.toISOString() });
        expect(await claim(key, 'a'.repeat(64), at(1000))).toMatchObject({
          outcome: 'processing',
          auditId: first.auditId,
          leaseExpiresAt: at(60_000).toISOString(),
        });
        const finished = await api.intake.finishIntakeKey({
          source: 'budget-alert',
          key,
          attempt: 1,
          status: 'done',
          result: { dispatched: 1 },
          actor: 'test',
          now: at(2000),
        });
        expect(finished.finished).toBe(true);
        expect(await claim(key, 'a'.repeat(64), at(3000))).toEqual({
          outcome: 'duplicate',
          auditId: first.auditId,
          receivedAt: T0.toISOString(),
          attempt: 1,
          payloadSha256: 'a'.repeat(64),
          expiresAt: at(DAY).toISOString(),
          result: { dispatched: 1 },
        });
        expect(await claim(key, 'b'.repeat(64), at(4000))).toMatchObject({
          outcome: 'mismatch',
          auditId: first.auditId,
        });

        const rows = await backend.sql('select state, payload_sha256 from public.idempotency_keys where key = $1', [
          `intake:budget-alert:${key}`,
        ]);
        expect(rows).toEqual([{ state: 'done', payload_sha256: 'a'.repeat(64) }]);
        const audit = await store.listAudit({ target: 'intake:budget-alert' });
        const mine = audit.filter((a) => a.idempotencyKey === key);
        expect(mine.map((a) => [a.action, a.outcome])).toEqual([
          ['intake-accept', 'SUCCESS'],
          ['intake-process', 'SUCCESS'],
        ]);
        expect(mine[0]?.id).toBe(first.auditId);
      });

      test('a failed claim runs again on redelivery (attempt 2); a stale holder cannot settle it', async () => {
        const key = uid('k');
        const first = await claim(key, 'c'.repeat(64), T0);
        await api.intake.finishIntakeKey({
          source: 'budget-alert',
          key,
          attempt: 1,
          status: 'failed',
          result: { error: 'GitHub said 502' },
          actor: 'test',
          now: at(10),
        });
        const again = await claim(key, 'c'.repeat(64), at(20));
        expect(again).toMatchObject({ outcome: 'claimed', attempt: 2 });
        expect(again.auditId).not.toBe(first.auditId);
        const stale = await api.intake.finishIntakeKey({
          source: 'budget-alert',
          key,
          attempt: 1,
          status: 'done',
          result: {},
          actor: 'test',
          now: at(30),
        });
        expect(stale).toEqual({ finished: false, auditId: null });
      });

      test('an abandoned claim is taken over after its lease; an expired key starts afresh', async () => {
        const key = uid('k');
        await claim(key, 'd'.repeat(64), T0, 1000);
        expect((await claim(key, 'd'.repeat(64), at(999), 1000)).outcome).toBe('processing');
        expect(await claim(key, 'd'.repeat(64), at(1000), 1000)).toMatchObject({ outcome: 'claimed', attempt: 2 });
        expect(await claim(key, 'e'.repeat(64), at(DAY + 1000), 1000)).toMatchObject({
          outcome: 'claimed',
          attempt: 1,
        });
      });

      describe('accepted in one call (a record source: claim, done and both audit records, one commit)', () => {
        const accept = (key: string, payloadSha256: string, now: Date) =>
          api.intake.acceptIntakeEvent({
            source: 'record-src',
            key,
            payloadSha256,
            ttlMs: DAY,
            actor: 'test',
            details: { delivery: key },
            result: { recorded: true },
            now,
          });
        const claimRecord = (key: string, payloadSha256: string, now: Date) =>
          api.intake.claimIntakeKey({
            source: 'record-src',
            key,
            payloadSha256,
            ttlMs: DAY,
            leaseMs: 60_000,
            actor: 'test',
            details: {},
            now,
          });
        // Ordered by time, then accept before process (ids are hashes: their order says nothing).
        const auditOf = async (key: string) =>
          (await store.listAudit({ target: 'intake:record-src' }))
            .filter((a) => a.idempotencyKey === key)
            .sort((a, b) => a.at.localeCompare(b.at) || a.action.localeCompare(b.action));

        test('first delivery: claimed and already done; the audit rows carry the key', async () => {
          const key = uid('rec');
          const first = await accept(key, 'a'.repeat(64), T0);
          expect(first).toEqual({
            outcome: 'claimed',
            auditId: expect.stringMatching(/^intake-[0-9a-f]{64}$/),
            receivedAt: T0.toISOString(),
            attempt: 1,
            payloadSha256: 'a'.repeat(64),
            expiresAt: at(DAY).toISOString(),
          });
          const rows = await backend.sql(
            'select state, status, result, audit_id, lease_expires_at from public.idempotency_keys where key = $1',
            [`intake:record-src:${key}`],
          );
          expect(rows).toEqual([
            {
              state: 'done',
              status: 'completed',
              result: { recorded: true },
              audit_id: first.auditId,
              lease_expires_at: null,
            },
          ]);
          // The claim's times are answered from the request: they are the ones the row keeps.
          const [times] = await backend.sql(
            'select claimed_at, expires_at from public.idempotency_keys where key = $1',
            [`intake:record-src:${key}`],
          );
          expect(
            [times?.['claimed_at'], times?.['expires_at']].map((t) =>
              (t instanceof Date ? t : new Date(String(t))).toISOString(),
            ),
          ).toEqual([first.receivedAt, first.expiresAt]);
          const audit = await auditOf(key);
          expect(audit.map((a) => [a.action, a.outcome, a.idempotencyKey, a.attempts])).toEqual([
            ['intake-accept', 'SUCCESS', key, 1],
            ['intake-process', 'SUCCESS', key, 1],
          ]);
          expect(audit[0]?.id).toBe(first.auditId);
          expect(audit[0]?.details).toMatchObject({ delivery: key, payload_sha256: 'a'.repeat(64), attempt: 1 });
          expect(audit[1]?.details).toEqual({ recorded: true, accepted_audit_id: first.auditId });
        });

        test('the audit ids are the ones claim + finish would have given', async () => {
          const viaOneCall = uid('rec');
          const one = await accept(viaOneCall, 'a'.repeat(64), T0);
          await backend.sql('update public.idempotency_keys set key = $2 where key = $1', [
            `intake:record-src:${viaOneCall}`,
            `intake:record-src:${viaOneCall}-moved`,
          ]);
          const two = await claimRecord(viaOneCall, 'a'.repeat(64), T0);
          expect(two.auditId).toBe(one.auditId);
          const finished = await api.intake.finishIntakeKey({
            source: 'record-src',
            key: viaOneCall,
            attempt: 1,
            status: 'done',
            result: { recorded: true },
            actor: 'test',
            now: T0,
          });
          const ids = (await auditOf(viaOneCall)).map((a) => a.id);
          expect(ids).toContain(finished.auditId);
          // Same ids, so the second pair of inserts added nothing.
          expect(new Set(ids).size).toBe(2);
          expect(ids).toHaveLength(2);
        });

        test('a duplicate of a done event returns the first reference and writes nothing', async () => {
          const key = uid('rec');
          const first = await accept(key, 'b'.repeat(64), T0);
          const again = await accept(key, 'b'.repeat(64), at(5000));
          expect(again).toEqual({
            outcome: 'duplicate',
            auditId: first.auditId,
            receivedAt: T0.toISOString(),
            attempt: 1,
            payloadSha256: 'b'.repeat(64),
            expiresAt: at(DAY).toISOString(),
            result: { recorded: true },
          });
          expect(await auditOf(key)).toHaveLength(2);
        });

        test('another payload under the key is a mismatch carrying the first reference', async () => {
          const key = uid('rec');
          const first = await accept(key, 'c'.repeat(64), T0);
          expect(await accept(key, 'd'.repeat(64), at(1))).toMatchObject({
            outcome: 'mismatch',
            auditId: first.auditId,
            payloadSha256: 'c'.repeat(64),
          });
          expect(await auditOf(key)).toHaveLength(2);
        });

        test('a key another holder is still processing answers processing (the route makes it 409)', async () => {
          const key = uid('rec');
          const holder = await claimRecord(key, 'e'.repeat(64), T0);
          expect(await accept(key, 'e'.repeat(64), at(1000))).toMatchObject({
            outcome: 'processing',
            auditId: holder.auditId,
            leaseExpiresAt: at(60_000).toISOString(),
          });
          // Its lease ran out: the one call takes the key over (attempt 2) and settles it.
          expect(await accept(key, 'e'.repeat(64), at(60_000))).toMatchObject({ outcome: 'claimed', attempt: 2 });
        });

        test('a failed first attempt runs again on redelivery (attempt 2, a new audit id)', async () => {
          const key = uid('rec');
          const first = await claimRecord(key, 'f'.repeat(64), T0);
          await api.intake.finishIntakeKey({
            source: 'record-src',
            key,
            attempt: 1,
            status: 'failed',
            result: { error: 'crashed' },
            actor: 'test',
            now: at(10),
          });
          const again = await accept(key, 'f'.repeat(64), at(20));
          expect(again).toMatchObject({ outcome: 'claimed', attempt: 2 });
          expect(again.auditId).not.toBe(first.auditId);
          expect((await auditOf(key)).map((a) => [a.action, a.outcome, a.attempts])).toEqual([
            ['intake-accept', 'SUCCESS', 1],
            ['intake-process', 'FAILURE', 1],
            ['intake-accept', 'SUCCESS', 2],
            ['intake-process', 'SUCCESS', 2],
          ]);
          expect((await accept(key, 'f'.repeat(64), at(30))).outcome).toBe('duplicate');
        });

        describe('batched (accept_intake_batch: what queued while a call ran, one call, one commit)', () => {
          const event = (key: string, payloadSha256: string, now: Date) => ({
            source: 'record-src',
            key,
            payload_sha256: payloadSha256,
            ttl_ms: DAY,
            actor: 'test',
            details: { delivery: key },
            result: { recorded: true },
            now: now.toISOString(),
          });
          const batch = async (events: readonly ReturnType<typeof event>[]) => {
            const [row] = await backend.sql('select public.accept_intake_batch($1::jsonb) as answers', [
              JSON.stringify(events),
            ]);
            return claimAnswers(row?.['answers']);
          };

          test('one key twice in a batch: one claimed, the other a duplicate (same payload) or a mismatch', async () => {
            const [k1, k2, done] = [uid('b'), uid('b'), uid('b')];
            const earlier = await accept(done, 'a'.repeat(64), T0);
            const answers = await batch([
              event(k1, 'a'.repeat(64), at(1)),
              event(k2, 'a'.repeat(64), at(1)),
              event(k1, 'a'.repeat(64), at(2)),
              event(done, 'a'.repeat(64), at(3)),
              event(k1, 'b'.repeat(64), at(4)),
            ]);
            expect(answers.map((a) => a.outcome)).toEqual(['claimed', 'claimed', 'duplicate', 'duplicate', 'mismatch']);
            expect(answers[2]?.audit_id).toBe(answers[0]?.audit_id);
            expect(answers[4]?.audit_id).toBe(answers[0]?.audit_id);
            expect(answers[3]?.audit_id).toBe(earlier.auditId);
            for (const key of [k1, k2]) {
              expect((await auditOf(key)).map((a) => a.action)).toEqual(['intake-accept', 'intake-process']);
            }
            expect(await auditOf(done)).toHaveLength(2);
          });

          test('the same answers and audit ids as one accept_intake_event after another', async () => {
            const keys = [uid('b'), uid('b'), uid('b')];
            const events = [event(keys[0]!, 'c'.repeat(64), at(1)), event(keys[1]!, 'c'.repeat(64), at(2))];
            const batched = await batch(events);
            const one = await accept(keys[2]!, 'c'.repeat(64), at(1));
            expect(batched[0]).toMatchObject({ outcome: 'claimed', attempt: 1 });
            // The audit id is a hash of key, attempt and time: rename the key and compare.
            await backend.sql('delete from public.idempotency_keys where key = $1', [`intake:record-src:${keys[2]}`]);
            const again = await batch([event(keys[2]!, 'c'.repeat(64), at(1))]);
            expect(again[0]?.audit_id).toBe(one.auditId);
            expect((await auditOf(keys[2]!)).map((a) => a.id)).toHaveLength(2);
          });

          test('a failed first attempt in a batch runs again (attempt 2); a live claim answers processing', async () => {
            const [failed, live] = [uid('b'), uid('b')];
            await claimRecord(failed, 'd'.repeat(64), T0);
            await api.intake.finishIntakeKey({
              source: 'record-src',
              key: failed,
              attempt: 1,
              status: 'failed',
              result: { error: 'crashed' },
              actor: 'test',
              now: at(1),
            });
            const holder = await claimRecord(live, 'd'.repeat(64), T0);
            const answers = await batch([
              event(live, 'd'.repeat(64), at(2)),
              event(failed, 'd'.repeat(64), at(2)),
              event(failed, 'd'.repeat(64), at(3)),
            ]);
            expect(answers.map((a) => [a.outcome, a.attempt])).toEqual([
              ['processing', 1],
              ['claimed', 2],
              ['duplicate', 2],
            ]);
            expect(answers[0]?.audit_id).toBe(holder.auditId);
          });

          test('an empty batch answers nothing; a malformed event refuses the whole call', async () => {
            expect(await batch([])).toEqual([]);
            const key = uid('b');
            await expect(batch([event(key, 'e'.repeat(64), T0), { ...event(key, '', T0) }])).rejects.toThrow(
              /accept_intake_batch: every event needs/,
            );
            expect(await auditOf(key)).toEqual([]);
          });

          test('concurrent deliveries through the store: per key one claimed, the rest duplicates or mismatches', async () => {
            const keys = Array.from({ length: 8 }, () => uid('c'));
            const deliveries = keys.flatMap((key, k) =>
              Array.from({ length: 6 }, (_, i) => ({ key, k, sha: (i === 5 ? 'f' : 'a').repeat(64) })),
            );
            // Interleaved, so each batch holds several keys and some keys twice.
            deliveries.sort((a, b) => (a.sha === b.sha ? 0 : a.sha < b.sha ? -1 : 1) || a.k - b.k);
            const answers = await Promise.all(deliveries.map((d) => accept(d.key, d.sha, at(d.k))));
            for (const key of keys) {
              const mine = answers.filter((_, i) => deliveries[i]?.key === key);
              const claimed = mine.filter((a) => a.outcome === 'claimed');
              expect(claimed).toHaveLength(1);
              expect(mine.filter((a) => a.outcome === 'duplicate')).toHaveLength(4);
              expect(mine.filter((a) => a.outcome === 'mismatch')).toHaveLength(1);
              expect(new Set(mine.map((a) => a.auditId))).toEqual(new Set([claimed[0]?.auditId]));
              expect((await auditOf(key)).map((a) => a.action)).toEqual(['intake-accept', 'intake-process']);
            }
          });

          test('a request the store refuses fails alone; the others of its batch are accepted', async () => {
            const good = [uid('g'), uid('g'), uid('g')];
            const answers = await Promise.allSettled([
              accept(good[0]!, 'a'.repeat(64), T0),
              accept(good[1]!, 'a'.repeat(64), T0),
              api.intake.acceptIntakeEvent({
                source: 'record-src',
                key: uid('bad'),
                payloadSha256: 'a'.repeat(64),
                ttlMs: 0,
                actor: 'test',
                details: {},
                result: {},
                now: T0,
              }),
              accept(good[2]!, 'a'.repeat(64), T0),
            ]);
            expect(answers.map((a) => a.status)).toEqual(['fulfilled', 'fulfilled', 'rejected', 'fulfilled']);
            for (const key of good) expect(await auditOf(key)).toHaveLength(2);
          });
        });

        test('an expired key starts afresh at attempt 1', async () => {
          const key = uid('rec');
          await accept(key, 'a'.repeat(64), T0);
          expect(await accept(key, '9'.repeat(64), at(DAY))).toMatchObject({ outcome: 'claimed', attempt: 1 });
        });
      });

      test('refusals are audit records only', async () => {
        const id = uid('refusal');
        await api.intake.recordRefusal({
          id,
          source: 'kill',
          key: null,
          reason: 'bad_signature',
          status: 401,
          actor: 'test',
          details: { ip: '127.0.0.1' },
          now: T0,
        });
        const [record] = (await store.listAudit({ target: 'intake:kill' })).filter((a) => a.id === id);
        expect(record).toMatchObject({
          action: 'intake-refuse',
          outcome: 'SKIPPED',
          reason: 'bad_signature',
          idempotencyKey: '',
        });
        expect(record?.details).toEqual({ ip: '127.0.0.1', status: 401 });
      });

      test('the retry engine claim keeps its behaviour beside intake keys', async () => {
        const key = uid('retry');
        const first = await store.claimIdempotencyKey({ key, scope: 'retry', owner: 'a', ttlMs: DAY, now: T0 });
        const second = await store.claimIdempotencyKey({ key, scope: 'retry', owner: 'b', ttlMs: DAY, now: at(1) });
        expect(first.claimed).toBe(true);
        expect(second).toMatchObject({ claimed: false, existing: { owner: 'a', status: 'claimed' } });
        await store.completeIdempotencyKey(key, 'failed', { error: 'x' }, at(2));
        // Unlike intake keys, a failed retry key stays taken until it expires.
        expect(
          (await store.claimIdempotencyKey({ key, scope: 'retry', owner: 'c', ttlMs: DAY, now: at(3) })).claimed,
        ).toBe(false);
        const rows = await backend.sql('select state from public.idempotency_keys where key = $1', [key]);
        expect(rows).toEqual([{ state: 'failed' }]);
      });

      test('cleanup deletes expired keys (counted by kind) and full, idle token buckets only', async () => {
        const far = at(400 * DAY);
        await backend.sql('delete from public.idempotency_keys');
        await backend.sql('delete from public.token_buckets');
        await claim(uid('k'), 'f'.repeat(64), T0);
        await store.claimIdempotencyKey({ key: uid('retry'), scope: 'retry', owner: 'a', ttlMs: DAY, now: T0 });
        await claim(uid('k'), 'f'.repeat(64), at(400 * DAY - HOUR));
        const idle = uid('bucket');
        const busy = uid('bucket');
        await store.consumeTokens([{ key: idle, capacity: 5, refillPerSecond: 1 }], T0);
        // Emptied just before: not full yet, so it stays.
        for (let i = 0; i < 5; i++)
          await store.consumeTokens([{ key: busy, capacity: 5, refillPerSecond: 0.001 }], at(400 * DAY - HOUR));
        const counts = await api.intake.cleanupExpired(far, HOUR / 2);
        expect(counts).toEqual({ intakeKeys: 1, otherKeys: 1, tokenBuckets: 1 });
        const left = await backend.sql('select key from public.token_buckets');
        expect(left.map((r) => r['key'])).toEqual([busy]);
        expect(await api.intake.cleanupExpired(far, HOUR / 2)).toEqual({
          intakeKeys: 0,
          otherKeys: 0,
          tokenBuckets: 0,
        });
      });
    });

    describe('api keys', () => {
      test('insert, find, list without the hash, revoke once', async () => {
        const id = uid('')
          .replace(/[^a-z0-9]/g, '')
          .padEnd(12, '0')
          .slice(0, 12);
        await api.keys.insertApiKey({
          id,
          name: 'grafana',
          role: 'reader',
          keySha256: '0'.repeat(64),
          createdAt: T0.toISOString(),
          createdBy: 'test',
          revokedAt: null,
        });
        expect(await api.keys.findApiKey(id)).toMatchObject({ id, role: 'reader', keySha256: '0'.repeat(64) });
        const listed = (await api.keys.listApiKeys()).find((k) => k.id === id);
        expect(listed).toEqual({
          id,
          name: 'grafana',
          role: 'reader',
          createdAt: T0.toISOString(),
          createdBy: 'test',
          revokedAt: null,
        });
        expect(await api.keys.revokeApiKey(id, at(1))).toBe(true);
        expect(await api.keys.revokeApiKey(id, at(2))).toBe(false);
        expect((await api.keys.findApiKey(id))?.revokedAt).toBe(at(1).toISOString());
        expect(await api.keys.findApiKey('nosuchkey000')).toBeNull();
      });
    });

    test('the intake SQL functions have exactly the argument names of INTAKE_RPC_ARGS', async () => {
      for (const [fn, args] of Object.entries(INTAKE_RPC_ARGS)) {
        const rows = await backend.sql(
          `select pg_get_function_arguments(p.oid) as args, p.prosecdef as definer from pg_proc p
           join pg_namespace n on n.oid = p.pronamespace where n.nspname = 'public' and p.proname = $1`,
          [fn],
        );
        expect(rows).toHaveLength(1);
        const names = String(rows[0]?.['args'])
          .split(',')
          .map((a) => a.trim().split(/\s+/)[0]);
        expect({ fn, names, definer: rows[0]?.['definer'] }).toEqual({ fn, names: [...args], definer: true });
      }
    });
  });
}
