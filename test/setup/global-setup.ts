// Jest loads this file outside the ESM mapper, so it imports nothing relative.
// Starts a throwaway PostgreSQL 15 server for the store contract suite (TOOLCHAIN.md "Databases").
// initdb and pg_ctl refuse to run as root, so as root they run as the `postgres` user.
import { execFileSync, spawnSync } from 'node:child_process';
import { chmodSync, existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export interface PostgresServer {
  readonly url: string;
  readonly dataDir: string;
  readonly binDir: string;
}

function findBinDir(): string | null {
  const fromConfig = spawnSync('pg_config', ['--bindir'], { encoding: 'utf8' });
  const candidates = [
    process.env['OPSGUARD_PG_BINDIR'],
    fromConfig.status === 0 ? fromConfig.stdout.trim() : undefined,
    '/usr/lib/postgresql/15/bin',
  ];
  for (const dir of candidates) {
    if (dir && existsSync(join(dir, 'pg_ctl')) && existsSync(join(dir, 'initdb'))) return dir;
  }
  return null;
}

function asPostgresUser(bin: string, args: string[]): void {
  const isRoot = process.getuid?.() === 0;
  const [cmd, argv] = isRoot ? ['runuser', ['-u', 'postgres', '--', bin, ...args]] : [bin, args];
  execFileSync(cmd, argv, { stdio: ['ignore', 'ignore', 'pipe'] });
}

/** Thrown when the port is taken (another clone's test server on a shared machine): try another. */
class PortInUse extends Error {}

export function startPostgresServer(port: number): PostgresServer | null {
  const binDir = findBinDir();
  if (!binDir) return null;
  const dataDir = mkdtempSync(join(tmpdir(), 'opsguard-pg-'));
  chmodSync(dataDir, 0o777);
  if (process.getuid?.() === 0) execFileSync('chown', ['postgres', dataDir]);
  const log = join(dataDir, 'server.log');
  try {
    asPostgresUser(join(binDir, 'initdb'), ['-D', dataDir, '-A', 'trust', '-U', 'postgres', '--no-sync']);
    asPostgresUser(join(binDir, 'pg_ctl'), [
      '-D',
      dataDir,
      '-w',
      '-l',
      log,
      '-o',
      `-k ${dataDir} -p ${port} -c listen_addresses=127.0.0.1 -c fsync=off -c max_connections=100`,
      'start',
    ]);
  } catch (error) {
    const inUse = existsSync(log) && readFileSync(log, 'utf8').includes('Address already in use');
    rmSync(dataDir, { recursive: true, force: true });
    throw inUse ? new PortInUse(`port ${port} is in use`, { cause: error }) : error;
  }
  return { url: `postgres://postgres@127.0.0.1:${port}/postgres`, dataDir, binDir };
}

export function stopPostgresServer(server: PostgresServer): void {
  try {
    asPostgresUser(join(server.binDir, 'pg_ctl'), ['-D', server.dataDir, '-m', 'immediate', 'stop']);
  } finally {
    rmSync(server.dataDir, { recursive: true, force: true });
  }
}

/**
 * Starts the PostgreSQL 15 server the contract suite runs against, unless a URL is given.
 * Workers inherit OPSGUARD_TEST_DATABASE_URL. Without a server the Postgres-server tests skip
 * loudly; under CI (or OPSGUARD_REQUIRE_PG=1) a missing server fails the run.
 */
export default function globalSetup(): void {
  if (process.env['OPSGUARD_TEST_DATABASE_URL']) return;
  let server: PostgresServer | null = null;
  for (let attempt = 0; ; attempt += 1) {
    const port = 54_000 + ((process.pid + attempt * 97) % 1000);
    try {
      server = startPostgresServer(port);
      break;
    } catch (error) {
      if (!(error instanceof PortInUse) || attempt >= 9) throw error;
    }
  }
  if (!server) {
    if (process.env['CI'] || process.env['OPSGUARD_REQUIRE_PG'] === '1') {
      throw new Error('PostgreSQL 15 server binaries not found (install postgresql-15 or set OPSGUARD_PG_BINDIR)');
    }
    console.warn('\n[opsguard] no PostgreSQL server found: Postgres-server contract tests will be skipped\n');
    return;
  }
  process.env['OPSGUARD_TEST_DATABASE_URL'] = server.url;
  (globalThis as { __opsguardPgStop?: () => void }).__opsguardPgStop = () => stopPostgresServer(server);
}
