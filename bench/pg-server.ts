// A throwaway PostgreSQL 15 server for the benches (the same start-up as the tests use).
import { startPostgresServer, stopPostgresServer } from '../test/setup/global-setup.js';

export async function withPostgres<T>(fn: (url: string) => Promise<T>): Promise<T> {
  const given = process.env['OPSGUARD_TEST_DATABASE_URL'];
  if (given) return fn(given);
  const server = startPostgresServer(55_000 + (process.pid % 1000));
  if (!server) throw new Error('no PostgreSQL server binaries (install postgresql-15)');
  try {
    return await fn(server.url);
  } finally {
    stopPostgresServer(server);
  }
}
