// The PostgreSQL 15 server the test set-up starts: one describe that skips visibly without it,
// and a fresh database per test file. Shared by every package's server tests.
import { randomBytes } from 'node:crypto';
import { describe } from '@jest/globals';
import pg from 'pg';

/** The PostgreSQL 15 server the test run started (test/setup/global-setup.ts). */
const PG_URL = process.env['OPSGUARD_TEST_DATABASE_URL'];

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

async function admin(sql: string): Promise<void> {
  const client = new pg.Client({ connectionString: PG_URL });
  await client.connect();
  try {
    await client.query(sql);
  } finally {
    await client.end();
  }
}

/** A fresh database for this test file; `drop` removes it. */
export async function createTestDatabase(): Promise<{ url: string; drop(): Promise<void> }> {
  if (!PG_URL) throw new Error('no PostgreSQL server');
  const name = `t_${randomBytes(6).toString('hex')}`;
  await admin(`create database ${name}`);
  const url = new URL(PG_URL);
  url.pathname = `/${name}`;
  return { url: url.toString(), drop: () => admin(`drop database if exists ${name} with (force)`) };
}
