import { ConfigurationError, type StoreSelection } from '@opsguard/core';
import { openPgliteStore } from './pglite-store.js';
import { openPostgresStore } from './postgres-store.js';
import { MemoryStore } from './memory-store.js';
import type { Store } from './store.js';

export interface OpenStoreOptions {
  /** Base directory of the embedded database (default `process.cwd()`). */
  readonly cwd?: string;
  /** Embedded database in memory only (dry runs, tests). */
  readonly inMemory?: boolean;
  /** fetch for Supabase (the caller's, bounded by the job's deadline). */
  readonly fetch?: typeof fetch;
  /** Longest wait for one store round trip, connect and answer (default 30 s). */
  readonly timeoutMs?: number;
}

export type { StoreSelection } from '@opsguard/core';

/**
 * Which backend the CLI's environment selects, in precedence order: Supabase, Postgres, PGlite.
 * Actions never call this: their store comes from their inputs (action-kit's `storeInputs`).
 */
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
 * Opens the store a selection names. Backends load lazily so a run pays only for the one it
 * uses; `none` is an empty MemoryStore (the runner's store-less mode builds on it).
 */
export async function openStore(selection: StoreSelection, options: OpenStoreOptions = {}): Promise<Store> {
  switch (selection.kind) {
    case 'supabase': {
      const { openSupabaseStore } = await import('./supabase-store.js');
      return openSupabaseStore({
        url: selection.url,
        key: selection.key,
        ...(options.fetch !== undefined && { fetch: options.fetch }),
        ...(options.timeoutMs !== undefined && { timeoutMs: options.timeoutMs }),
      });
    }
    case 'postgres':
      return openPostgresStore({
        connectionString: selection.connectionString,
        ...(options.timeoutMs !== undefined && {
          connectTimeoutMs: options.timeoutMs,
          queryTimeoutMs: options.timeoutMs,
        }),
      });
    case 'pglite':
      return openPgliteStore({
        ...(options.cwd !== undefined && { cwd: options.cwd }),
        ...(options.inMemory !== undefined && { inMemory: options.inMemory }),
        ...(selection.dataDir !== undefined && { dataDir: selection.dataDir }),
      });
    case 'none':
      return new MemoryStore();
  }
}
