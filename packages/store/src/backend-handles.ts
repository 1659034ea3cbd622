import type { SupabaseClient } from '@supabase/supabase-js';
import type { SqlConnection } from './sql-executor.js';

/** The fields of a postgrest-js answer the Supabase store checks. */
export interface PostgrestAnswer {
  readonly data: unknown;
  readonly error: {
    readonly message: string;
    readonly code?: string;
    readonly details?: string | null;
    readonly hint?: string | null;
  } | null;
  readonly status: number;
}

/**
 * What a store was opened on, for capabilities that live beside the core Store interface (API
 * reads, intake, API keys) without widening it. Kept in a WeakMap, not on the store object, so
 * neither JSON nor util.inspect of a store shows a client or a connection.
 */
export type BackendHandle =
  | { readonly kind: 'sql'; readonly db: SqlConnection }
  | {
      readonly kind: 'supabase';
      readonly client: SupabaseClient;
      /** The store's own answer check: network/5xx → StoreUnavailableError, else StoreQueryError. */
      readonly check: (operation: string, answer: PostgrestAnswer) => unknown;
      readonly retry: boolean;
    };

const handles = new WeakMap<object, BackendHandle>();

export function registerBackend(store: object, handle: BackendHandle): void {
  handles.set(store, handle);
}

export function backendOf(store: object): BackendHandle | undefined {
  return handles.get(store);
}
