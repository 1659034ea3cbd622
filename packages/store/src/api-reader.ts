import type { JsonValue } from '@opsguard/core';

/**
 * Reads of the versioned API views (`api.v1_*` in supabase/migrations) for `opsguard serve`
 * and `opsguard export`: keyset pages, so a page costs the same wherever it is and a walk over
 * all rows holds one page in memory. Implemented on SQL (pg, PGlite) and on Supabase.
 */
export type ApiTable = 'runs' | 'jobs' | 'retry-history' | 'audit' | 'metrics';

export const API_TABLES: readonly ApiTable[] = ['runs', 'jobs', 'retry-history', 'audit', 'metrics'];

export interface ApiFilter {
  readonly repository?: string;
  readonly workflow?: string;
  /** Inclusive, on the table's time column. */
  readonly since?: Date;
  /** Exclusive. */
  readonly until?: Date;
}

export interface ApiPageQuery {
  readonly table: ApiTable;
  readonly filter: ApiFilter;
  /** The `nextCursor` of the previous page; null for the first. */
  readonly cursor: string | null;
  readonly limit: number;
}

/** One row with the view's column names; times are UTC ISO-8601 strings, numbers are numbers. */
export type ApiRow = Readonly<Record<string, JsonValue>>;

export interface ApiPage {
  readonly rows: readonly ApiRow[];
  /** Opaque; null on the last page. Stable under inserts: it names the last row, not an offset. */
  readonly nextCursor: string | null;
}

export interface KpiApiQuery {
  readonly repository?: string;
  readonly workflow?: string;
  /** End of the window. */
  readonly until: Date;
  /** Whole days ending at `until`. */
  readonly days: number;
  readonly branch: string;
}

/** A run attempt, as the jobs of `jobsOfRuns` are asked for. */
export interface RunAttemptRef {
  readonly repository: string;
  readonly runId: number;
  readonly attempt: number;
}

export interface ApiReader {
  page(query: ApiPageQuery): Promise<ApiPage>;
  /** The jobs (api.v1_jobs rows) of these run attempts, by repository and job id. */
  jobsOfRuns(runs: readonly RunAttemptRef[]): Promise<ApiRow[]>;
  kpi(query: KpiApiQuery): Promise<ApiRow[]>;
}

/** A cursor that this reader did not hand out (or for another table): a client's mistake. */
export class InvalidCursorError extends Error {
  override readonly name = 'InvalidCursorError';
}

export function isInvalidCursorError(value: unknown): value is InvalidCursorError {
  return value instanceof Error && value.name === 'InvalidCursorError';
}
