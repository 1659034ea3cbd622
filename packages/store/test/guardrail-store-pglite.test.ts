import { afterAll, beforeAll, describe, expect, it, test } from '@jest/globals';
import { GUARDRAIL_RPC_ARGS, guardrailExecutionsOf, SqlGuardrailExecutionStore, type Store } from '../src/index.js';
import type { GuardrailRpcName } from '../src/guardrail-store.js';
import { SqlStore } from '../src/sql-store.js';
import { migrate } from '../src/migrate.js';
import { openPgliteConnection } from '../src/pglite-store.js';
import type { SqlConnection } from '../src/sql-executor.js';
import { describeGuardrailContract } from './support/guardrail-contract.js';

// One PGlite for the whole file (COORDINATION.md: never one per test).
let shared: Promise<SqlConnection> | null = null;
function connection(): Promise<SqlConnection> {
  shared ??= openPgliteConnection({ inMemory: true }).then(async (c) => (await migrate(c), c));
  return shared;
}

describeGuardrailContract('PGlite (in memory)', async () => {
  const c = await connection();
  return {
    executions: guardrailExecutionsOf(new SqlStore(c)),
    sql: (text, params) => c.query(text, params),
    close: async () => {},
  };
});

describe('guardrail SQL functions against the TypeScript that calls them', () => {
  let c: SqlConnection;
  beforeAll(async () => {
    c = await connection();
  });
  afterAll(async () => {
    await c.close();
  });

  test.each(Object.keys(GUARDRAIL_RPC_ARGS) as GuardrailRpcName[])(
    '%s has exactly the argument names the store sends, and is security definer',
    async (fn) => {
      const rows = await c.query(
        `select pg_get_function_arguments(p.oid) as args, p.prosecdef as definer, p.proconfig as config
       from pg_proc p join pg_namespace n on n.oid = p.pronamespace where n.nspname = 'public' and p.proname = $1`,
        [fn],
      );
      expect(rows).toHaveLength(1);
      const names = String(rows[0]?.['args'])
        .split(',')
        .map((arg) => arg.trim().split(/\s+/)[0]);
      expect(names).toEqual([...GUARDRAIL_RPC_ARGS[fn]]);
      expect(rows[0]?.['definer']).toBe(true);
      expect(String(rows[0]?.['config'])).toMatch(/search_path=public, ?pg_temp/);
    },
  );
});

describe('guardrailExecutionsOf', () => {
  it('works on an opened SQL store and refuses a store that cannot keep executions', async () => {
    expect(guardrailExecutionsOf(new SqlStore(await connection()))).toBeInstanceOf(SqlGuardrailExecutionStore);
    const storeLess = { kind: 'pglite' } as unknown as Store;
    expect(() => guardrailExecutionsOf(storeLess)).toThrow('cannot keep guardrail executions');
  });
});
