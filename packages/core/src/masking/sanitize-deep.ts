/** Applies `sanitize` to every string inside a JSON-shaped value, keys included. */
export function sanitizeDeep<T>(value: T, sanitize: (text: string) => string): T {
  if (typeof value === 'string') return sanitize(value) as T;
  if (Array.isArray(value)) return value.map((v: unknown) => sanitizeDeep(v, sanitize)) as T;
  if (value !== null && typeof value === 'object') {
    const out: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(value as Record<string, unknown>)) out[sanitize(k)] = sanitizeDeep(v, sanitize);
    return out as T;
  }
  return value;
}
