import { createHmac, createSecretKey, timingSafeEqual, type KeyObject } from 'node:crypto';

/**
 * Standard Webhooks secrets are `whsec_<base64>` (the key is the decoded bytes); any other
 * secret (a GitHub webhook secret) is its UTF-8 bytes.
 */
export function secretKey(secret: string): Buffer {
  return secret.startsWith('whsec_')
    ? Buffer.from(secret.slice('whsec_'.length), 'base64')
    : Buffer.from(secret, 'utf8');
}

// createHmac with raw key bytes builds a key object on every call (about 4× the cost of the
// HMAC of a small body on Node 24); a server checks the same few secrets again and again.
const KEY_CACHE_LIMIT = 32;
const keyObjects = new Map<string, KeyObject>();

function keyObject(secret: string): KeyObject {
  let key = keyObjects.get(secret);
  if (key === undefined) {
    if (keyObjects.size >= KEY_CACHE_LIMIT) keyObjects.clear();
    key = createSecretKey(secretKey(secret));
    keyObjects.set(secret, key);
  }
  return key;
}

export function hmacSha256(secret: string, ...parts: readonly (string | Uint8Array)[]): Buffer {
  const mac = createHmac('sha256', keyObject(secret));
  for (const part of parts) mac.update(part);
  return mac.digest();
}

/** Constant time for equal lengths; a length difference says nothing about the secret. */
export function sameBytes(a: Uint8Array, b: Uint8Array): boolean {
  return a.length === b.length && timingSafeEqual(a, b);
}
