import { mkdir } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { StoreUnavailableError } from './errors.js';
import { migrate, type Migration } from './migrate.js';
import { pgliteConnection } from './pglite-executor.js';
import type { SqlConnection } from './sql-executor.js';
import { SqlStore } from './sql-store.js';

/** Where the embedded database lives when nothing else is configured (relative to cwd). */
export const DEFAULT_PGLITE_DIR = join('.opsguard', 'pglite');

export interface PgliteStoreOptions {
  /** Database directory; default `.opsguard/pglite` under `cwd`. */
  readonly dataDir?: string;
  /** Keep everything in memory (tests, dry runs); `dataDir` is ignored. */
  readonly inMemory?: boolean;
  readonly cwd?: string;
  readonly migrationsDir?: string;
  readonly migrations?: readonly Migration[];
}

/** Opens PGlite; the WASM engine is imported here, not when the package is imported. */
export async function openPgliteConnection(options: PgliteStoreOptions = {}): Promise<SqlConnection> {
  const dataDir = options.inMemory
    ? undefined
    : resolve(options.cwd ?? process.cwd(), options.dataDir ?? DEFAULT_PGLITE_DIR);
  try {
    const { PGlite } = await import('@electric-sql/pglite');
    if (dataDir) await mkdir(dataDir, { recursive: true });
    const db = dataDir ? await PGlite.create(dataDir) : await PGlite.create();
    return pgliteConnection(db);
  } catch (error) {
    const where = dataDir ?? 'memory';
    throw new StoreUnavailableError(
      `cannot open the embedded PGlite database (${where}): ${error instanceof Error ? error.message : String(error)}`,
      { cause: error },
    );
  }
}

/** PGlite store, migrated on open. */
export async function openPgliteStore(options: PgliteStoreOptions = {}): Promise<SqlStore> {
  const connection = await openPgliteConnection(options);
  try {
    await migrate(connection, {
      ...(options.migrationsDir !== undefined && { dir: options.migrationsDir }),
      ...(options.migrations !== undefined && { migrations: options.migrations }),
    });
  } catch (error) {
    await connection.close().catch(() => undefined);
    throw error;
  }
  return new SqlStore(connection);
}
