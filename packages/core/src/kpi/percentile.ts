/**
 * Nearest-rank percentile (the value at rank ceil(p·n)), the definition the SQL views use
 * (`percentile_disc`), so JS and SQL agree exactly. Sorts a copy; Float64Array sorts numerically.
 */
export function percentile(values: Float64Array | readonly number[], p: number): number | null {
  const n = values.length;
  if (n === 0) return null;
  const sorted = Float64Array.from(values).sort();
  return percentileOfSorted(sorted, p);
}

export function percentileOfSorted(sorted: Float64Array, p: number): number | null {
  const n = sorted.length;
  if (n === 0) return null;
  const rank = Math.min(n, Math.max(1, Math.ceil(p * n)));
  return sorted[rank - 1] ?? null;
}
