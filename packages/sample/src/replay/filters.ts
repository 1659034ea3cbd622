// GitHub's list semantics: `created` date qualifiers, the `status` filter that also matches
// conclusions, per_page/page pagination and the Link header that points at other pages.

const STATUSES = new Set(['completed', 'in_progress', 'queued', 'requested', 'waiting', 'pending', 'action_required']);

/** Whether a run's status/conclusion passes the `status` query parameter. */
export function matchesStatus(filter: string, status: string | null, conclusion: string | null): boolean {
  return STATUSES.has(filter) ? status === filter : conclusion === filter;
}

const BOUND = /^(\d{4}-\d{2}-\d{2})(T\d{2}:\d{2}(?::\d{2})?(?:\.\d+)?(?:Z|[+-]\d{2}:\d{2})?)?$/;

/** [from, to) in ms covered by one date or date-time (a date covers its whole UTC day). */
function span(text: string): [number, number] | undefined {
  const match = BOUND.exec(text);
  if (!match) return undefined;
  if (match[2] === undefined) {
    const from = Date.parse(`${match[1]}T00:00:00Z`);
    return Number.isNaN(from) ? undefined : [from, from + 86_400_000];
  }
  const zoned = /(?:Z|[+-]\d{2}:\d{2})$/.test(match[2]);
  const from = Date.parse(zoned ? text : `${text}Z`);
  const seconds = /^T\d{2}:\d{2}:\d{2}/.test(match[2]);
  return Number.isNaN(from) ? undefined : [from, from + (seconds ? 1_000 : 60_000)];
}

/**
 * A predicate for GitHub's `created` qualifier (`>=2026-11-01`, `<2026-11-01T12:00:00Z`,
 * `2026-11-01..2026-11-07`, `*..2026-11-07`, `2026-11-01`), or undefined when the value is
 * malformed — GitHub then ignores the filter.
 */
export function createdFilter(value: string): ((createdMs: number) => boolean) | undefined {
  const range = value.split('..');
  if (range.length === 2) {
    const [a = '', b = ''] = range;
    const lo = a === '*' ? -Infinity : span(a)?.[0];
    const hi = b === '*' ? Infinity : span(b)?.[1];
    if (lo === undefined || hi === undefined) return undefined;
    return (t) => t >= lo && t < hi;
  }
  const op = /^(>=|<=|>|<)?(.*)$/.exec(value);
  const bounds = op?.[2] === undefined ? undefined : span(op[2]);
  if (!bounds) return undefined;
  const [from, to] = bounds;
  switch (op?.[1]) {
    case '>=':
      return (t) => t >= from;
    case '>':
      return (t) => t >= to;
    case '<=':
      return (t) => t < to;
    case '<':
      return (t) => t < from;
    default:
      return (t) => t >= from && t < to;
  }
}

export interface Page<T> {
  readonly items: T[];
  readonly page: number;
  readonly perPage: number;
  readonly lastPage: number;
}

/** GitHub clamps per_page to 1..100 (default 30) and treats a bad page as page 1. */
export function paginate<T>(all: readonly T[], query: URLSearchParams): Page<T> {
  const perRaw = Number.parseInt(query.get('per_page') ?? '30', 10);
  const perPage = Number.isNaN(perRaw) || perRaw < 1 ? 30 : Math.min(100, perRaw);
  const pageRaw = Number.parseInt(query.get('page') ?? '1', 10);
  const page = Number.isNaN(pageRaw) || pageRaw < 1 ? 1 : pageRaw;
  const lastPage = Math.max(1, Math.ceil(all.length / perPage));
  return { items: all.slice((page - 1) * perPage, page * perPage), page, perPage, lastPage };
}

/** `<…page=2>; rel="next", <…page=9>; rel="last"` in GitHub's order (prev, next, last, first). */
export function linkHeader(url: URL, page: Page<unknown>): string | undefined {
  const at = (n: number) => {
    const target = new URL(url);
    target.searchParams.set('page', String(n));
    return `<${target.toString()}>`;
  };
  const parts: string[] = [];
  if (page.page > 1) parts.push(`${at(Math.min(page.page - 1, page.lastPage))}; rel="prev"`);
  if (page.page < page.lastPage) parts.push(`${at(page.page + 1)}; rel="next"`, `${at(page.lastPage)}; rel="last"`);
  if (page.page > 1) parts.push(`${at(1)}; rel="first"`);
  return parts.length > 0 ? parts.join(', ') : undefined;
}
