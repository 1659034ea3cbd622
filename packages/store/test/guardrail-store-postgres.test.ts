import { afterAll, beforeAll, expect, it } from '@jest/globals';
import pg from 'pg';
import { SqlGuardrailExecutionStore } from '../src/index.js';
import { migrate } from '../src/migrate.js';
import { openPgConnection } from '../src/pg-executor.js';
import type { SqlConnection } from '../src/sql-executor.js';
import { createTestDatabase, describePg } from './support/databases.js';
import { anExecution, describeGuardrailContract } from './support/guardrail-contract.js';

describePg('PostgreSQL 15 server', () => {
  describeGuardrailContract('PostgreSQL 15 (fresh database)', async () => {
    const database = await createTestDatabase();
    const connection = await openPgConnection({ connectionString: database.url, max: 3 });
    await migrate(connection);
    const client = new pg.Client({ connectionString: database.url });
    await client.connect();
    return {
      executions: new SqlGuardrailExecutionStore(connection),
      async sql(text, params = []) {
        return (await client.query(text, [...params])).rows as Record<string, unknown>[];
      },
      async close() {
        await client.end();
        await connection.close();
        await database.drop();
      },
    };
  });

  let connection: SqlConnection;
  let drop: () => Promise<void>;
  beforeAll(async () => {
    const database = await createTestDatabase();
    drop = database.drop;
    connection = await openPgConnection({ connectionString: database.url, max: 8 });
    await migrate(connection);
  });
  afterAll(async () => {
    await connection?.close();
    await drop?.();
  });

  it('concurrent clean-ups split the due executions: no row is claimed twice (SKIP LOCKED)', async () => {
    const store = new SqlGuardrailExecutionStore(connection);
    const now = new Date('2026-12-02T12:00:00.000Z');
    for (let i = 0; i < 40; i++)
      await store.recordExecution(anExecution({ ttlExpiresAt: new Date(now.getTime() - i * 1000) }), now);
    const claims = await Promise.all(
      Array.from({ length: 6 }, (_, i) =>
        store.claimExpiredExecutions({ now, limit: 10, leaseMs: 60_000, owner: `run-${i}` }),
      ),
    );
    const ids = claims.flat().map((e) => e.id);
    expect(new Set(ids).size).toBe(ids.length);
    expect(ids).toHaveLength(40);
  });
});
