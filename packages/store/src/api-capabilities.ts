import type { ApiReader } from './api-reader.js';
import { backendOf } from './backend-handles.js';
import type { ApiKeyStore, IntakeStore } from './intake-store.js';
import { SqlApiReader } from './sql-api-reader.js';
import { SqlApiKeyStore, SqlIntakeStore } from './sql-intake-store.js';
import type { Store } from './store.js';
import { SupabaseApiKeyStore, SupabaseApiReader, SupabaseIntakeStore } from './supabase-api-stores.js';

/** What `opsguard serve`, `export`, `keys` and `cleanup` need beside the core Store. */
export interface ApiCapabilities {
  readonly reader: ApiReader;
  readonly intake: IntakeStore;
  readonly keys: ApiKeyStore;
}

/**
 * The API capabilities of a store opened by openStore/openPostgresStore/openPgliteStore/
 * openSupabaseStore, on the same connection or client (nothing new is opened; closing the store
 * closes them). A store of another kind (the store-less runner backend) has none: a TypeError.
 */
export function apiCapabilitiesOf(store: Store): ApiCapabilities {
  const handle = backendOf(store);
  if (!handle) throw new TypeError(`the ${store.kind} store has no API capabilities (open it with openStore)`);
  if (handle.kind === 'sql') {
    return {
      reader: new SqlApiReader(handle.db),
      intake: new SqlIntakeStore(handle.db),
      keys: new SqlApiKeyStore(handle.db),
    };
  }
  return {
    reader: new SupabaseApiReader(handle),
    intake: new SupabaseIntakeStore(handle),
    keys: new SupabaseApiKeyStore(handle),
  };
}
