import { createHash } from 'node:crypto';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from '@jest/globals';
import type { GuardrailExecutionStore, NewGuardrailExecution } from '../../src/index.js';
import { uid, type SqlRows } from './databases.js';

/** A guardrail store under test plus raw SQL on the same database. */
export interface GuardrailBackend {
  readonly executions: GuardrailExecutionStore;
  sql(text: string, params?: readonly unknown[]): Promise<SqlRows>;
  close(): Promise<void>;
}

const T0 = new Date('2026-12-02T10:00:00.000Z');
const minutes = (n: number) => new Date(T0.getTime() + n * 60_000);

export function anExecution(overrides: Partial<NewGuardrailExecution> = {}): NewGuardrailExecution {
  const planHash = createHash('sha256').update(uid('plan')).digest('hex');
  return {
    id: uid('exec'),
    planHash,
    policyId: 'freeze',
    mode: 'auto',
    accountId: '123456789012',
    budgetName: 'monthly',
    principals: [{ arn: 'arn:aws:iam::123456789012:role/dev-a', kind: 'role', name: 'dev-a' }],
    denyActions: ['ec2:RunInstances'],
    policyArn: `arn:aws:iam::123456789012:policy/opsguard/guardrails/opsguard-freeze-${planHash.slice(0, 12)}`,
    policyDocument: { Version: '2012-10-17', Statement: [] },
    executedBy: 'test',
    executedAt: T0,
    ttlExpiresAt: minutes(60),
    ...overrides,
  };
}

/** The same behaviour on every backend: PGlite and the PostgreSQL 15 server run this. */
export function describeGuardrailContract(name: string, open: () => Promise<GuardrailBackend>): void {
  describe(`guardrail executions: ${name}`, () => {
    let backend: GuardrailBackend;
    let store: GuardrailExecutionStore;
    beforeAll(async () => {
      backend = await open();
      store = backend.executions;
    });
    afterAll(async () => {
      await backend?.close();
    });
    // The database is shared by the file: earlier tests' rows must not be due in later ones.
    beforeEach(async () => {
      await backend.sql(`update public.guardrail_executions set status = 'failed' where status = 'executed'`);
    });
    // Every test claims at its own instant far from the others', so rows of one test are never due in another.
    let clock = 0;
    const isolated = () => new Date(Date.UTC(2030, 0, 1) + ++clock * 86_400_000 * 30);

    it('records an execution before acting, once per id, and reads it back field by field', async () => {
      const e = anExecution();
      const first = await store.recordExecution(e, T0);
      expect(first.inserted).toBe(true);
      expect(first.execution).toEqual({
        id: e.id,
        planHash: e.planHash,
        policyId: 'freeze',
        mode: 'auto',
        accountId: '123456789012',
        budgetName: 'monthly',
        principals: e.principals,
        denyActions: ['ec2:RunInstances'],
        policyArn: e.policyArn,
        policyDocument: e.policyDocument,
        status: 'executed',
        executedBy: 'test',
        executedAt: T0.toISOString(),
        ttlExpiresAt: minutes(60).toISOString(),
        attempts: 0,
        consecutiveFailures: 0,
        lastError: null,
        rolledBackAt: null,
        updatedAt: T0.toISOString(),
      });
      const again = await store.recordExecution({ ...e, executedBy: 'someone else' }, minutes(1));
      expect(again).toEqual({ inserted: false, execution: first.execution });
      expect(await store.getExecution(e.id)).toEqual(first.execution);
      expect(await store.listExecutions({ planHash: e.planHash })).toEqual([first.execution]);
    });

    it('refuses a second execution of the same plan and policy under another id, and malformed rows', async () => {
      const e = anExecution();
      await store.recordExecution(e, T0);
      await expect(store.recordExecution({ ...e, id: uid('other') }, T0)).rejects.toThrow(
        /guardrail_executions_plan_policy_key/,
      );
      await expect(store.recordExecution(anExecution({ accountId: '42' }), T0)).rejects.toThrow(/account_id/);
      await expect(store.recordExecution(anExecution({ principals: [] }), T0)).rejects.toThrow(/principals/);
    });

    it('claims only expired executed rows, oldest first, in batches, leased so a second claim skips them', async () => {
      const at = isolated();
      const due = await Promise.all(
        [3, 1, 2].map(async (ago) => {
          const e = anExecution({
            executedAt: new Date(at.getTime() - 120 * 60_000),
            ttlExpiresAt: new Date(at.getTime() - ago * 60_000),
          });
          await store.recordExecution(e, T0);
          return e;
        }),
      );
      const notYet = anExecution({ ttlExpiresAt: new Date(at.getTime() + 86_400_000) });
      await store.recordExecution(notYet, T0);
      const first = await store.claimExpiredExecutions({ now: at, limit: 2, leaseMs: 240_000, owner: 'run-1' });
      expect(first.map((e) => e.id)).toEqual([due[0]?.id, due[2]?.id]);
      const second = await store.claimExpiredExecutions({ now: at, limit: 100, leaseMs: 240_000, owner: 'run-2' });
      expect(second.map((e) => e.id)).toEqual([due[1]?.id]);
      expect(await store.claimExpiredExecutions({ now: at, limit: 100, leaseMs: 240_000, owner: 'run-3' })).toEqual([]);
      // After the lease runs out, an unfinished row is due again.
      const later = new Date(at.getTime() + 240_000);
      const again = await store.claimExpiredExecutions({ now: later, limit: 100, leaseMs: 240_000, owner: 'run-4' });
      expect(again.map((e) => e.id).sort()).toEqual(due.map((e) => e.id).sort());
      for (const e of again) await store.finishRollback(e.id, 'run-4', 'rolled_back', null, later);
    });

    it('a rollback marks rolled_back once; a second finish changes nothing', async () => {
      const at = isolated();
      const e = anExecution({ ttlExpiresAt: at });
      await store.recordExecution(e, T0);
      const [claimed] = await store.claimExpiredExecutions({ now: at, limit: 100, leaseMs: 60_000, owner: 'run' });
      expect(claimed?.id).toBe(e.id);
      const done = await store.finishRollback(e.id, 'run', 'rolled_back', null, at);
      expect(done).toMatchObject({
        status: 'rolled_back',
        rolledBackAt: at.toISOString(),
        attempts: 1,
        consecutiveFailures: 0,
      });
      expect(await store.finishRollback(e.id, 'run', 'rolled_back', null, at)).toBeNull();
      expect(await store.finishRollback(e.id, 'run', 'failed', 'late', at)).toBeNull();
      expect(
        await store.claimExpiredExecutions({
          now: new Date(at.getTime() + 3_600_000),
          limit: 100,
          leaseMs: 1,
          owner: 'x',
        }),
      ).toEqual([]);
      expect((await store.getExecution(e.id))?.status).toBe('rolled_back');
    });

    it('counts consecutive failures, resets them on success, and gives up on a terminal error', async () => {
      const at = isolated();
      const e = anExecution({ ttlExpiresAt: at });
      const t = anExecution({ ttlExpiresAt: at });
      await store.recordExecution(e, T0);
      await store.recordExecution(t, T0);
      for (let i = 1; i <= 3; i++) {
        const now = new Date(at.getTime() + i * 600_000);
        const claimed = await store.claimExpiredExecutions({ now, limit: 100, leaseMs: 300_000, owner: `run-${i}` });
        expect(claimed.map((c) => c.id).sort()).toEqual(i === 1 ? [e.id, t.id].sort() : [e.id]);
        if (i === 1) {
          expect(await store.finishRollback(t.id, 'run-1', 'terminal', 'LimitExceeded: quota', now)).toMatchObject({
            status: 'failed',
            consecutiveFailures: 1,
            lastError: 'LimitExceeded: quota',
          });
        }
        const failed = await store.finishRollback(e.id, `run-${i}`, 'failed', `AccessDenied #${i}`, now);
        expect(failed).toMatchObject({
          status: 'executed',
          attempts: i,
          consecutiveFailures: i,
          lastError: `AccessDenied #${i}`,
        });
      }
      // Another run cannot finish a row this run holds.
      const now = new Date(at.getTime() + 4 * 600_000);
      await store.claimExpiredExecutions({ now, limit: 100, leaseMs: 300_000, owner: 'run-4' });
      expect(await store.finishRollback(e.id, 'intruder', 'rolled_back', null, now)).toBeNull();
      expect(await store.finishRollback(e.id, 'run-4', 'rolled_back', null, now)).toMatchObject({
        status: 'rolled_back',
        attempts: 4,
        consecutiveFailures: 0,
        lastError: 'AccessDenied #3',
      });
      expect((await store.listExecutions({ status: 'failed' })).map((x) => x.id)).toContain(t.id);
    });

    it('a failed apply is failed; a half-applied one stays executed and is due at once', async () => {
      const at = isolated();
      const gone = anExecution({ ttlExpiresAt: new Date(at.getTime() + 3_600_000) });
      const half = anExecution({ ttlExpiresAt: new Date(at.getTime() + 3_600_000) });
      await store.recordExecution(gone, T0);
      await store.recordExecution(half, T0);
      expect(await store.failExecution(gone.id, 'AccessDenied', false, at)).toMatchObject({
        status: 'failed',
        lastError: 'AccessDenied',
      });
      expect(await store.failExecution(gone.id, 'again', false, at)).toBeNull();
      expect(await store.failExecution(half.id, 'attach failed midway', true, at)).toMatchObject({
        status: 'executed',
        ttlExpiresAt: at.toISOString(),
      });
      const claimed = await store.claimExpiredExecutions({ now: at, limit: 100, leaseMs: 1000, owner: 'r' });
      expect(claimed.map((c) => c.id)).toEqual([half.id]);
      await store.finishRollback(half.id, 'r', 'rolled_back', null, at);
    });

    it('a claim batch larger than 1000 is refused by the function', async () => {
      await expect(store.claimExpiredExecutions({ now: T0, limit: 1001, leaseMs: 1, owner: 'r' })).rejects.toThrow(
        /p_limit/,
      );
    });

    it('lets a signed-in dashboard read and anon see nothing (RLS)', async () => {
      await store.recordExecution(anExecution(), T0);
      const asRole = async (role: string) => {
        await backend.sql(`set role ${role}`);
        try {
          return await backend.sql('select count(*)::int as n from public.guardrail_executions');
        } finally {
          await backend.sql('reset role');
        }
      };
      expect(Number((await asRole('authenticated'))[0]?.['n'])).toBeGreaterThan(0);
      await expect(asRole('anon')).rejects.toThrow(/permission denied/);
    });
  });
}
