/**
 * The forms a registered secret value can appear in: as is, URL-encoded, and base64 (standard and
 * URL-safe) at each of the three byte alignments it can have inside a longer base64 text.
 */
export function valueVariants(value: string, minLength: number): string[] {
  // Text is masked line by line: a multi-line value (a key file) is registered line by line.
  if (value.includes('\n')) return value.split(/\r?\n/).flatMap((line) => valueVariants(line.trim(), minLength));
  if (value.length < minLength) return [];
  const out = new Set<string>([value]);
  const encoded = encodeURIComponent(value);
  if (encoded !== value) out.add(encoded);
  const bytes = Buffer.from(value, 'utf8');
  for (let offset = 0; offset < 3; offset++) {
    const usable = Math.floor((bytes.length - offset) / 3) * 3;
    if (usable <= 0) continue;
    const b64 = bytes.subarray(offset, offset + usable).toString('base64');
    if (b64.length < Math.max(minLength, 6)) continue;
    out.add(b64);
    out.add(b64.replace(/\+/g, '-').replace(/\//g, '_'));
  }
  return [...out].sort((a, b) => b.length - a.length);
}
