import { ConfigurationError } from '@opsguard/core';
import { openPgliteStore } from './pglite-store.js';
import { openPostgresStore } from './postgres-store.js';
import type { Store } from './store.js';

export interface OpenStoreOptions {
  /** Environment to read the backend from (default `process.env`). */
  readonly env?: Readonly<Record<string, string | undefined>>;
  /** Base directory of the embedded database (default `process.cwd()`). */
  readonly cwd?: string;
  /** Embedded database in memory only (dry runs, tests). */
  readonly inMemory?: boolean;
  /** Embedded database directory, relative to `cwd`. */
  readonly dataDir?: string;
}

/** Which backend the environment selects, in precedence order: Supabase, Postgres, PGlite. */
export type StoreSelection =
  | { readonly kind: 'supabase'; readonly url: string; readonly key: string }
  | { readonly kind: 'postgres'; readonly connectionString: string }
  | { readonly kind: 'pglite' };

export function selectStore(env: Readonly<Record<string, string | undefined>>): StoreSelection {
  const url = env['SUPABASE_URL']?.trim();
  const key = (env['SUPABASE_SERVICE_ROLE_KEY'] ?? env['SUPABASE_KEY'])?.trim();
  if (url) {
    if (!key) {
      throw new ConfigurationError(
        'SUPABASE_URL is set but SUPABASE_SERVICE_ROLE_KEY is not: set both, or neither to use the embedded store',
      );
    }
    return { kind: 'supabase', url, key };
  }
  const connectionString = env['DATABASE_URL']?.trim();
  if (connectionString) return { kind: 'postgres', connectionString };
  return { kind: 'pglite' };
}

/**
 * Opens the store the environment names: Supabase (`SUPABASE_URL` + `SUPABASE_SERVICE_ROLE_KEY`),
 * a Postgres server (`DATABASE_URL`), else embedded PGlite under `.opsguard/`. Backends load
 * lazily so a run pays only for the one it uses.
 */
export async function openStore(options: OpenStoreOptions = {}): Promise<Store> {
  const selection = selectStore(options.env ?? process.env);
  switch (selection.kind) {
    case 'supabase': {
      const { openSupabaseStore } = await import('./supabase-store.js');
      return openSupabaseStore({ url: selection.url, key: selection.key });
    }
    case 'postgres':
      return openPostgresStore({ connectionString: selection.connectionString });
    case 'pglite':
      return openPgliteStore({
        ...(options.cwd !== undefined && { cwd: options.cwd }),
        ...(options.inMemory !== undefined && { inMemory: options.inMemory }),
        ...(options.dataDir !== undefined && { dataDir: options.dataDir }),
      });
  }
}
