/** Shannon entropy of `text` in bits per character (0 for an empty string). */
export function shannonEntropy(text: string): number {
  const n = text.length;
  if (n === 0) return 0;
  const counts = new Map<number, number>();
  for (let i = 0; i < n; i++) {
    const c = text.charCodeAt(i);
    counts.set(c, (counts.get(c) ?? 0) + 1);
  }
  let bits = 0;
  for (const count of counts.values()) {
    const p = count / n;
    bits -= p * Math.log2(p);
  }
  return bits;
}

/** Which character classes a value mixes: lower, upper, digit, other. */
export function charClasses(text: string): { lower: number; upper: number; digit: number; other: number } {
  let lower = 0;
  let upper = 0;
  let digit = 0;
  let other = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c >= 97 && c <= 122) lower++;
    else if (c >= 65 && c <= 90) upper++;
    else if (c >= 48 && c <= 57) digit++;
    else other++;
  }
  return { lower, upper, digit, other };
}

/** A random-looking token: long enough, high entropy, digits mixed with letters of both cases. */
export function looksRandom(text: string, minLength = 16, minEntropy = 3.5): boolean {
  if (text.length < minLength) return false;
  const k = charClasses(text);
  if (k.digit === 0 || k.lower + k.upper === 0) return false;
  if (k.lower === 0 && k.upper === 0) return false;
  return shannonEntropy(text) >= minEntropy;
}
