import { readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, test } from '@jest/globals';
import { RPC_ARGS, type RpcName } from '../src/rpc-calls.js';
import { openPgliteBackend, type StoreBackend } from './support/databases.js';

const REPO_ROOT = fileURLToPath(new URL('../../../', import.meta.url));

async function sourceFiles(dir: string): Promise<string[]> {
  const entries = await readdir(dir, { withFileTypes: true }).catch(() => []);
  const nested = await Promise.all(
    entries.map((entry) => {
      const path = join(dir, entry.name);
      if (entry.isDirectory()) return ['node_modules', 'dist', 'test'].includes(entry.name) ? [] : sourceFiles(path);
      // embedded-migrations.ts is the migrations' SQL, which also names functions later dropped.
      return entry.name.endsWith('.ts') && entry.name !== 'embedded-migrations.ts' ? [path] : [];
    }),
  );
  return nested.flat();
}

/** Every SQL function name the TypeScript calls: rpc builders, `.rpc('x')`, and `public.x(` in SQL text. */
async function calledFunctions(): Promise<Map<string, string>> {
  const files = [
    ...(await sourceFiles(join(REPO_ROOT, 'packages'))),
    ...(await sourceFiles(join(REPO_ROOT, 'actions'))),
  ];
  const called = new Map<string, string>();
  for (const file of files) {
    const text = await readFile(file, 'utf8');
    for (const re of [/\bcall\('([a-z_]+)'/g, /\.rpc\(\s*'([a-z_]+)'/g, /\bpublic\.([a-z_]+)\(/g]) {
      for (const match of text.matchAll(re)) called.set(match[1]!, file.slice(REPO_ROOT.length));
    }
  }
  return called;
}

describe('SQL functions against the TypeScript that calls them', () => {
  let backend: StoreBackend;
  let functions: Map<string, string[]>;

  beforeAll(async () => {
    backend = await openPgliteBackend();
    const rows = await backend.sql(
      `select p.proname as name, pg_get_function_arguments(p.oid) as args
       from pg_proc p join pg_namespace n on n.oid = p.pronamespace
       where n.nspname = 'public'`,
    );
    functions = new Map();
    for (const row of rows) {
      const name = String(row['name']);
      functions.set(name, [...(functions.get(name) ?? []), String(row['args'])]);
    }
  });
  afterAll(async () => {
    await backend?.close();
  });

  test.each(Object.keys(RPC_ARGS) as RpcName[])('%s exists once, with exactly the argument names of RPC_ARGS', (fn) => {
    const overloads = functions.get(fn);
    expect(overloads).toHaveLength(1);
    // "p_scope text, p_target text, ..." → the names, in order.
    const names = overloads![0]!.split(',').map((arg) => arg.trim().split(/\s+/)[0]);
    expect(names).toEqual([...RPC_ARGS[fn]]);
  });

  test('every SQL function the code calls exists, and every rpc the store calls is in RPC_ARGS', async () => {
    const called = await calledFunctions();
    expect(called.size).toBeGreaterThan(0);
    const missing = [...called].filter(([name]) => !functions.has(name)).map(([name, file]) => `${name} (${file})`);
    expect(missing).toEqual([]);

    const rpcCalls = await readFile(join(REPO_ROOT, 'packages/store/src/rpc-calls.ts'), 'utf8');
    const built = [...rpcCalls.matchAll(/\bcall\('([a-z_]+)'/g)].map((m) => m[1]).sort();
    expect(built).toEqual(Object.keys(RPC_ARGS).sort());
  });

  test('the functions the stores call are security definer and pinned to a search_path', async () => {
    const rows = await backend.sql(
      `select p.proname as name, p.prosecdef as definer, p.proconfig as config
       from pg_proc p join pg_namespace n on n.oid = p.pronamespace
       where n.nspname = 'public' and p.proname = any($1)`,
      [Object.keys(RPC_ARGS)],
    );
    expect(rows).toHaveLength(Object.keys(RPC_ARGS).length);
    for (const row of rows) {
      expect({ name: row['name'], definer: row['definer'] }).toEqual({ name: row['name'], definer: true });
      expect(String(row['config'])).toMatch(/search_path=public, ?pg_temp/);
    }
  });
});
