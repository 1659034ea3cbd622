import { optionalInput, secretInput } from './inputs.js';

/** Where an action's state lives, as the store factory reads it (same names as the CLI's env). */
export interface StoreEnvironment extends Readonly<Record<string, string | undefined>> {
  readonly SUPABASE_URL?: string;
  readonly SUPABASE_SERVICE_ROLE_KEY?: string;
  readonly DATABASE_URL?: string;
}

/** The shared store inputs (`supabase-url`, `supabase-key`, `database-url`); secrets are masked. */
export function storeInputs(): StoreEnvironment {
  const url = optionalInput('supabase-url');
  const key = secretInput('supabase-key', { required: false });
  const database = secretInput('database-url', { required: false });
  return {
    ...(url !== undefined ? { SUPABASE_URL: url } : {}),
    ...(key !== undefined ? { SUPABASE_SERVICE_ROLE_KEY: key } : {}),
    ...(database !== undefined ? { DATABASE_URL: database } : {}),
  };
}

export function hasDurableStore(env: StoreEnvironment): boolean {
  return env.SUPABASE_URL !== undefined || env.DATABASE_URL !== undefined;
}
