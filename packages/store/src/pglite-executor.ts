import type { PGlite, Transaction } from '@electric-sql/pglite';
import type { SqlConnection, SqlExecutor, SqlRow } from './sql-executor.js';

type PgliteLike = Pick<PGlite, 'query' | 'exec'> | Pick<Transaction, 'query' | 'exec'>;

function executor(db: PgliteLike, transaction: SqlExecutor['transaction'] | null): SqlExecutor {
  const self: SqlExecutor = {
    async query(text, params = []) {
      const result = await db.query<SqlRow>(text, [...params]);
      return result.rows;
    },
    async execScript(script) {
      await db.exec(script);
    },
    transaction: transaction ?? ((fn) => fn(self)),
  };
  return self;
}

/** A PGlite instance as a SqlConnection. PGlite runs one query at a time on one connection. */
export function pgliteConnection(db: PGlite): SqlConnection {
  const base = executor(db, (fn) => db.transaction((tx) => fn(executor(tx, null))));
  return {
    kind: 'pglite',
    ...base,
    close: () => db.close(),
  };
}
