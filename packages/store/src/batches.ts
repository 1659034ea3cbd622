/** PostgREST and Postgres both cope well with this many rows per request (see UpsertResult). */
export const MAX_BATCH_ROWS = 500;

export function toBatches<T>(rows: readonly T[], size: number = MAX_BATCH_ROWS): T[][] {
  const batches: T[][] = [];
  for (let i = 0; i < rows.length; i += size) batches.push(rows.slice(i, i + size));
  return batches;
}

/**
 * One row per key, the last occurrence winning and keeping its position: an upsert cannot touch
 * a row twice in one statement, and the later record of a run is the newer one.
 */
export function lastPerKey<T>(rows: readonly T[], key: (row: T) => string): T[] {
  const last = new Map<string, number>();
  rows.forEach((row, i) => last.set(key(row), i));
  return rows.filter((row, i) => last.get(key(row)) === i);
}
