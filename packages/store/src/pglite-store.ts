import { existsSync, readFileSync } from 'node:fs';
import { mkdir, readFile, rename, writeFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
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
  /**
   * Where the dump of a freshly initialised database is cached (default: the system's temp
   * folder); null → always run `initdb`.
   */
  readonly templateCacheDir?: string | null;
}

/** Opens PGlite; the WASM engine is imported here, not when the package is imported. */
export async function openPgliteConnection(options: PgliteStoreOptions = {}): Promise<SqlConnection> {
  const dataDir = options.inMemory
    ? undefined
    : resolve(options.cwd ?? process.cwd(), options.dataDir ?? DEFAULT_PGLITE_DIR);
  try {
    const { PGlite } = await import('@electric-sql/pglite');
    if (dataDir) await mkdir(dataDir, { recursive: true });
    const fresh = !dataDir || !existsSync(join(dataDir, 'PG_VERSION'));
    const cache = fresh && options.templateCacheDir !== null ? initdbTemplatePath(options.templateCacheDir) : null;
    const template = cache ? await readFile(cache).catch(() => null) : null;
    if (template) {
      const loadDataDir = new Blob([template]);
      return pgliteConnection(
        dataDir ? await PGlite.create(dataDir, { loadDataDir }) : await PGlite.create({ loadDataDir }),
      );
    }
    const db = dataDir ? await PGlite.create(dataDir) : await PGlite.create();
    if (cache) await saveTemplate(cache, db);
    return pgliteConnection(db);
  } catch (error) {
    const where = dataDir ?? 'memory';
    throw new StoreUnavailableError(
      `cannot open the embedded PGlite database (${where}): ${error instanceof Error ? error.message : String(error)}`,
      { cause: error },
    );
  }
}

/**
 * A new PGlite database costs seconds in `initdb`; a dump of a freshly initialised one loads in
 * a fraction. The dump is taken before any migration (so it fits every schema version), keyed
 * by the PGlite version, and written atomically; any failure to read or write it only costs the
 * slow path.
 */
function initdbTemplatePath(dir: string | undefined): string | null {
  try {
    const entry = createRequire(import.meta.url).resolve('@electric-sql/pglite');
    const manifest = JSON.parse(readFileSync(join(dirname(entry), '..', 'package.json'), 'utf8')) as {
      version?: unknown;
    };
    const version = typeof manifest.version === 'string' ? manifest.version : 'unknown';
    return join(dir ?? join(tmpdir(), 'opsguard-pglite'), `initdb-${version}.tar.gz`);
  } catch {
    return null;
  }
}

async function saveTemplate(
  path: string,
  db: { dumpDataDir(compression?: 'gzip' | 'none' | 'auto'): Promise<Blob> },
): Promise<void> {
  try {
    const dump = Buffer.from(await (await db.dumpDataDir('gzip')).arrayBuffer());
    await mkdir(dirname(path), { recursive: true });
    const partial = `${path}.${process.pid}.${Date.now()}.partial`;
    await writeFile(partial, dump);
    await rename(partial, path);
  } catch {
    // Best effort: the next fresh database takes the slow path again.
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
