/** GitHub's maximum page size; fewer, fuller pages spend less of the hourly request budget. */
export const PER_PAGE = 100;

export interface Page<T> {
  readonly items: readonly T[];
  /** `total_count` when the endpoint reports it: lets us skip the final empty page. */
  readonly totalCount?: number;
}

/**
 * Collects pages 1, 2, … until a short page, the reported total, or `limit`. Page numbers, not
 * Link headers, so every request stays on one route template (the request counts rely on it).
 */
export async function collectPages<T>(
  fetchPage: (page: number, perPage: number) => Promise<Page<T>>,
  limit: number = Number.POSITIVE_INFINITY,
): Promise<T[]> {
  const collected: T[] = [];
  for (let page = 1; collected.length < limit; page += 1) {
    const { items, totalCount } = await fetchPage(page, PER_PAGE);
    collected.push(...items);
    if (items.length < PER_PAGE) break;
    if (totalCount !== undefined && collected.length >= totalCount) break;
  }
  return collected.length > limit ? collected.slice(0, limit) : collected;
}

export function validLimit(limit: number | undefined): number {
  if (limit === undefined) return Number.POSITIVE_INFINITY;
  if (!Number.isInteger(limit) || limit < 1)
    throw new RangeError(`limit must be a whole number ≥ 1, got ${String(limit)}`);
  return limit;
}
