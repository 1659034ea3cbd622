import { migrate } from './migrate.js';
import { selectStore, type OpenStoreOptions } from './open-store.js';
import type { GuardrailExecutionStore } from './guardrail-store.js';
import { openPgConnection } from './pg-executor.js';
import { openPgliteConnection } from './pglite-store.js';
import type { SqlConnection } from './sql-executor.js';
import { SqlGuardrailExecutionStore } from './sql-guardrail-store.js';
import { SqlStore } from './sql-store.js';
import type { Store } from './store.js';

/** The core Store and the guardrail executions on one backend (one connection for SQL ones). */
export interface GuardrailStores {
  readonly store: Store;
  readonly executions: GuardrailExecutionStore;
  close(): Promise<void>;
}

/** Both stores over one open SQL connection (tests and callers that opened it themselves). */
export function guardrailStoresOn(connection: SqlConnection): GuardrailStores {
  return {
    store: new SqlStore(connection),
    executions: new SqlGuardrailExecutionStore(connection),
    close: () => connection.close(),
  };
}

async function migrated(connection: SqlConnection): Promise<GuardrailStores> {
  try {
    await migrate(connection);
  } catch (error) {
    await connection.close().catch(() => undefined);
    throw error;
  }
  return guardrailStoresOn(connection);
}

/**
 * Opens the backend the environment names, as openStore does (Supabase, then `DATABASE_URL`, then
 * embedded PGlite), with the guardrail executions beside the Store. PGlite allows one process
 * per data directory, so both share its one connection.
 */
export async function openGuardrailStores(options: OpenStoreOptions = {}): Promise<GuardrailStores> {
  const selection = selectStore(options.env ?? process.env);
  switch (selection.kind) {
    case 'supabase': {
      const [{ openSupabaseStore }, { SupabaseGuardrailExecutionStore }] = await Promise.all([
        import('./supabase-store.js'),
        import('./supabase-guardrail-store.js'),
      ]);
      const supabase = { url: selection.url, key: selection.key };
      const store = openSupabaseStore(supabase);
      return { store, executions: new SupabaseGuardrailExecutionStore(supabase), close: () => store.close() };
    }
    case 'postgres':
      return migrated(
        await openPgConnection({
          connectionString: selection.connectionString,
          max: 5,
          connectionTimeoutMillis: 10_000,
        }),
      );
    case 'pglite':
      return migrated(
        await openPgliteConnection({
          ...(options.cwd !== undefined && { cwd: options.cwd }),
          ...(options.inMemory !== undefined && { inMemory: options.inMemory }),
          ...(options.dataDir !== undefined && { dataDir: options.dataDir }),
        }),
      );
  }
}
