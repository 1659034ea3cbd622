import { randomBytes } from 'node:crypto';
import { describe } from '@jest/globals';
import pg from 'pg';
import { migrate } from '../../src/migrate.js';
import { openPgConnection } from '../../src/pg-executor.js';
import { openPgliteConnection } from '../../src/pglite-store.js';
import { SqlStore } from '../../src/sql-store.js';
import type { Store } from '../../src/store.js';

export type SqlRows = Record<string, unknown>[];

/** A store under test plus raw SQL on one connection (the test's superuser), for what the Store cannot show. */
export interface StoreBackend {
  readonly store: Store;
  sql(text: string, params?: readonly unknown[]): Promise<SqlRows>;
  close(): Promise<void>;
}

/** The PostgreSQL 15 server global-setup started (or one given in the environment). */
export const PG_URL = process.env['OPSGUARD_TEST_DATABASE_URL'];

if (!PG_URL && process.env['OPSGUARD_REQUIRE_PG']) {
  throw new Error(
    'OPSGUARD_REQUIRE_PG is set but OPSGUARD_TEST_DATABASE_URL is not: the PostgreSQL 15 tests cannot run',
  );
}

/** `describe` for suites that need the real server; skipped with a visible note without one. */
export function describePg(name: string, fn: () => void): void {
  if (PG_URL) {
    describe(name, fn);
    return;
  }
  // Straight to stderr: jest drops console output of files whose tests are all skipped.
  process.stderr.write(`\n[opsguard] ${name}: SKIPPED, no PostgreSQL server (OPSGUARD_TEST_DATABASE_URL unset)\n`);
  describe.skip(name, fn);
}

/** A fresh, empty database on the test server; `drop` removes it. */
export async function createTestDatabase(): Promise<{ url: string; drop(): Promise<void> }> {
  if (!PG_URL) throw new Error('no PostgreSQL server');
  const name = `t_${randomBytes(6).toString('hex')}`;
  const admin = new pg.Client({ connectionString: PG_URL });
  await admin.connect();
  try {
    await admin.query(`create database ${name}`);
  } finally {
    await admin.end();
  }
  const url = new URL(PG_URL);
  url.pathname = `/${name}`;
  return {
    url: url.toString(),
    async drop() {
      const client = new pg.Client({ connectionString: PG_URL });
      await client.connect();
      try {
        await client.query(`drop database if exists ${name} with (force)`);
      } finally {
        await client.end();
      }
    },
  };
}

/** PGlite in memory, migrated; raw SQL runs on the same (only) connection. */
export async function openPgliteBackend(): Promise<StoreBackend> {
  const connection = await openPgliteConnection({ inMemory: true });
  await migrate(connection);
  return {
    store: new SqlStore(connection),
    sql: (text, params) => connection.query(text, params),
    close: () => connection.close(),
  };
}

/** A fresh database on the PostgreSQL 15 server, migrated; raw SQL on one dedicated client. */
export async function openPostgresBackend(options: { maxConnections?: number } = {}): Promise<StoreBackend> {
  const database = await createTestDatabase();
  const connection = await openPgConnection({ connectionString: database.url, max: options.maxConnections ?? 5 });
  await migrate(connection);
  const client = new pg.Client({ connectionString: database.url });
  await client.connect();
  return {
    store: new SqlStore(connection),
    async sql(text, params = []) {
      const result = await client.query(text, [...params]);
      return result.rows as SqlRows;
    },
    async close() {
      await client.end();
      await connection.close();
      await database.drop();
    },
  };
}

/** Unique per call, so tests sharing one database never see each other's rows. */
export function uid(prefix = 'x'): string {
  return `${prefix}-${randomBytes(5).toString('hex')}`;
}
