/** Request headers as Node and fetch hand them over; names are matched case-insensitively. */
export type HeaderBag = Readonly<Record<string, string | readonly string[] | undefined>>;

/** The header's value (the first, if repeated), or null when absent or empty. */
export function header(headers: HeaderBag, name: string): string | null {
  const wanted = name.toLowerCase();
  for (const [key, value] of Object.entries(headers)) {
    if (key.toLowerCase() !== wanted || value === undefined) continue;
    const first = typeof value === 'string' ? value : value[0];
    return first === undefined || first.trim() === '' ? null : first.trim();
  }
  return null;
}
