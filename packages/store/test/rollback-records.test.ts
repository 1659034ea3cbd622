import { afterAll, beforeAll, describe, expect, test } from '@jest/globals';
import type { RollbackStep } from '@opsguard/core';
import {
  MemoryRollbackRecordStore,
  ROLLBACK_RPC_ARGS,
  rollbackRecordsOf,
  sqlRollbackRecordStore,
  type RollbackRecordStore,
  type RollbackRpcName,
} from '../src/index.js';
import { MemoryStore } from '../src/memory-store.js';
import { migrate } from '../src/migrate.js';
import { openPgConnection } from '../src/pg-executor.js';
import { openPgliteConnection } from '../src/pglite-store.js';
import type { SqlConnection } from '../src/sql-executor.js';
import { SqlStore } from '../src/sql-store.js';
import { createTestDatabase, describePg } from './support/databases.js';

const T0 = new Date('2026-12-03T01:00:00Z');
const T1 = new Date('2026-12-03T01:00:05Z');
const T2 = new Date('2026-12-03T01:02:00Z');

const aRecord = (id = 'ks-1', scope = 'global:*') => ({
  id,
  kind: 'kill-switch' as const,
  repo: 'acme/webshop',
  scope,
  reason: 'retry storm',
  priorState: { 'workflow:1': 'active', 'workflow:2': 'disabled_manually' },
  createdBy: 'mona via Kill switch',
});

const aStep = (overrides: Partial<RollbackStep> = {}): RollbackStep => ({
  id: 'disable:1',
  kind: 'disable-workflow',
  target: 'workflow:1',
  status: 'pending',
  detail: null,
  at: T0.toISOString(),
  ...overrides,
});

function describeContract(name: string, open: () => Promise<{ records: RollbackRecordStore; close(): Promise<void> }>) {
  describe(`rollback records: ${name}`, () => {
    let records: RollbackRecordStore;
    let close: () => Promise<void>;
    beforeAll(async () => {
      ({ records, close } = await open());
    });
    afterAll(async () => close());

    test('written before the change: open, with the prior state; the same id again keeps the first', async () => {
      const first = await records.createRecord(aRecord(), T0);
      expect(first.inserted).toBe(true);
      expect(first.record).toMatchObject({
        status: 'open',
        steps: [],
        priorState: { 'workflow:1': 'active', 'workflow:2': 'disabled_manually' },
        createdAt: T0.toISOString(),
      });
      const again = await records.createRecord({ ...aRecord(), reason: 'other', priorState: {} }, T1);
      expect(again.inserted).toBe(false);
      expect(again.record.reason).toBe('retry storm');
      expect(again.record.priorState['workflow:1']).toBe('active');
    });

    test('a second run adds new targets’ prior state but never overwrites the first', async () => {
      const merged = await records.mergePriorState(
        'ks-1',
        { 'workflow:1': 'disabled_manually', 'workflow:3': 'active' },
        T1,
      );
      expect(merged.priorState).toEqual({
        'workflow:1': 'active',
        'workflow:2': 'disabled_manually',
        'workflow:3': 'active',
      });
      expect(merged.updatedAt).toBe(T1.toISOString());
    });

    test('steps are updated in place by id and appended in order; the status is set', async () => {
      await records.recordStep('ks-1', aStep(), T1);
      await records.recordStep('ks-1', aStep({ id: 'cancel:9', kind: 'cancel-run', target: 'run:9' }), T1);
      const done = await records.recordStep(
        'ks-1',
        aStep({ status: 'failed', detail: '502', at: T2.toISOString() }),
        T2,
      );
      expect(done.steps.map((s) => [s.id, s.status, s.detail])).toEqual([
        ['disable:1', 'failed', '502'],
        ['cancel:9', 'pending', null],
      ]);
      const partial = await records.setStatus('ks-1', 'partial', T2);
      expect(partial.status).toBe('partial');
      expect((await records.getRecord('ks-1'))?.steps).toHaveLength(2);
    });

    test('listed newest first, filtered by kind, scope, since and status; unknown ids', async () => {
      await records.createRecord(aRecord('ks-2', 'service:github:acme/webshop:CI'), T2);
      expect((await records.listRecords()).map((r) => r.id)).toEqual(['ks-2', 'ks-1']);
      expect((await records.listRecords({ scope: 'global:*' })).map((r) => r.id)).toEqual(['ks-1']);
      expect((await records.listRecords({ since: T1 })).map((r) => r.id)).toEqual(['ks-2']);
      expect((await records.listRecords({ statuses: ['open'] })).map((r) => r.id)).toEqual(['ks-2']);
      expect(await records.listRecords({ kind: 'rollback' })).toEqual([]);
      expect(await records.getRecord('nope')).toBeNull();
      await expect(records.setStatus('nope', 'applied', T2)).rejects.toThrow('no rollback record nope');
    });
  });
}

let pglite: Promise<SqlConnection> | null = null;
const pgliteConnection = () =>
  (pglite ??= openPgliteConnection({ inMemory: true }).then(async (c) => (await migrate(c), c)));

describeContract('PGlite', async () => {
  const c = await pgliteConnection();
  return { records: rollbackRecordsOf(new SqlStore(c)), close: async () => undefined };
});

describeContract('memory (store-less)', async () => ({
  records: new MemoryRollbackRecordStore(),
  close: async () => undefined,
}));

describePg('PostgreSQL 15 server', () => {
  describeContract('PostgreSQL 15', async () => {
    const database = await createTestDatabase();
    const connection = await openPgConnection({ connectionString: database.url, max: 2 });
    await migrate(connection);
    return {
      records: sqlRollbackRecordStore(connection),
      close: async () => {
        await connection.close();
        await database.drop();
      },
    };
  });
});

describe('rollback record SQL', () => {
  afterAll(async () => (await pgliteConnection()).close());

  test.each(Object.keys(ROLLBACK_RPC_ARGS) as RollbackRpcName[])(
    '%s takes the names the store sends and is security definer',
    async (fn) => {
      const c = await pgliteConnection();
      const rows = await c.query(
        `select pg_get_function_arguments(p.oid) as args, p.prosecdef as definer, r.rolname as owner
         from pg_proc p join pg_namespace n on n.oid = p.pronamespace join pg_roles r on r.oid = p.proowner
         where n.nspname = 'public' and p.proname = $1`,
        [fn],
      );
      expect(rows).toHaveLength(1);
      const names = String(rows[0]?.['args'])
        .split(',')
        .map((arg) => arg.trim().split(/\s+/)[0]);
      expect(names).toEqual([...ROLLBACK_RPC_ARGS[fn]]);
      expect(rows[0]?.['definer']).toBe(true);
      expect(rows[0]?.['owner']).toBe('opsguard_owner');
    },
  );

  test('the service role cannot write the table except through the functions', async () => {
    const c = await pgliteConnection();
    await expect(
      c.transaction(async (tx) => {
        await tx.query('set local role service_role');
        await tx.query(`update public.rollback_records set status = 'restored'`);
      }),
    ).rejects.toThrow(/permission denied/);
  });

  test('a store with no database keeps its records in memory, the same for the same store', () => {
    const store = new MemoryStore();
    expect(rollbackRecordsOf(store)).toBe(rollbackRecordsOf(store));
    expect(rollbackRecordsOf(store)).toBeInstanceOf(MemoryRollbackRecordStore);
  });
});
