import { ConfigurationError, type StoreSelection } from '@opsguard/core';
import { optionalInput, secretInput } from './inputs.js';

/**
 * Where an action's state lives, from its own inputs only (`supabase-url` + `supabase-key`, or
 * `database-url`) — never from the job's environment: a consumer's own DATABASE_URL is not
 * OpsGuard's. None given → `none`, the store-less mode. Secrets are masked as they are read.
 */
export function storeInputs(): StoreSelection {
  const url = optionalInput('supabase-url');
  const key = secretInput('supabase-key', { required: false });
  const database = secretInput('database-url', { required: false });
  if (url !== undefined || key !== undefined) {
    if (url === undefined || key === undefined) {
      throw new ConfigurationError(
        `inputs "supabase-url" and "supabase-key" go together: ${url === undefined ? '"supabase-url"' : '"supabase-key"'} is missing`,
      );
    }
    if (database !== undefined) {
      throw new ConfigurationError('give either "supabase-url" + "supabase-key" or "database-url", not both');
    }
    return { kind: 'supabase', url, key };
  }
  if (database !== undefined) return { kind: 'postgres', connectionString: database };
  return { kind: 'none' };
}

export function hasDurableStore(store: StoreSelection): boolean {
  return store.kind === 'supabase' || store.kind === 'postgres';
}
