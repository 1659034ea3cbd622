/** Case-insensitive globs (`*` any run of characters, `?` one) for workflow and branch lists. */
export function globToRegExp(pattern: string): RegExp {
  const body = pattern
    .split('')
    .map((c) => (c === '*' ? '.*' : c === '?' ? '.' : c.replace(/[.+^${}()|[\]\\/]/g, '\\$&')))
    .join('');
  return new RegExp(`^${body}$`, 'i');
}

export function matchesAny(value: string, patterns: readonly string[]): boolean {
  return patterns.some((p) => globToRegExp(p).test(value));
}

/** Allowed when it matches the allow list (empty = everything) and not the deny list. */
export function allowedBy(
  value: string,
  lists: { readonly allow: readonly string[]; readonly deny: readonly string[] },
): boolean {
  if (matchesAny(value, lists.deny)) return false;
  return lists.allow.length === 0 || matchesAny(value, lists.allow);
}
