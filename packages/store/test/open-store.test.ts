import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, test } from '@jest/globals';
import { openStore, selectStore } from '../src/open-store.js';

describe('selectStore: Supabase, then a Postgres server, then embedded PGlite', () => {
  test.each([
    [
      { SUPABASE_URL: 'https://x.supabase.co', SUPABASE_SERVICE_ROLE_KEY: 'k', DATABASE_URL: 'postgres://db' },
      'supabase',
    ],
    [{ SUPABASE_URL: 'https://x.supabase.co', SUPABASE_KEY: 'k' }, 'supabase'],
    [{ DATABASE_URL: 'postgres://db' }, 'postgres'],
    [{ SUPABASE_URL: '  ', DATABASE_URL: ' ' }, 'pglite'],
    [{}, 'pglite'],
  ])('%j → %s', (env, kind) => {
    expect(selectStore(env).kind).toBe(kind);
  });

  test('a Supabase URL without a key is a configuration error naming both settings', () => {
    expect(() => selectStore({ SUPABASE_URL: 'https://x.supabase.co' })).toThrow(
      /SUPABASE_URL is set but SUPABASE_SERVICE_ROLE_KEY is not/,
    );
  });
});

describe('the embedded store on disk', () => {
  let cwd: string;
  beforeAll(async () => {
    cwd = await mkdtemp(join(tmpdir(), 'opsguard-pglite-'));
  });
  afterAll(async () => {
    await rm(cwd, { recursive: true, force: true });
  });

  test('state survives closing and reopening (.opsguard/pglite under cwd)', async () => {
    const first = await openStore(selectStore({}), { cwd });
    expect(first.kind).toBe('pglite');
    const at = new Date('2026-11-23T09:00:00.000Z');
    await first.setKillSwitch({ scope: 'global', target: '*', active: true, reason: 'persisted', actor: 'test', at });
    await first.close();

    const second = await openStore(selectStore({}), { cwd });
    try {
      expect(await second.listKillSwitches()).toEqual([
        {
          scope: 'global',
          target: '*',
          active: true,
          reason: 'persisted',
          updatedBy: 'test',
          updatedAt: at.toISOString(),
        },
      ]);
    } finally {
      await second.close();
    }
  });
});
