import { createHash } from 'node:crypto';
import { readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { EMBEDDED_MIGRATIONS } from './embedded-migrations.js';
import type { SqlExecutor } from './sql-executor.js';

/** One file of supabase/migrations: applied in name order, identified by its checksum. */
export interface Migration {
  readonly name: string;
  readonly sql: string;
  /** sha256 (hex) of the text with line endings normalised, so a CRLF checkout matches. */
  readonly checksum: string;
}

export interface MigrationReport {
  readonly applied: string[];
  readonly skipped: string[];
}

/** An already-applied migration's file changed: the schema and the files disagree. */
export class MigrationChecksumError extends Error {
  override readonly name = 'MigrationChecksumError';
}

export function isMigrationChecksumError(value: unknown): value is MigrationChecksumError {
  return value instanceof Error && value.name === 'MigrationChecksumError';
}

/** supabase/migrations at the repository root, found from this source file. */
export function defaultMigrationsDir(): string {
  return fileURLToPath(new URL('../../../supabase/migrations/', import.meta.url));
}

export function toMigration(name: string, sql: string): Migration {
  const checksum = createHash('sha256').update(sql.replace(/\r\n/g, '\n')).digest('hex');
  return { name, sql, checksum };
}

/** The migrations compiled into the code (scripts/embed-migrations.ts): what a bundle applies. */
export function embeddedMigrations(): Migration[] {
  return EMBEDDED_MIGRATIONS.map((m) => toMigration(m.name, m.sql));
}

/** The migration texts of a folder, in name order. */
export async function readMigrations(dir: string = defaultMigrationsDir()): Promise<Migration[]> {
  const names = (await readdir(dir)).filter((name) => name.endsWith('.sql')).sort();
  return Promise.all(names.map(async (name) => toMigration(name, await readFile(join(dir, name), 'utf8'))));
}

// Serialises concurrent runners (two jobs starting at once) on a Postgres server.
const LOCK_KEY = 4_242_001;

const CREATE_TABLE = `create table if not exists public.schema_migrations (
  name text primary key,
  checksum text not null,
  applied_at timestamptz not null default now()
)`;

async function appliedChecksums(tx: SqlExecutor): Promise<Map<string, string>> {
  const rows = await tx.query('select name, checksum from public.schema_migrations');
  return new Map(rows.map((row) => [String(row['name']), String(row['checksum'])]));
}

function verify(migrations: readonly Migration[], applied: ReadonlyMap<string, string>): void {
  for (const migration of migrations) {
    const checksum = applied.get(migration.name);
    if (checksum !== undefined && checksum !== migration.checksum) {
      throw new MigrationChecksumError(
        `migration ${migration.name} was changed after it was applied (recorded sha256 ${checksum}, file ${migration.checksum}); ` +
          'add a new migration instead of editing an applied one',
      );
    }
  }
}

/**
 * The role may not apply pending migrations (it owns nothing and may not create in public):
 * the schema's owner must apply them first. Names what is pending and the role that tried.
 */
export class MigrationPermissionError extends Error {
  override readonly name = 'MigrationPermissionError';
  readonly pending: readonly string[];
  readonly role: string;

  constructor(pending: readonly string[], role: string, options: { cause?: unknown } = {}) {
    super(
      `${pending.length} migration(s) pending (${pending[0] ?? ''}${pending.length > 1 ? ', ...' : ''}) and role ` +
        `"${role}" may not apply them: apply them once as the role that owns the schema ` +
        '(`opsguard migrate` with an administrator connection string), then connect as ' +
        `"${role}" again (docs/store-security.md)`,
      options,
    );
    this.pending = pending;
    this.role = role;
  }
}

export function isMigrationPermissionError(value: unknown): value is MigrationPermissionError {
  return value instanceof Error && value.name === 'MigrationPermissionError';
}

/** SQLSTATE 42501 insufficient_privilege, anywhere in the cause chain. */
function isPermissionDenied(error: unknown, depth = 0): boolean {
  if (depth > 5 || typeof error !== 'object' || error === null) return false;
  if ((error as { code?: unknown }).code === '42501') return true;
  return isPermissionDenied((error as { cause?: unknown }).cause, depth + 1);
}

/**
 * What is applied, read without DDL or locks, or null when the record does not exist yet. The
 * role OpsGuard connects as may read the record but create nothing: when nothing is pending
 * it must not need to.
 */
async function readApplied(db: SqlExecutor): Promise<Map<string, string> | null> {
  const [row] = await db.query("select to_regclass('public.schema_migrations') is not null as present");
  return row?.['present'] === true ? appliedChecksums(db) : null;
}

/**
 * Applies the migrations not yet recorded in schema_migrations, each in its own transaction,
 * and records name + checksum. Running it again is a no-op (and needs only SELECT on the
 * record); a changed applied file is refused before anything is applied; a role without the
 * right to apply what is pending gets a MigrationPermissionError.
 */
export async function migrate(
  db: SqlExecutor,
  options: { readonly dir?: string; readonly migrations?: readonly Migration[] } = {},
): Promise<MigrationReport> {
  // Without a folder the embedded copy is used: a bundled action has no supabase/ beside it.
  const migrations =
    options.migrations ?? (options.dir !== undefined ? await readMigrations(options.dir) : embeddedMigrations());
  // On one connection of its own, like the steps below (a refused connect names "connect").
  const recorded = await db.transaction(readApplied);
  if (recorded !== null) {
    verify(migrations, recorded);
    if (migrations.every((m) => recorded.has(m.name))) return { applied: [], skipped: migrations.map((m) => m.name) };
  }
  try {
    return await applyPending(db, migrations);
  } catch (error) {
    if (!isPermissionDenied(error)) throw error;
    const [who] = await db.query('select current_user as role').catch(() => [{ role: 'unknown' }]);
    const pending = migrations.filter((m) => !recorded?.has(m.name)).map((m) => m.name);
    throw new MigrationPermissionError(pending, String(who?.['role'] ?? 'unknown'), { cause: error });
  }
}

async function applyPending(db: SqlExecutor, migrations: readonly Migration[]): Promise<MigrationReport> {
  const before = await db.transaction(async (tx) => {
    await tx.query('select pg_advisory_xact_lock($1)', [LOCK_KEY]);
    await tx.query(CREATE_TABLE);
    return appliedChecksums(tx);
  });
  verify(migrations, before);

  const report: MigrationReport = { applied: [], skipped: [] };
  for (const migration of migrations) {
    if (before.has(migration.name)) {
      report.skipped.push(migration.name);
      continue;
    }
    const applied = await db.transaction(async (tx) => {
      await tx.query('select pg_advisory_xact_lock($1)', [LOCK_KEY]);
      // Another runner may have applied it while this one waited for the lock.
      const now = await appliedChecksums(tx);
      verify([migration], now);
      if (now.has(migration.name)) return false;
      await tx.execScript(migration.sql);
      await tx.query('insert into public.schema_migrations (name, checksum) values ($1, $2)', [
        migration.name,
        migration.checksum,
      ]);
      return true;
    });
    (applied ? report.applied : report.skipped).push(migration.name);
  }
  return report;
}
