/**
 * Builders for fake secrets: deterministic pseudo-random bodies, assembled at run time so no
 * secret-shaped literal sits in the repository.
 */
export const ALNUM = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789';
export const HEX = '0123456789abcdef';
export const UPPER_DIGITS = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ234567';

export function aRandom(length: number, alphabet = ALNUM, seed = length * 7919): string {
  let s = seed;
  let out = '';
  for (let i = 0; i < length; i++) {
    s = (s * 1_103_515_245 + 12_345) % 2 ** 31;
    out += alphabet[(s >>> 12) % alphabet.length];
  }
  return out;
}
