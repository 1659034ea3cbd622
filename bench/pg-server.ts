// A throwaway PostgreSQL 15 server for the benches (the same start-up as the tests use).
import { startPostgresServer, stopPostgresServer } from '../test/setup/global-setup.js';

export async function withPostgres<T>(fn: (url: string) => Promise<T>): Promise<T> {
  const given = process.env['OPSGUARD_TEST_DATABASE_URL'];
  if (given) return fn(given);
  // Other processes on the machine may hold a port: try a few.
  let server: ReturnType<typeof startPostgresServer> = null;
  for (let attempt = 0; attempt < 5 && !server; attempt++) {
    try {
      server = startPostgresServer(50_000 + Math.floor(Math.random() * 9000));
      if (!server) throw new Error('no PostgreSQL server binaries (install postgresql-15)');
    } catch (error) {
      if (attempt === 4 || (error instanceof Error && error.message.startsWith('no PostgreSQL'))) throw error;
    }
  }
  if (!server) throw new Error('the PostgreSQL server did not start');
  try {
    return await fn(server.url);
  } finally {
    stopPostgresServer(server);
  }
}
