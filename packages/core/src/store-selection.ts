/**
 * Where OpsGuard's state lives, as configuration (DESIGN.md "State"). An action takes it only
 * from its own inputs; the CLI from its environment. `none` is the store-less mode of a runner:
 * state is derived from GitHub's own record and nothing is written to a database.
 */
export type StoreSelection =
  | { readonly kind: 'supabase'; readonly url: string; readonly key: string }
  | { readonly kind: 'postgres'; readonly connectionString: string }
  | { readonly kind: 'pglite'; readonly dataDir?: string }
  | { readonly kind: 'none' };

export function describeStoreSelection(selection: StoreSelection): string {
  switch (selection.kind) {
    case 'supabase':
      return `Supabase (${selection.url})`;
    case 'postgres':
      return 'a PostgreSQL server (database-url)';
    case 'pglite':
      return 'embedded PGlite';
    case 'none':
      return "no store: state derived from GitHub's own record";
  }
}
