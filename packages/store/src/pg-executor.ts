import type { Pool, PoolClient, PoolConfig } from 'pg';
import { toStoreError } from './errors.js';
import type { SqlConnection, SqlExecutor, SqlRow } from './sql-executor.js';

function clientExecutor(client: PoolClient): SqlExecutor {
  const self: SqlExecutor = {
    async query(text, params = []) {
      try {
        const result = await client.query<SqlRow>(text, [...params]);
        return result.rows;
      } catch (error) {
        throw toStoreError(error, 'query');
      }
    },
    async execScript(script) {
      try {
        // No parameters: pg uses the simple protocol, which accepts several statements.
        await client.query(script);
      } catch (error) {
        throw toStoreError(error, 'script');
      }
    },
    // Already inside a transaction on this connection: nesting just runs the body.
    transaction: (fn) => fn(self),
  };
  return self;
}

/** A `pg` Pool as a SqlConnection. `pg` is imported only when a Postgres store is opened. */
export async function openPgConnection(config: PoolConfig): Promise<SqlConnection> {
  const { default: pg } = await import('pg');
  const pool: Pool = new pg.Pool(config);
  // An idle client losing its server must not crash the process; the next query reports it.
  pool.on('error', () => undefined);

  async function withClient<T>(fn: (client: PoolClient) => Promise<T>): Promise<T> {
    let client: PoolClient;
    try {
      client = await pool.connect();
    } catch (error) {
      throw toStoreError(error, 'connect');
    }
    try {
      return await fn(client);
    } finally {
      client.release();
    }
  }

  return {
    kind: 'postgres',
    async query(text, params = []) {
      try {
        const result = await pool.query<SqlRow>(text, [...params]);
        return result.rows;
      } catch (error) {
        throw toStoreError(error, 'query');
      }
    },
    execScript: (script) => withClient((client) => clientExecutor(client).execScript(script)),
    transaction: (fn) =>
      withClient(async (client) => {
        const tx = clientExecutor(client);
        await tx.query('begin');
        try {
          const result = await fn(tx);
          await tx.query('commit');
          return result;
        } catch (error) {
          await client.query('rollback').catch(() => undefined);
          throw error;
        }
      }),
    close: () => pool.end(),
  };
}
