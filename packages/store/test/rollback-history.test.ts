import { afterAll, beforeAll, describe, expect, test } from '@jest/globals';
import { historyEntryId, type RollbackHistoryEntry } from '@opsguard/core';
import {
  MemoryRollbackHistoryStore,
  rollbackHistoryOf,
  sqlRollbackHistoryStore,
  type RollbackHistoryStore,
} from '../src/index.js';
import { MemoryStore } from '../src/memory-store.js';
import { migrate } from '../src/migrate.js';
import { openPgConnection } from '../src/pg-executor.js';
import { openPgliteConnection } from '../src/pglite-store.js';
import type { SqlConnection } from '../src/sql-executor.js';
import { createTestDatabase, describePg } from './support/databases.js';

const HASH = 'ab'.repeat(32);

const anEntry = (over: Partial<RollbackHistoryEntry> = {}): RollbackHistoryEntry => ({
  id: historyEntryId(HASH, 'planned', null),
  at: '2026-12-03T01:00:00.000Z',
  repo: 'acme/webshop',
  planHash: HASH,
  event: 'planned',
  step: null,
  actor: 'alice',
  detail: 'restore config/app.json',
  data: { plan: { version: 1 } },
  ...over,
});

function describeContract(
  name: string,
  open: () => Promise<{ history: RollbackHistoryStore; close(): Promise<void> }>,
) {
  describe(`rollback history: ${name}`, () => {
    let history: RollbackHistoryStore;
    let close: () => Promise<void>;
    beforeAll(async () => {
      ({ history, close } = await open());
    });
    afterAll(async () => close());

    test('appends once per id and lists oldest first, filtered by plan and period', async () => {
      expect(await history.append(anEntry())).toBe(true);
      expect(await history.append(anEntry({ detail: 'again' }))).toBe(false);
      const failed = anEntry({
        id: historyEntryId(HASH, 'step-failed', 'restore-files:main'),
        at: '2026-12-03T01:05:00.000Z',
        event: 'step-failed',
        step: 'restore-files:main',
        detail: '502',
        data: {},
      });
      expect(await history.append(failed)).toBe(true);
      await history.append(anEntry({ id: 'other', planHash: 'cd'.repeat(32), at: '2026-12-04T00:00:00.000Z' }));
      const listed = await history.list({ planHash: HASH });
      expect(listed.map((e) => [e.event, e.step, e.detail])).toEqual([
        ['planned', null, 'restore config/app.json'],
        ['step-failed', 'restore-files:main', '502'],
      ]);
      expect(listed[0]?.data).toEqual({ plan: { version: 1 } });
      const period = await history.list({
        repo: 'acme/webshop',
        since: new Date('2026-12-03T01:01:00Z'),
        until: new Date('2026-12-04T00:00:00Z'),
      });
      expect(period.map((e) => e.event)).toEqual(['step-failed']);
    });
  });
}

let pglite: Promise<SqlConnection> | undefined;
const pgliteConnection = () =>
  (pglite ??= openPgliteConnection({ inMemory: true }).then(async (c) => (await migrate(c), c)));

describeContract('PGlite', async () => ({
  history: sqlRollbackHistoryStore(await pgliteConnection()),
  close: async () => undefined,
}));
describeContract('memory (store-less)', async () => ({
  history: new MemoryRollbackHistoryStore(),
  close: async () => undefined,
}));
describePg('PostgreSQL 15 server', () => {
  describeContract('PostgreSQL 15', async () => {
    const database = await createTestDatabase();
    const connection = await openPgConnection({ connectionString: database.url, max: 2 });
    await migrate(connection);
    return {
      history: sqlRollbackHistoryStore(connection),
      close: async () => {
        await connection.close();
        await database.drop();
      },
    };
  });
});

describe('rollback history SQL', () => {
  afterAll(async () => (await pgliteConnection()).close());

  test('append-only: an update or delete is refused even as the owner; the service role may not write directly', async () => {
    const c = await pgliteConnection();
    await sqlRollbackHistoryStore(c).append(anEntry({ id: 'sql-1' }));
    await expect(c.query(`update public.rollback_history set detail = 'x' where id = 'sql-1'`)).rejects.toThrow();
    await expect(c.query(`delete from public.rollback_history where id = 'sql-1'`)).rejects.toThrow();
    await expect(
      c.transaction(async (tx) => {
        await tx.query('set local role service_role');
        await tx.query(
          `insert into public.rollback_history (id, at, repo, plan_hash, event, actor, detail) values ('x', now(), 'r', '${HASH}', 'planned', 'a', 'd')`,
        );
      }),
    ).rejects.toThrow(/permission denied/);
    const rows = await c.query(
      `select p.prosecdef as definer, r.rolname as owner, t.tableowner from pg_proc p
       join pg_roles r on r.oid = p.proowner, pg_tables t
       where p.proname = 'append_rollback_history' and t.tablename = 'rollback_history'`,
    );
    expect(rows[0]).toMatchObject({ definer: true, owner: 'opsguard_owner', tableowner: 'opsguard_owner' });
  });

  test('a store with no database keeps its history in memory, the same for the same store', () => {
    const store = new MemoryStore();
    expect(rollbackHistoryOf(store)).toBe(rollbackHistoryOf(store));
  });
});
