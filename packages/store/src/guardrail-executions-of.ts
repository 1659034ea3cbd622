import { backendOf } from './backend-handles.js';
import type { GuardrailExecutionStore } from './guardrail-store.js';
import { SqlGuardrailExecutionStore } from './sql-guardrail-store.js';
import type { Store } from './store.js';
import { SupabaseGuardrailExecutionStore } from './supabase-guardrail-store.js';

/**
 * The guardrail executions of a store opened by openStore (or its Postgres, PGlite, Supabase
 * openers), on the same connection or client: nothing new is opened, closing the store closes
 * it. A store of another kind (the store-less runner backend) cannot keep them: a TypeError.
 */
export function guardrailExecutionsOf(store: Store): GuardrailExecutionStore {
  const handle = backendOf(store);
  if (!handle) throw new TypeError(`the ${store.kind} store cannot keep guardrail executions (open it with openStore)`);
  return handle.kind === 'sql'
    ? new SqlGuardrailExecutionStore(handle.db)
    : new SupabaseGuardrailExecutionStore(handle);
}
