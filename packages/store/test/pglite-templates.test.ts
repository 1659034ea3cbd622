// Fresh PGlite databases load from cached dumps: the initdb template, then the schema of this
// exact migration set. A cached schema is still verified by migrate(), a different set of
// migrations is another cache entry, and a store opened from the cache holds the same schema.
import { copyFileSync, existsSync, mkdtempSync, readdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, test } from '@jest/globals';
import { backendOf } from '../src/backend-handles.js';
import { toMigration } from '../src/migrate.js';
import { embeddedMigrations, openPgliteStore } from '../src/index.js';
import type { SqlStore } from '../src/sql-store.js';

// One cache folder for the file (each test counts its own entries): initdb runs once.
const dir = mkdtempSync(join(tmpdir(), 'opsguard-pglite-templates-'));
// initdb is not under test: seed the folder with the machine's initdb template when there is one.
const shared = join(tmpdir(), 'opsguard-pglite');
for (const f of existsSync(shared) ? readdirSync(shared).filter((n) => /^initdb-.*\.tar\.gz$/.test(n)) : [])
  copyFileSync(join(shared, f), join(dir, f));
const migratedDumps = () => readdirSync(dir).filter((f) => f.startsWith('migrated-'));
const sql = (store: SqlStore) => {
  const handle = backendOf(store);
  if (handle?.kind !== 'sql') throw new Error('not a SQL store');
  return handle.db;
};
const tables = async (store: SqlStore) =>
  (
    await sql(store).query(
      "select table_schema || '.' || table_name as t from information_schema.tables where table_schema in ('public', 'api') order by 1",
    )
  ).map((r) => String(r['t']));

describe('PGlite templates', () => {
  test('the first store migrates and caches its schema; the next loads it and holds the same tables', async () => {
    const first = await openPgliteStore({ inMemory: true, templateCacheDir: dir });
    const firstTables = await tables(first);
    await first.close();
    const cached = migratedDumps();
    expect(cached).toHaveLength(1);
    expect(readdirSync(dir).some((f) => f.startsWith('initdb-'))).toBe(true);

    const second = await openPgliteStore({ inMemory: true, templateCacheDir: dir });
    expect(await tables(second)).toEqual(firstTables);
    // Every migration is recorded with its checksum, as migrate() left it.
    const recorded = await sql(second).query('select name, checksum from public.schema_migrations order by name');
    expect(recorded.map((r) => [r['name'], r['checksum']])).toEqual(
      embeddedMigrations().map((m) => [m.name, m.checksum]),
    );
    await second.close();
    expect(migratedDumps()).toEqual(cached);
  });

  test('another migration set is another cache entry, never the first one’s schema', async () => {
    const before = migratedDumps().length;
    const extra = [
      ...embeddedMigrations(),
      toMigration('29991231000000_probe.sql', 'create table template_probe (id int);'),
    ];
    const store = await openPgliteStore({ inMemory: true, templateCacheDir: dir, migrations: extra });
    expect(await tables(store)).toContain('public.template_probe');
    await store.close();
    expect(migratedDumps()).toHaveLength(before + 1);
  });

  test('a migration whose text changed is another key: never the stale schema', async () => {
    // Same names as the set cached just above, one text changed: another key, so it migrates afresh.
    const changed = [
      ...embeddedMigrations(),
      toMigration('29991231000000_probe.sql', 'create table template_changed (id int);'),
    ];
    const store = await openPgliteStore({ inMemory: true, templateCacheDir: dir, migrations: changed });
    expect(await tables(store)).toContain('public.template_changed');
    expect(await tables(store)).not.toContain('public.template_probe');
    await store.close();
  });
});
