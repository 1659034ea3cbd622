/**
 * The k-th smallest value (0-based) of `values`, reordering it in place: Hoare's selection,
 * O(n) on average, where a full sort of a million durations costs O(n log n).
 */
export function selectKth(values: Float64Array, k: number): number {
  let lo = 0;
  let hi = values.length - 1;
  while (lo < hi) {
    const pivot = values[(lo + hi) >>> 1] as number;
    let i = lo;
    let j = hi;
    while (i <= j) {
      while ((values[i] as number) < pivot) i++;
      while ((values[j] as number) > pivot) j--;
      if (i <= j) {
        const t = values[i] as number;
        values[i] = values[j] as number;
        values[j] = t;
        i++;
        j--;
      }
    }
    if (k <= j) hi = j;
    else if (k >= i) lo = i;
    else break;
  }
  return values[k] as number;
}

/** Nearest-rank percentile via selection (same definition as `percentile`). */
export function selectPercentile(values: Float64Array, p: number): number | null {
  const n = values.length;
  if (n === 0) return null;
  const rank = Math.min(n, Math.max(1, Math.ceil(p * n)));
  return selectKth(values, rank - 1);
}
