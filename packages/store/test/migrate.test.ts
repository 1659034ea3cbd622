import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, test } from '@jest/globals';
import { embeddedMigrations, isMigrationChecksumError, migrate, readMigrations, toMigration } from '../src/migrate.js';
import { openPgConnection } from '../src/pg-executor.js';
import { openPgliteConnection } from '../src/pglite-store.js';
import type { SqlConnection } from '../src/sql-executor.js';
import { createTestDatabase, describePg } from './support/databases.js';

const FIRST = toMigration('0001_first.sql', 'create table public.things (id int primary key);');
const SECOND = toMigration(
  '0002_second.sql',
  'insert into public.things values (1);\ninsert into public.things values (2);',
);
const THIRD = toMigration('0003_third.sql', 'alter table public.things add column name text;');

async function applied(db: SqlConnection): Promise<string[]> {
  return (await db.query('select name from public.schema_migrations order by name')).map((r) => String(r['name']));
}

function describeRunner(name: string, open: () => Promise<{ db: SqlConnection; close(): Promise<void> }>): void {
  describe(`migration runner: ${name}`, () => {
    let db: SqlConnection;
    let close: () => Promise<void>;
    beforeEach(async () => {
      ({ db, close } = await open());
    });
    afterEach(async () => {
      await close();
    });

    test('applies in name order and records each; a second run applies nothing', async () => {
      expect(await migrate(db, { migrations: [FIRST, SECOND] })).toEqual({
        applied: [FIRST.name, SECOND.name],
        skipped: [],
      });
      expect(await applied(db)).toEqual([FIRST.name, SECOND.name]);
      expect(await migrate(db, { migrations: [FIRST, SECOND] })).toEqual({
        applied: [],
        skipped: [FIRST.name, SECOND.name],
      });
      expect(await db.query('select count(*)::int as n from public.things')).toEqual([{ n: 2 }]);
      expect(await migrate(db, { migrations: [FIRST, SECOND, THIRD] })).toEqual({
        applied: [THIRD.name],
        skipped: [FIRST.name, SECOND.name],
      });
    });

    test('a changed applied file is refused before anything else is applied', async () => {
      await migrate(db, { migrations: [FIRST] });
      const edited = toMigration(FIRST.name, `${FIRST.sql}\n-- edited`);
      const error = await migrate(db, { migrations: [edited, SECOND] }).catch((e: unknown) => e);
      expect(isMigrationChecksumError(error)).toBe(true);
      expect(String(error)).toMatch(/0001_first.sql was changed after it was applied/);
      expect(await applied(db)).toEqual([FIRST.name]);
    });

    test('CRLF line endings do not count as a change', async () => {
      await migrate(db, { migrations: [FIRST, SECOND] });
      const crlf = toMigration(SECOND.name, SECOND.sql.replace(/\n/g, '\r\n'));
      expect((await migrate(db, { migrations: [FIRST, crlf] })).applied).toEqual([]);
    });

    test('a failing migration is rolled back and not recorded', async () => {
      const broken = toMigration('0002_broken.sql', 'create table public.half (id int);\nselect nonsense_function();');
      await expect(migrate(db, { migrations: [FIRST, broken] })).rejects.toThrow(/nonsense_function/);
      expect(await applied(db)).toEqual([FIRST.name]);
      expect(await db.query("select to_regclass('public.half') as t")).toEqual([{ t: null }]);
    });
  });
}

describeRunner('PGlite', async () => {
  const db = await openPgliteConnection({ inMemory: true });
  return { db, close: () => db.close() };
});

describePg('migration runner on PostgreSQL 15', () => {
  describeRunner('PostgreSQL 15', async () => {
    const database = await createTestDatabase();
    const db = await openPgConnection({ connectionString: database.url, max: 4 });
    return {
      db,
      async close() {
        await db.close();
        await database.drop();
      },
    };
  });

  test('two runners at once apply each migration exactly once', async () => {
    const database = await createTestDatabase();
    const a = await openPgConnection({ connectionString: database.url, max: 2 });
    const b = await openPgConnection({ connectionString: database.url, max: 2 });
    try {
      const migrations = await readMigrations();
      const [ra, rb] = await Promise.all([migrate(a, { migrations }), migrate(b, { migrations })]);
      expect([...ra.applied, ...rb.applied].sort()).toEqual(migrations.map((m) => m.name));
      expect(await applied(a)).toEqual(migrations.map((m) => m.name));
    } finally {
      await a.close();
      await b.close();
      await database.drop();
    }
  });
});

describe('the real migrations', () => {
  let dir: string;
  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'opsguard-migrations-'));
  });
  afterAll(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  test('readMigrations takes .sql files in name order', async () => {
    await writeFile(join(dir, '002_b.sql'), 'select 2;');
    await writeFile(join(dir, '001_a.sql'), 'select 1;');
    await writeFile(join(dir, 'README.md'), 'not a migration');
    expect((await readMigrations(dir)).map((m) => m.name)).toEqual(['001_a.sql', '002_b.sql']);
  });

  test('supabase/migrations are numbered and unique', async () => {
    const names = (await readMigrations()).map((m) => m.name);
    expect(names.length).toBeGreaterThanOrEqual(5);
    for (const name of names) expect(name).toMatch(/^\d{14}_[a-z0-9_]+\.sql$/);
    expect(new Set(names.map((n) => n.slice(0, 14))).size).toBe(names.length);
  });

  test('the embedded copy that bundles apply is the supabase/migrations folder, byte for byte', async () => {
    // Stale? Run `npm run build` (scripts/embed-migrations.ts).
    expect(embeddedMigrations()).toEqual(await readMigrations());
  });
});
