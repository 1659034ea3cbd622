import { randomBytes } from 'node:crypto';
import { createTestDatabase, describePg } from '@opsguard/testing';
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

export { createTestDatabase, describePg };

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

/**
 * The role OpsGuard connects as on a Postgres server, set up as docs/store-security.md says: a
 * login role whose only privileges come from service_role. Roles are cluster-wide and test
 * files run in parallel, so creating it twice is fine.
 */
export const APP_ROLE = 'opsguard_app';

/** Creates APP_ROLE (and service_role, normally made by the first migration) when missing. */
export async function ensureAppRole(): Promise<void> {
  if (!PG_URL) throw new Error('no PostgreSQL server');
  const admin = new pg.Client({ connectionString: PG_URL });
  await admin.connect();
  try {
    await admin.query(`do $$
      begin
        begin
          create role service_role nologin noinherit;
        exception when duplicate_object or unique_violation then null;
        end;
        begin
          create role ${APP_ROLE} login;
        exception when duplicate_object or unique_violation then null;
        end;
        grant service_role to ${APP_ROLE};
      exception when unique_violation then null;
      end
    $$`);
  } finally {
    await admin.end();
  }
}

/** The same database as `url`, as APP_ROLE (the test server trusts local connections). */
export function asAppRole(url: string): string {
  const u = new URL(url);
  u.username = APP_ROLE;
  u.password = '';
  return u.toString();
}

/**
 * A fresh database on the PostgreSQL 15 server, migrated by the test's superuser; the store
 * connects as APP_ROLE, like a deployment that follows docs/store-security.md, and raw SQL runs
 * on one dedicated superuser client.
 */
export async function openPostgresBackend(options: { maxConnections?: number } = {}): Promise<StoreBackend> {
  const database = await createTestDatabase();
  const admin = await openPgConnection({ connectionString: database.url, max: 1 });
  try {
    await migrate(admin);
  } finally {
    await admin.close();
  }
  await ensureAppRole();
  const connection = await openPgConnection({
    connectionString: asAppRole(database.url),
    max: options.maxConnections ?? 5,
  });
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
