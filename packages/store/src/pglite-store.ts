import type { PGlite } from '@electric-sql/pglite';
import { existsSync, readFileSync } from 'node:fs';
import { mkdir, readFile, rename, writeFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { StoreUnavailableError } from './errors.js';
import { createHash } from 'node:crypto';
import { embeddedMigrations, migrate, readMigrations, type Migration } from './migrate.js';
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
   * Where the dumps of a freshly initialised database and of one migrated with this exact
   * migration set are cached (default: the system's temp folder); null → always run `initdb`
   * and every migration.
   */
  readonly templateCacheDir?: string | null;
}

type PgliteDb = PGlite;

interface OpenedPglite {
  readonly db: PgliteDb;
  readonly connection: SqlConnection;
  /** What a fresh database was loaded from; `existing` for a data folder already in use. */
  readonly from: 'existing' | 'migrated-template' | 'initdb-template' | 'initdb';
}

/**
 * Opens PGlite; the WASM engine is imported here, not when the package is imported. A fresh
 * database is loaded from the first cached dump there is: `migrated` (the schema of this exact
 * migration set), then the initdb template, else `initdb` runs (seconds).
 */
async function openPglite(options: PgliteStoreOptions, migrated: string | null): Promise<OpenedPglite> {
  const dataDir = options.inMemory
    ? undefined
    : resolve(options.cwd ?? process.cwd(), options.dataDir ?? DEFAULT_PGLITE_DIR);
  try {
    const { PGlite } = await import('@electric-sql/pglite');
    if (dataDir) await mkdir(dataDir, { recursive: true });
    const fresh = !dataDir || !existsSync(join(dataDir, 'PG_VERSION'));
    const create = async (dump: Buffer | null): Promise<PgliteDb> => {
      const loadDataDir = dump ? { loadDataDir: new Blob([dump]) } : {};
      return dataDir ? PGlite.create(dataDir, loadDataDir) : PGlite.create(loadDataDir);
    };
    if (!fresh) {
      const db = await create(null);
      return { db, connection: pgliteConnection(db), from: 'existing' };
    }
    const schema = migrated ? await readFile(migrated).catch(() => null) : null;
    if (schema) {
      const db = await create(schema);
      return { db, connection: pgliteConnection(db), from: 'migrated-template' };
    }
    const cache = options.templateCacheDir !== null ? initdbTemplatePath(options.templateCacheDir) : null;
    const template = cache ? await readFile(cache).catch(() => null) : null;
    const db = await create(template);
    if (!template && cache) await saveTemplate(cache, db, 'gzip');
    return { db, connection: pgliteConnection(db), from: template ? 'initdb-template' : 'initdb' };
  } catch (error) {
    const where = dataDir ?? 'memory';
    throw new StoreUnavailableError(
      `cannot open the embedded PGlite database (${where}): ${error instanceof Error ? error.message : String(error)}`,
      { cause: error },
    );
  }
}

/** Opens PGlite (not migrated: `openPgliteStore` migrates). */
export async function openPgliteConnection(options: PgliteStoreOptions = {}): Promise<SqlConnection> {
  return (await openPglite(options, null)).connection;
}

/**
 * A new PGlite database costs seconds in `initdb`; a dump of a freshly initialised one loads in
 * a fraction. This dump is taken before any migration (so it fits every schema version), keyed
 * by the PGlite version, and written atomically; any failure to read or write it only costs the
 * slow path.
 */
function initdbTemplatePath(dir: string | undefined): string | null {
  const version = pgliteVersion();
  return version === null ? null : join(dir ?? join(tmpdir(), 'opsguard-pglite'), `initdb-${version}.tar.gz`);
}

/**
 * A database migrated with exactly these migrations (names and checksums, in order) is the same
 * whoever made it, so its dump is cached under their hash: the next fresh database loads it and
 * `migrate()` only verifies. Any change to the set is another key.
 */
function migratedTemplatePath(dir: string | undefined, migrations: readonly Migration[]): string | null {
  const version = pgliteVersion();
  if (version === null) return null;
  const hash = createHash('sha256');
  for (const m of migrations) hash.update(`${m.name}\0${m.checksum}\n`);
  return join(dir ?? join(tmpdir(), 'opsguard-pglite'), `migrated-${version}-${hash.digest('hex').slice(0, 32)}.tar`);
}

let installedVersion: string | null | undefined;

/** The installed PGlite's version (read once: both cache keys of every open need it). */
function pgliteVersion(): string | null {
  if (installedVersion !== undefined) return installedVersion;
  try {
    const entry = createRequire(import.meta.url).resolve('@electric-sql/pglite');
    const manifest = JSON.parse(readFileSync(join(dirname(entry), '..', 'package.json'), 'utf8')) as {
      version?: unknown;
    };
    installedVersion = typeof manifest.version === 'string' ? manifest.version : 'unknown';
  } catch {
    installedVersion = null;
  }
  return installedVersion;
}

async function saveTemplate(
  path: string,
  db: { dumpDataDir(compression?: 'gzip' | 'none' | 'auto'): Promise<Blob> },
  compression: 'gzip' | 'none',
): Promise<void> {
  try {
    const dump = Buffer.from(await (await db.dumpDataDir(compression)).arrayBuffer());
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
  const migrations =
    options.migrations ??
    (options.migrationsDir !== undefined ? await readMigrations(options.migrationsDir) : embeddedMigrations());
  const cache = options.templateCacheDir === null ? null : migratedTemplatePath(options.templateCacheDir, migrations);
  const opened = await openPglite(options, cache);
  try {
    // Also on a database loaded from the migrated dump: it verifies every checksum.
    const report = await migrate(opened.connection, { migrations });
    if (cache && opened.from !== 'existing' && opened.from !== 'migrated-template' && report.applied.length > 0)
      // Uncompressed: ~40 MB on disk, but a quarter of a second less per open than gzip.
      await saveTemplate(cache, opened.db, 'none');
  } catch (error) {
    await opened.connection.close().catch(() => undefined);
    throw error;
  }
  return new SqlStore(opened.connection);
}
