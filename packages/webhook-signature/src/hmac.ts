import { createHmac, timingSafeEqual } from 'node:crypto';

/**
 * Standard Webhooks secrets are `whsec_<base64>` (the key is the decoded bytes); any other
 * secret (a GitHub webhook secret) is its UTF-8 bytes.
 */
export function secretKey(secret: string): Buffer {
  return secret.startsWith('whsec_')
    ? Buffer.from(secret.slice('whsec_'.length), 'base64')
    : Buffer.from(secret, 'utf8');
}

export function hmacSha256(secret: string, ...parts: readonly (string | Uint8Array)[]): Buffer {
  const mac = createHmac('sha256', secretKey(secret));
  for (const part of parts) mac.update(part);
  return mac.digest();
}

/** Constant time for equal lengths; a length difference says nothing about the secret. */
export function sameBytes(a: Uint8Array, b: Uint8Array): boolean {
  return a.length === b.length && timingSafeEqual(a, b);
}
