import { afterAll, beforeAll, expect, test } from '@jest/globals';
import { PassThrough } from 'node:stream';
import { asAppRole, createTestDatabase, describePg, ensureAppRole } from '../../store/test/support/databases.js';
import { main } from '../src/main.js';

async function run(argv: string[], env: Record<string, string> = {}) {
  const stdout = new PassThrough();
  const stderr = new PassThrough();
  let out = '';
  let err = '';
  stdout.on('data', (c: Buffer) => (out += c.toString()));
  stderr.on('data', (c: Buffer) => (err += c.toString()));
  const code = await main(argv, {
    stdin: new PassThrough(),
    stdout,
    stderr,
    env,
    cwd: process.cwd(),
    now: () => new Date('2026-12-02T09:00:00Z'),
  });
  return { code, out, err };
}

test('migrate without a connection string says what to give', async () => {
  const { code, err } = await run(['migrate']);
  expect(code).toBe(1);
  expect(err).toMatch(/give --database-url \(or DATABASE_URL\)/);
});

describePg('opsguard migrate on PostgreSQL 15', () => {
  let url: string;
  let drop: () => Promise<void>;
  beforeAll(async () => {
    ({ url, drop } = await createTestDatabase());
    await ensureAppRole();
  });
  afterAll(async () => {
    await drop?.();
  });

  test('as the administrator it applies everything and warns that this role can rewrite history', async () => {
    const { code, out } = await run(['migrate', '--database-url', url]);
    expect(code).toBe(0);
    expect(out).toMatch(/^Applied \d+ migration\(s\): 20261123000100_roles_and_base\.sql, /);
    expect(out).toMatch(/role "postgres" is a superuser and can rewrite the audit trail/);
  });

  test('as the connecting role (DATABASE_URL) there is nothing to apply, and the role is append-only', async () => {
    const { code, out } = await run(['migrate'], { DATABASE_URL: asAppRole(url) });
    expect(code).toBe(0);
    expect(out).toMatch(/^Nothing to apply: all \d+ migration\(s\) are applied\./);
    expect(out).toMatch(/role "opsguard_app" cannot change the audit trail or the kill-switch log/);
  });
});
