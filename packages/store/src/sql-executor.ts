/** A row as the driver returns it; mappers check every field's type. */
export type SqlRow = Readonly<Record<string, unknown>>;

/**
 * The little the SQL store needs from a driver, so `pg` and PGlite share every statement and
 * row mapping (sql-store.ts). Implementations turn connection failures into
 * StoreUnavailableError.
 */
export interface SqlExecutor {
  /** One statement with `$n` parameters. */
  query(text: string, params?: readonly unknown[]): Promise<SqlRow[]>;
  /** A script of several statements, no parameters (migrations). */
  execScript(script: string): Promise<void>;
  /** Runs `fn` on one connection inside BEGIN/COMMIT; rolls back when it throws. */
  transaction<T>(fn: (tx: SqlExecutor) => Promise<T>): Promise<T>;
}

export interface SqlConnection extends SqlExecutor {
  readonly kind: 'postgres' | 'pglite';
  close(): Promise<void>;
}
