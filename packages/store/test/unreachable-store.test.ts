import { describe, expect, test } from '@jest/globals';
import { isStoreUnavailableError } from '../src/errors.js';
import { openPgConnection } from '../src/pg-executor.js';
import { openPostgresStore } from '../src/postgres-store.js';
import { SqlStore } from '../src/sql-store.js';

// Nothing listens on port 9 of the loopback: connections are refused at once.
const REFUSED = 'postgres://postgres@127.0.0.1:9/none';

describe('a Postgres server that cannot be reached', () => {
  test('opening (and migrating) fails with StoreUnavailableError', async () => {
    const error = await openPostgresStore({ connectionString: REFUSED, connectTimeoutMs: 2_000 }).catch(
      (e: unknown) => e,
    );
    expect(isStoreUnavailableError(error)).toBe(true);
    expect(String(error)).toMatch(/store unavailable \(connect\).*ECONNREFUSED/);
  });

  test('every call of an opened store fails with StoreUnavailableError, so the guard fails closed', async () => {
    const store = new SqlStore(await openPgConnection({ connectionString: REFUSED, connectionTimeoutMillis: 2_000 }));
    try {
      for (const call of [
        () => store.ping(),
        () => store.listKillSwitches(),
        () => store.consumeTokens([{ key: 'global', capacity: 1, refillPerSecond: 1 }], new Date()),
      ]) {
        expect(isStoreUnavailableError(await call().catch((e: unknown) => e))).toBe(true);
      }
    } finally {
      await store.close();
    }
  });
});
