import { migrate, type Migration, type MigrationReport } from './migrate.js';
import { openPgConnection } from './pg-executor.js';
import { rolePosture, type RolePosture } from './role-posture.js';
import { SqlStore } from './sql-store.js';

export interface PostgresStoreOptions {
  /** postgres://user:password@host:port/database (DATABASE_URL). */
  readonly connectionString: string;
  /** Pool size; the default keeps a CLI or action run light. */
  readonly maxConnections?: number;
  readonly connectTimeoutMs?: number;
  /** Longest wait for one query's answer (default 30 s): a hung server must not hang the guard. */
  readonly queryTimeoutMs?: number;
  /** Apply supabase/migrations on open (default true). */
  readonly migrate?: boolean;
  readonly migrationsDir?: string;
  readonly migrations?: readonly Migration[];
}

/** A Postgres server through a `pg` Pool, migrated on open unless told otherwise. */
export async function openPostgresStore(options: PostgresStoreOptions): Promise<SqlStore> {
  const connection = await openPgConnection({
    connectionString: options.connectionString,
    max: options.maxConnections ?? 5,
    connectionTimeoutMillis: options.connectTimeoutMs ?? 10_000,
    query_timeout: options.queryTimeoutMs ?? 30_000,
  });
  if (options.migrate !== false) {
    try {
      await migrate(connection, {
        ...(options.migrationsDir !== undefined && { dir: options.migrationsDir }),
        ...(options.migrations !== undefined && { migrations: options.migrations }),
      });
    } catch (error) {
      await connection.close().catch(() => undefined);
      throw error;
    }
  }
  return new SqlStore(connection);
}

/**
 * Applies the migrations to a Postgres server as the role the connection string names (an
 * administrator: the schema's owner or a superuser) and reports that role's posture.
 */
export async function migratePostgres(
  connectionString: string,
  options: { readonly migrations?: readonly Migration[] } = {},
): Promise<{ readonly report: MigrationReport; readonly posture: RolePosture }> {
  const connection = await openPgConnection({ connectionString, max: 1, connectionTimeoutMillis: 10_000 });
  try {
    const report = await migrate(connection, options.migrations ? { migrations: options.migrations } : {});
    return { report, posture: await rolePosture(connection) };
  } finally {
    await connection.close();
  }
}
